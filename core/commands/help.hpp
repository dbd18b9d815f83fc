#pragma once
// `/okr help [topic]`: the usage lines each command family declares for its topics,
// assembled in the order of `help_topics`.
#include <span>
#include <string>
#include <string_view>

#include "core/commands/family.hpp"

namespace goalpost::core {

struct HelpCmd { std::string topic; };

// One usage line: `/okr <usage>` and what it does.
struct HelpLine {
    std::string_view topic;  // one of help_topics
    std::string_view usage;
    std::string_view what;
};

// Every topic, in the order help shows them.
std::span<const std::string_view> help_topics();

ParseResult parse_help(Cursor& in);
Outcome handle(const HelpCmd& c, Context& cx);

}  // namespace goalpost::core
