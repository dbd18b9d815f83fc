#pragma once
// The /okr grammar (SPEC.md) parsed into a Command value. Parsing never touches
// storage; a mistake comes back as a UserError written for the person who typed it.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/types.hpp"

namespace goalpost::core {

// What the user did wrong and what to type instead. Both are message markup (message.hpp):
// any text the user typed in them went through escape_text.
struct UserError {
    std::string what;  // "KR-99 doesn't exist in this workspace."
    std::string hint;  // "/okr list mine" (a command to type), may be empty
};

struct HelpCmd { std::string topic; };
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
struct DigestCmd {
    std::optional<std::string> team;
};
struct SummaryCmd {
    std::optional<std::string> team;
    std::optional<std::string> month;  // "2027-01"
};
struct ObjectiveAddCmd {
    std::string title;
    std::optional<std::string> team;
    std::optional<int> parent;  // O-<n>
    std::optional<std::string> cycle;
    std::optional<Visibility> visibility;
    std::optional<ObjectiveKind> kind;
};
struct KrAddCmd {
    int objective = 0;  // O-<n>
    std::string title;
    bool binary = false;
    std::optional<double> from;
    std::optional<double> to;
    std::string unit;
    std::optional<std::string> due;
    std::optional<std::string> owner;
};
struct CheckinCmd {
    int kr = 0;  // KR-<n>
    double value = 0;
    std::optional<int> confidence;  // 1..10
    std::string note;
};
struct ListCmd {
    enum class Scope { mine, team, all };
    Scope scope = Scope::mine;
    std::optional<std::string> team;
    std::optional<std::string> cycle;  // "2027-Q1" or a custom cycle's name; default: the current cycle
};
struct ShowCmd {
    bool objective = true;  // false: key result
    int number = 0;
    bool history = false;   // "show KR-7 history": the edit audit trail
};
struct WinCmd {
    std::string title;
    std::optional<std::string> team;
    std::optional<int> kr;
};
struct EditCmd {
    bool objective = true;  // false: key result
    int number = 0;
    std::optional<std::string> title;
    std::optional<double> to;
    std::optional<std::string> due;  // "" clears it (due=none)
    std::optional<std::string> owner;
    std::optional<Visibility> visibility;
    std::optional<ObjectiveKind> kind;
    std::string reason;
};
struct ArchiveCmd {
    int objective = 0;
    std::string reason;
};
struct GradeCmd {
    struct Override {
        int kr = 0;
        double score = 0;  // 0..1
        std::string reason;
    };
    int objective = 0;
    std::vector<Override> overrides;
};
struct RetroCmd {
    int objective = 0;
    std::string text;
};
struct TreeCmd {
    std::optional<std::string> team;
    std::optional<std::string> cycle;  // default: the current cycle
};
// Custom cycles: /okr cycle add NAME start=YYYY-MM-DD end=YYYY-MM-DD | cycle list | cycle remove NAME
struct CycleAddCmd {
    std::string name;
    std::string start;  // YYYY-MM-DD
    std::string end;    // YYYY-MM-DD, inclusive
};
struct CycleListCmd {};
struct CycleRemoveCmd {
    std::string name;
};
struct TemplateCmd {
    std::string name;  // empty: list the templates
};
struct CarryCmd {
    int objective = 0;
    std::optional<std::string> cycle;  // default: the cycle after the objective's
};

using Command = std::variant<HelpCmd, TeamCreateCmd, TeamMembersCmd, TeamSetCmd, ObjectiveAddCmd, KrAddCmd,
                             CheckinCmd, ListCmd, ShowCmd, DigestCmd, SummaryCmd, WinCmd, EditCmd, ArchiveCmd,
                             GradeCmd, RetroCmd, TreeCmd, TemplateCmd, CarryCmd, TeamLeadCmd, TeamShowCmd,
                             CycleAddCmd, CycleListCmd, CycleRemoveCmd>;

struct ParseResult {
    std::optional<Command> command;
    std::optional<UserError> error;
};

// `text` is what followed the slash command (Slack's `text` field).
ParseResult parse_command(std::string_view text, std::string_view command_name = "/okr");

// "O-3", "o3", "KR-7", "kr7": the number, when the prefix matches.
std::optional<int> parse_ref(std::string_view token, std::string_view prefix);

}  // namespace goalpost::core
