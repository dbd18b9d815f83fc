#pragma once
// Plain HTTP request/response values, so request handling is a function that tests call
// without a socket and without compiling Beast.
#include <string>
#include <utility>
#include <vector>

namespace goalpost::bot {

struct HttpRequest {
    std::string method;  // "GET", "POST"
    std::string target;  // path and query
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    // Case-insensitive header lookup; empty when absent.
    const std::string& header(std::string_view name) const;
    std::string path() const;  // target without the query
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

}  // namespace goalpost::bot
