#pragma once
// Blocking HTTP(S) POSTs for outbound delivery (Slack Web API, Teams webhooks).
// An interface so delivery logic is tested against fakes; the real one is Beast + OpenSSL
// with certificate verification, plain http:// allowed for loopback test doubles.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace goalpost::bot {

struct PostResult {
    bool network_error = false;   // could not connect, TLS failure, timeout, connection dropped
    std::string error;            // for logs; never contains the token
    int status = 0;               // HTTP status when a response arrived
    std::string body;
    std::optional<int> retry_after_seconds;  // from a Retry-After header
};

class OutboundHttp {
public:
    virtual ~OutboundHttp() = default;
    // headers: e.g. {"Authorization", "Bearer xoxb-..."}; body sent as application/json; charset=utf-8.
    virtual PostResult post(const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body) = 0;
};

std::unique_ptr<OutboundHttp> make_outbound_http(std::chrono::seconds timeout);

}  // namespace goalpost::bot
