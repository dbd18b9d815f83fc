#include "bot/slack/signature.hpp"

#include <charconv>

#include "bot/crypto/hmac.hpp"
#include "core/text.hpp"

namespace goalpost::bot {

const char* describe(SignatureCheck c) {
    switch (c) {
        case SignatureCheck::ok: return "ok";
        case SignatureCheck::missing: return "missing signature or timestamp header";
        case SignatureCheck::malformed: return "malformed signature or timestamp";
        case SignatureCheck::stale: return "timestamp more than 300 s from now";
        case SignatureCheck::mismatch: return "signature does not match";
    }
    return "?";
}

std::string slack_signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
    return "v0=" + crypto::to_hex(crypto::hmac_sha256(secret, {"v0:", timestamp, ":", body}));
}

SignatureCheck verify_slack_signature(std::string_view secret, std::string_view timestamp,
                                      std::string_view signature, std::string_view body, core::Time now,
                                      std::chrono::seconds tolerance) {
    if (timestamp.empty() || signature.empty()) return SignatureCheck::missing;
    long long ts = 0;
    auto [p, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
    if (ec != std::errc{} || p != timestamp.data() + timestamp.size() || ts < 0) return SignatureCheck::malformed;
    if (!signature.starts_with("v0=") || signature.size() != 3 + 64) return SignatureCheck::malformed;
    long long skew = now.time_since_epoch().count() - ts;
    if (skew > tolerance.count() || -skew > tolerance.count()) return SignatureCheck::stale;
    std::string expected = slack_signature(secret, timestamp, body);
    std::string given = core::ascii_lower(signature);
    if (!crypto::equal_constant_time(expected, given)) return SignatureCheck::mismatch;
    return SignatureCheck::ok;
}

}  // namespace goalpost::bot
