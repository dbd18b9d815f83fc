#pragma once
// Form bodies (application/x-www-form-urlencoded), as Slack sends slash commands and
// interactions.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace goalpost::bot {

// application/x-www-form-urlencoded: '+' is a space, %2B a plus. nullopt when malformed.
// A repeated key keeps its first value.
std::optional<std::map<std::string, std::string>> parse_form(std::string_view body);

}  // namespace goalpost::bot
