#pragma once
// `/okr token create NAME [scope=team:NAME] | list | revoke NAME`: the REST API's bearer
// tokens, managed by admins in chat. A new token's secret is shown once, to the admin alone.
#include <optional>
#include <string>

#include "core/commands/family.hpp"

namespace goalpost::core {

struct TokenCreateCmd {
    std::string name;                 // [a-z0-9_-], 1..32 characters
    std::optional<std::string> team;  // scope=team:NAME
};
struct TokenListCmd {};
struct TokenRevokeCmd {
    std::string name;
};

// After the verb `token`.
ParseResult parse_token(Cursor& in);
std::span<const HelpLine> token_help();

Outcome handle(const TokenCreateCmd& c, Context& cx);
Outcome handle(const TokenListCmd& c, Context& cx);
Outcome handle(const TokenRevokeCmd& c, Context& cx);

}  // namespace goalpost::core
