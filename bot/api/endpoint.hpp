#pragma once
// The REST API under /api/v1/ (SPEC.md, The REST API): bearer tokens an admin creates in chat,
// check-ins that are the same core command as `/okr checkin` (same parsing, pace, posts and
// celebrations, recorded as by "api:NAME"), and reads by the same visibility rules as chat.
// Every error is {"error":{"code","message"}}.
#include <string>
#include <string_view>

#include "bot/http/types.hpp"
#include "bot/service/edge.hpp"
#include "core/ports.hpp"

namespace goalpost::storage {
class ApiAccess;
}  // namespace goalpost::storage

namespace goalpost::bot {

// A new token: "gp_" and 32 random bytes in base64url; the hash is what the database keeps.
core::IssuedToken issue_api_token();
// Hex SHA-256 of what a caller sent as its bearer token.
std::string api_token_hash(std::string_view secret);

// {"error":{"code":...,"message":...}} with `status`.
HttpResponse api_error(int status, std::string_view code, std::string_view message);

// The OpenAPI 3.1 document (bot/api/openapi.json, compiled in).
const std::string& openapi_document();

class ApiEndpoint {
public:
    ApiEndpoint(EdgeContext& edge, storage::ApiAccess& access) : edge_(edge), access_(access) {}

    // Any request whose path starts with /api/; may block on the database.
    HttpResponse handle(const HttpRequest& request, core::Time now) const;

    // How long an Idempotency-Key's answer is kept.
    static constexpr std::chrono::hours idempotency_keep{24};

private:
    EdgeContext& edge_;
    storage::ApiAccess& access_;
};

}  // namespace goalpost::bot
