#pragma once
// Blocking HTTP(S) requests: POSTs for outbound delivery (Slack Web API, Teams webhooks), and
// any method for the key-result sources (Jira, GitHub, ... reads).
// An interface so delivery logic is tested against fakes; the real one is Beast + OpenSSL
// with certificate verification, plain http:// allowed for loopback test doubles.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace goalpost::bot {

struct PostResult {
    bool network_error = false;   // could not connect, TLS failure, timeout, connection dropped
    std::string error;            // for logs; never contains the token
    int status = 0;               // HTTP status when a response arrived
    std::string body;
    std::optional<int> retry_after_seconds;  // from a Retry-After header
    // Every response header, names in lower case (x-ratelimit-reset, content-type, ...).
    std::vector<std::pair<std::string, std::string>> headers;

    // The value of header `name` (lower case), if the response had it.
    std::optional<std::string> header(std::string_view name) const {
        for (const auto& [n, v] : headers) {
            if (n == name) return v;
        }
        return std::nullopt;
    }
};

// A request of any method. `content_type` is sent when the body is not empty.
struct OutboundRequest {
    std::string method = "GET";
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type = "application/json; charset=utf-8";
};

class OutboundHttp {
public:
    virtual ~OutboundHttp() = default;
    // headers: e.g. {"Authorization", "Bearer xoxb-..."}; body sent as application/json; charset=utf-8.
    virtual PostResult post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body) = 0;
    // Any method; the real client implements it, a delivery fake need not (its answer says so).
    virtual PostResult send(const OutboundRequest& request) {
        if (request.method == "POST") return post(request.url, request.headers, request.body);
        PostResult unsupported;
        unsupported.error = "this client sends POST only";
        return unsupported;
    }
};

std::unique_ptr<OutboundHttp> make_outbound_http(std::chrono::seconds timeout);

}  // namespace goalpost::bot
