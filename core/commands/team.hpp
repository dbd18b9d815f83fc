#pragma once
// `/okr team create | add | remove | lead | show | set`: teams, their members and leads,
// their channel and cadence.
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct TeamCreateCmd {
    std::string name;
    std::optional<std::string> channel;
    std::optional<std::string> timezone;
    std::optional<std::string> parent;
};
struct TeamMembersCmd {
    bool add = true;  // false: remove
    std::string name;
    std::vector<std::string> users;  // user ids
};
struct TeamLeadCmd {
    bool on = true;  // false: "off", take the lead role away
    std::string name;
    std::vector<std::string> users;  // user ids
};
struct TeamShowCmd {
    std::string name;
};
struct TeamSetCmd {
    std::string name;
    std::optional<std::string> channel;
    std::optional<std::string> stakeholders;
    std::optional<std::string> timezone;
    std::optional<std::string> reminder;  // "mon 09:00" | "off", validated by the parser
    std::optional<std::string> digest;
    std::optional<std::string> summary;   // "1 10:00" | "off"
    std::optional<std::string> teams_webhook;  // "" to remove
};

// After the verb `team`.
ParseResult parse_team(Cursor& in);
std::span<const HelpLine> team_help();

Outcome handle(const TeamCreateCmd& c, Context& cx);
Outcome handle(const TeamMembersCmd& c, Context& cx);
Outcome handle(const TeamLeadCmd& c, Context& cx);
Outcome handle(const TeamShowCmd& c, Context& cx);
Outcome handle(const TeamSetCmd& c, Context& cx);

}  // namespace goalpost::core
