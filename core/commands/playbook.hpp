#pragma once
// The OKR playbook around the numbers. playbook_changes.cpp: `/okr win`, `/okr edit` (with
// its audit trail, shown by `show ... history`) and `/okr archive`. playbook_grading.cpp:
// `/okr grade`, `/okr retro` and `/okr carry`.
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/playbook.hpp"
#include "core/types.hpp"

namespace goalpost::core {

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
struct CarryCmd {
    int objective = 0;
    std::optional<std::string> cycle;  // default: the cycle after the objective's
};

// After the verbs `win`, `edit` and `archive` (playbook_changes.cpp).
ParseResult parse_win(Cursor& in);
ParseResult parse_edit(Cursor& in);
ParseResult parse_archive(Cursor& in);
std::span<const HelpLine> playbook_changes_help();

Outcome handle(const WinCmd& c, Context& cx);
Outcome handle(const EditCmd& c, Context& cx);
Outcome handle(const ArchiveCmd& c, Context& cx);

// The edit history of "O-3" or "KR-7" titled `title`, newest last.
Message history_message(const std::string& what, const std::string& title, const std::vector<EditRecord>& records);

// After the verbs `grade`, `retro` and `carry` (playbook_grading.cpp).
ParseResult parse_grade(Cursor& in);
ParseResult parse_retro(Cursor& in);
ParseResult parse_carry(Cursor& in);
std::span<const HelpLine> playbook_grading_help();

Outcome handle(const GradeCmd& c, Context& cx);
Outcome handle(const RetroCmd& c, Context& cx);
Outcome handle(const CarryCmd& c, Context& cx);

}  // namespace goalpost::core
