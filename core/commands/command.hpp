#pragma once
// The /okr commands as plain values: the variant of every family's commands (each family's
// header declares its own) and what a parser returns, a command or the UserError
// (family.hpp) to answer with. Parsing never touches storage.
#include <optional>
#include <string>
#include <type_traits>
#include <variant>

#include "core/commands/alignment.hpp"
#include "core/commands/checkin.hpp"
#include "core/commands/cycle.hpp"
#include "core/commands/dashboard.hpp"
#include "core/commands/family.hpp"
#include "core/commands/help.hpp"
#include "core/commands/key_result.hpp"
#include "core/commands/objective.hpp"
#include "core/commands/playbook.hpp"
#include "core/commands/previews.hpp"
#include "core/commands/source.hpp"
#include "core/commands/team.hpp"
#include "core/commands/template.hpp"
#include "core/commands/token.hpp"
#include "core/commands/views.hpp"

namespace goalpost::core {

using Command = std::variant<HelpCmd, TeamCreateCmd, TeamMembersCmd, TeamSetCmd, ObjectiveAddCmd, KrAddCmd,
                             CheckinCmd, ListCmd, ShowCmd, DigestCmd, SummaryCmd, WinCmd, EditCmd, ArchiveCmd,
                             GradeCmd, RetroCmd, TreeCmd, TemplateCmd, CarryCmd, TeamLeadCmd, TeamShowCmd,
                             CycleAddCmd, CycleListCmd, CycleRemoveCmd, TokenCreateCmd, TokenListCmd,
                             TokenRevokeCmd, KrSourceCmd, KrSyncCmd, DashboardCmd>;

// Exactly one of the two is set.
struct ParseResult {
    ParseResult(UserError e) : error(std::move(e)) {}  // NOLINT: implicit, a parser returns either
    template <class C, class = std::enable_if_t<std::is_constructible_v<Command, C&&>>>
    ParseResult(C&& c) : command(std::forward<C>(c)) {}  // NOLINT: implicit, any command

    std::optional<Command> command;
    std::optional<UserError> error;
};

}  // namespace goalpost::core
