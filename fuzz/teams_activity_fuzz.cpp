// Teams' side of the edge on arbitrary bytes: bot::parse_teams_activity (the outgoing
// webhook's Activity JSON), the text clean-up, timestamps, base64 and the HMAC check never
// crash; an accepted Activity has what goalpost keys on (id, tenant, sender); its command
// text goes through the /okr parser; a body signed with the right key verifies and the
// same body with any other signature does not.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/teams/signature.hpp"
#include "bot/crypto/hmac.hpp"
#include "bot/teams/activity.hpp"
#include "core/commands/dispatch.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace goalpost;

namespace {

// base64 of the 32 bytes 00 01 .. 1f (tests/support/teams_request.hpp).
constexpr std::string_view secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);

    const bot::ParsedActivity parsed = bot::parse_teams_activity(body);
    if (parsed.activity) {
        const bot::TeamsActivity& a = *parsed.activity;
        FUZZ_CHECK(!a.id.empty() && !a.tenant.empty() && !a.user_id.empty(), "an accepted Activity has its keys");
        const core::ParseResult command = core::parse_command(a.text);
        FUZZ_CHECK(command.command.has_value() != command.error.has_value(), "a command or an error");
    } else {
        FUZZ_CHECK(!parsed.problem.empty(), "a refused Activity says why");
    }

    std::string bot_name;
    (void)bot::clean_teams_text(body, {{"<at>Ana</at>", "aad-ana"}}, &bot_name);
    (void)bot::parse_activity_time(body);

    const std::string encoded = bot::crypto::base64_encode(body);
    const auto decoded = bot::crypto::base64_decode(encoded);
    FUZZ_CHECK(decoded && *decoded == body, "base64 round trip");
    (void)bot::crypto::base64_decode(body);

    (void)bot::verify_teams_signature(secret, body, body);
    const std::string signature = bot::teams_signature(secret, body);
    FUZZ_CHECK(bot::verify_teams_signature(secret, signature, body) == bot::TeamsSignatureCheck::ok,
               "the right HMAC verifies");
    FUZZ_CHECK(bot::verify_teams_signature(secret, signature, body + " ") != bot::TeamsSignatureCheck::ok,
               "a changed body is refused");
    return 0;
}
