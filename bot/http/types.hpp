#pragma once
// Plain HTTP request/response values, so request handling is a function that tests call
// without a socket and without compiling Beast.
#include <functional>
#include <string>
#include <utility>
#include <variant>
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

// The rest of a request's handling when it may block: it waits for its write's group commit
// (storage/group_commit.hpp) or calls another service. The server runs it on its worker pool,
// never on an I/O thread.
using BlockingWork = std::function<HttpResponse()>;

// What a handler gives back on the I/O thread: the response, or the work that produces it.
using Answer = std::variant<HttpResponse, BlockingWork>;

// Runs the work, if any, on the calling thread: for callers without a server (tests, the CLI).
HttpResponse finish(Answer answer);

HttpResponse json_response(int status, std::string body);
// {"error":"<message>"}: `message` is one of goalpost's own short phrases, never user text.
HttpResponse json_error(int status, std::string_view message);

}  // namespace goalpost::bot
