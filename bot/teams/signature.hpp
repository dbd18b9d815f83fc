#pragma once
// Microsoft Teams outgoing-webhook signatures.
#include <string>
#include <string_view>

namespace goalpost::bot {

enum class TeamsSignatureCheck { ok, missing, malformed, mismatch };
const char* describe(TeamsSignatureCheck c);

// Teams outgoing webhook: `Authorization: HMAC <base64>`, the HMAC-SHA256 of the raw body
// keyed with the base64-DECODED security token Teams showed when the webhook was created
// (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-outgoing-webhook).
// The MACs are compared in constant time. A secret that is not base64 matches nothing.
TeamsSignatureCheck verify_teams_signature(std::string_view base64_secret, std::string_view authorization,
                                           std::string_view body);

// "HMAC <base64>" for the given body (for tests and try-it tools); empty when the secret
// is not base64.
std::string teams_signature(std::string_view base64_secret, std::string_view body);

}  // namespace goalpost::bot
