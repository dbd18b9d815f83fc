#include "bot/teams/signature.hpp"

#include <optional>

#include "bot/crypto/hmac.hpp"
#include "core/text.hpp"

namespace goalpost::bot {
namespace {

using core::is_ascii_space;

// The MAC of `body` keyed with the base64-decoded secret; nullopt when the secret is not base64.
std::optional<std::string> mac_of(std::string_view base64_secret, std::string_view body) {
    auto key = crypto::base64_decode(base64_secret);
    if (!key || key->empty()) return std::nullopt;
    return crypto::hmac_sha256(*key, {body});
}

}  // namespace

const char* describe(TeamsSignatureCheck c) {
    switch (c) {
        case TeamsSignatureCheck::ok: return "ok";
        case TeamsSignatureCheck::missing: return "teams: missing Authorization header";
        case TeamsSignatureCheck::malformed: return "teams: Authorization is not HMAC and a base64 SHA-256";
        case TeamsSignatureCheck::mismatch: return "teams: signature does not match";
    }
    return "?";
}

std::string teams_signature(std::string_view base64_secret, std::string_view body) {
    auto mac = mac_of(base64_secret, body);
    return mac ? "HMAC " + crypto::base64_encode(*mac) : std::string();
}

TeamsSignatureCheck verify_teams_signature(std::string_view base64_secret, std::string_view authorization,
                                           std::string_view body) {
    auto header = core::trim_ascii(authorization);
    if (header.empty()) return TeamsSignatureCheck::missing;
    if (core::ascii_lower(header.substr(0, 4)) != "hmac" || header.size() < 5 || !is_ascii_space(header[4])) {
        return TeamsSignatureCheck::malformed;
    }
    auto given = crypto::base64_decode(core::trim_ascii(header.substr(5)));
    if (!given || given->size() != crypto::sha256_bytes) return TeamsSignatureCheck::malformed;
    auto expected = mac_of(base64_secret, body);
    if (!expected || !crypto::equal_constant_time(*expected, *given)) return TeamsSignatureCheck::mismatch;
    return TeamsSignatureCheck::ok;
}

}  // namespace goalpost::bot
