#pragma once
// What a command runs with and what it answers: the asker and the repositories in, a Message
// (and posts for team channels) out; and the lookups every command family shares, each
// answering with the UserError to reply with when the asker may not have what they asked for.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/access.hpp"
#include "core/commands/command.hpp"
#include "core/message.hpp"
#include "core/okr/cycles.hpp"
#include "core/ports.hpp"
#include "core/sources.hpp"

namespace goalpost::core {

struct HandlerContext {
    Repositories repos;
    Actor actor;
    Time now{};
    std::vector<std::string> admins;  // empty: anyone may manage teams
    std::string command_name = "/okr";
    // Set when the asker is a REST API token (actor.user_id "api:NAME"), not a person.
    std::optional<ApiGrant> api{};
    // A new API token's secret and its hash (`token create`); the edge sets it.
    std::function<IssuedToken()> issue_token{};
    // Key-result sources (`kr source`, `kr sync`); the edge sets it when it can read them.
    const SourceHooks* sources = nullptr;
    // The asker is a KR's source (actor "source:KIND"), recording what it read: it sees every
    // objective and checks in on any key result.
    bool source_reading = false;
    // Answers the asker again after the command's own answer (Slack: the response_url), for a
    // command whose work outlasts the platform's wait; empty where there is no such way.
    std::function<void(const Message&)> reply_later{};
    // Signs a dashboard link and gives its URL; nothing when server.public_url is not set.
    // The edge sets it (`/okr dashboard`).
    std::function<std::optional<std::string>(const DashboardLink&)> dashboard_link{};
};

struct Outcome {
    Outcome() = default;
    Outcome(Message m, bool recorded = false) : message(std::move(m)), checkin_recorded(recorded) {}  // NOLINT: implicit on purpose
    Outcome(const UserError& e);  // NOLINT: implicit on purpose, a refusal is answered as an error message
    Message message;
    std::optional<UserError> refusal;  // set when the command was refused (message says why)
    // After a check-in: its key result as it is now and the team of its objective, for callers
    // that answer and post on their own (the REST API).
    std::optional<KeyResult> checked_in;
    RowId team_id = 0;
    bool checkin_recorded = false;
    std::vector<Announcement> announcements;
};

// "⚠️ what" plus "Try: `hint`", ephemeral.
Message error_message(const UserError& error);

// True when `name` is an IANA time zone this machine knows.
bool known_timezone(const std::string& name);

struct KrAndObjective {
    KeyResult kr;
    Objective objective;
};

// One command's view of its workspace: the asker, the repositories, and what is read at
// most once per command (who the asker is to the teams, the workspace's cycles).
class Context {
public:
    explicit Context(const HandlerContext& in) : in_(in) {}

    const Repositories& repos() const { return in_.repos; }
    const WorkspaceKey& ws() const { return in_.actor.workspace; }
    const Actor& actor() const { return in_.actor; }
    const std::string& user() const { return in_.actor.user_id; }
    Time now() const { return in_.now; }
    const std::string& command_name() const { return in_.command_name; }
    const std::function<IssuedToken()>& issue_token() const { return in_.issue_token; }
    const SourceHooks* sources() const { return in_.sources; }
    const std::function<void(const Message&)>& reply_later() const { return in_.reply_later; }
    const std::function<std::optional<std::string>(const DashboardLink&)>& dashboard_link() const {
        return in_.dashboard_link;
    }
    // "/okr <rest>": a command to type, for hints.
    std::string cmd(std::string_view rest) const;

    // Read when first needed.
    const Viewer& viewer();
    const CycleCalendar& calendar();
    // After a custom cycle was added or removed.
    void forget_calendar() { calendar_.reset(); }

    // The named cycle (a custom one of this workspace, or a calendar quarter).
    UserResult<CycleSpan> cycle_named(const std::string& name, std::string_view usage);
    // The named cycle, or the current one.
    UserResult<CycleSpan> cycle_or_current(const std::optional<std::string>& name, std::string_view usage);

    UserResult<Team> team_named(const std::string& name);
    // The named team, or the asker's only team.
    UserResult<Team> team_or_mine(const std::optional<std::string>& name, std::string_view usage);
    std::string team_name_of(RowId team_id);
    // The team's time zone as its cadence settings say, else as it was created.
    std::string timezone_of(const Team& team);

    // The objective or key result if the asker may see it; else "doesn't exist", as for one
    // that does not.
    UserResult<Objective> visible_objective(int number, std::string_view hint = "list all");
    UserResult<KrAndObjective> visible_kr(int number);
    // A visible objective the asker may look after; `what` names the change ("archive").
    UserResult<Objective> objective_to_look_after(int number, std::string_view what);
    UserError not_looking_after(const Objective& o, std::string_view what);
    // "You aren't a member": the hint adds the asker to the team.
    UserError join_hint(std::string what, const std::string& team_name) const;

    UserError unknown_team(const std::string& name);
    UserError admin_only(std::string_view what = "teams") const;
    UserError playbook_missing() const;
    UserError schedules_missing() const;

private:
    const HandlerContext& in_;
    std::optional<Viewer> viewer_;
    std::optional<CycleCalendar> calendar_;
};

}  // namespace goalpost::core
