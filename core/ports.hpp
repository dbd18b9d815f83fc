#pragma once
// Ports: what core needs from storage. storage/ implements them (on SQLite today);
// every method is atomic (one transaction) and scoped to one workspace.
// Failures of the environment (disk, busy database) are thrown as exceptions
// and handled at the edge; "not found" is an empty optional.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/schedule/cadence.hpp"
#include "core/types.hpp"

namespace goalpost::core {

class TeamRepository {
public:
    virtual ~TeamRepository() = default;
    // nullopt when a team of that name already exists in the workspace.
    virtual std::optional<Team> create_team(const WorkspaceKey& ws, const NewTeam& team) = 0;
    virtual std::optional<Team> find_team(const WorkspaceKey& ws, const std::string& name) = 0;
    virtual std::optional<Team> find_team_by_id(const WorkspaceKey& ws, RowId id) = 0;
    virtual std::vector<Team> teams(const WorkspaceKey& ws) = 0;
    virtual std::vector<Team> teams_of_member(const WorkspaceKey& ws, const std::string& user_id) = 0;
    // true when the membership changed.
    virtual bool add_member(const WorkspaceKey& ws, RowId team_id, const std::string& user_id, Time at) = 0;
    virtual bool remove_member(const WorkspaceKey& ws, RowId team_id, const std::string& user_id) = 0;
    virtual std::vector<std::string> members(const WorkspaceKey& ws, RowId team_id) = 0;
    // Leads are members with the lead role: they (and no one else outside the team) see and
    // look after the internal objectives of every team below theirs. Making someone a lead
    // adds them as a member when they are not one; `lead = false` keeps the membership.
    // true when anything changed.
    virtual bool set_lead(const WorkspaceKey& ws, RowId team_id, const std::string& user_id, bool lead, Time at) = 0;
    virtual std::vector<std::string> leads(const WorkspaceKey& ws, RowId team_id) = 0;
    virtual std::vector<Team> teams_led_by(const WorkspaceKey& ws, const std::string& user_id) = 0;
};

// The workspace's custom cycles (calendar quarters are built in and have no rows).
class CycleRepository {
public:
    virtual ~CycleRepository() = default;
    // nullopt when a cycle of that name (in any case) already exists in the workspace.
    virtual std::optional<Cycle> add_cycle(const WorkspaceKey& ws, const NewCycle& cycle) = 0;
    // By name, in any case.
    virtual std::optional<Cycle> find_cycle(const WorkspaceKey& ws, const std::string& name) = 0;
    // Ordered by start date, then name.
    virtual std::vector<Cycle> cycles(const WorkspaceKey& ws) = 0;
    enum class Removal { removed, not_found, in_use };
    // Removes the cycle unless an objective (archived ones too) is in it; checked and done in
    // one transaction.
    virtual Removal remove_cycle(const WorkspaceKey& ws, const std::string& name) = 0;
    // How many objectives (archived ones too) are in the cycle.
    virtual int objectives_in_cycle(const WorkspaceKey& ws, const std::string& name) = 0;
};

// Objectives and their key results form one aggregate.
class ObjectiveRepository {
public:
    virtual ~ObjectiveRepository() = default;
    virtual Objective add_objective(const WorkspaceKey& ws, const NewObjective& objective) = 0;
    virtual std::optional<Objective> find_objective(const WorkspaceKey& ws, int number) = 0;
    virtual std::vector<Objective> objectives_of_team(const WorkspaceKey& ws, RowId team_id) = 0;
    virtual KeyResult add_key_result(const WorkspaceKey& ws, const NewKeyResult& kr) = 0;
    virtual std::optional<KeyResult> find_key_result(const WorkspaceKey& ws, int number) = 0;
    virtual std::vector<KeyResult> key_results_of(const WorkspaceKey& ws, RowId objective_id) = 0;
    // The key results of every objective of the team that is not archived (team_id 0: of the
    // objectives of no team), by objective number, then KR number: one query, not one per
    // objective.
    virtual std::vector<KeyResult> key_results_of_team(const WorkspaceKey& ws, RowId team_id) = 0;
    virtual std::vector<KeyResult> key_results_owned_by(const WorkspaceKey& ws, const std::string& user_id) = 0;
};

// How many check-ins a person made in one local ISO week on the KRs of a team's objectives.
struct CheckinWeek {
    std::string user_id;
    std::string week;  // "2026-W40", in the team's time zone (week_key)
    int checkins = 0;
};

// The lowest and highest values a KR's check-ins held.
struct ValueRange {
    double lowest = 0;
    double highest = 0;
};

class CheckinRepository {
public:
    virtual ~CheckinRepository() = default;
    // Inserts the check-in and moves the KR's current value in one transaction;
    // returns only after it committed. Returns the KR as it is now.
    virtual KeyResult record_checkin(const WorkspaceKey& ws, const NewCheckin& checkin) = 0;
    // Newest first.
    virtual std::vector<Checkin> checkins_of(const WorkspaceKey& ws, RowId kr_id, int limit) = 0;
    // Newest first, only those made before `before` (a page of the REST API's history).
    virtual std::vector<Checkin> checkins_before(const WorkspaceKey& ws, RowId kr_id, Time before, int limit) = 0;
    // The range of values of the KR's check-ins other than its latest (by time, then
    // insertion); nullopt when it has fewer than two. Reads two index entries, whatever the
    // history.
    virtual std::optional<ValueRange> values_before_latest(const WorkspaceKey& ws, RowId kr_id) = 0;
    // The team's check-ins counted per person and week, for the weeks first_week..last_week
    // (inclusive; keys compare in time order), in no particular order. Kept up to date with
    // every check-in, so it reads at most (weeks x people) rows, whatever the history.
    virtual std::vector<CheckinWeek> checkin_weeks(const WorkspaceKey& ws, RowId team_id,
                                                   const std::string& first_week, const std::string& last_week) = 0;
};

// A team's channel and cadence (SPEC.md, `/okr team set`).
struct TeamSettings {
    std::string channel;
    std::string stakeholder_channel;
    Cadence cadence;  // includes the team's time zone
    bool has_teams_webhook = false;  // the URL itself is a secret and stays in storage
};

struct TeamSettingsChange {
    std::optional<std::string> channel;
    std::optional<std::string> stakeholder_channel;
    std::optional<std::string> timezone;
    std::optional<WeeklyAt> reminder;
    std::optional<WeeklyAt> digest;
    std::optional<MonthlyAt> summary;
    std::optional<std::string> teams_webhook_url;  // "" removes it
};

class CadenceRepository {
public:
    virtual ~CadenceRepository() = default;
    virtual std::optional<TeamSettings> settings_of(const WorkspaceKey& ws, RowId team_id) = 0;
    virtual void update_settings(const WorkspaceKey& ws, RowId team_id, const TeamSettingsChange& change) = 0;
};

// What digests and summaries read: history over a window.
class ReportRepository {
public:
    virtual ~ReportRepository() = default;
    // Check-ins on the KRs of the team's objectives with from <= at < to, oldest first: who,
    // which KR, which value and when; without confidence and note (what reports need, read
    // from an index alone).
    virtual std::vector<Checkin> checkins_of_team(const WorkspaceKey& ws, RowId team_id, Time from, Time to) = 0;
    // The KR's value as of instant t: its latest check-in before t; nullopt when none.
    virtual std::optional<double> value_before(const WorkspaceKey& ws, RowId kr_id, Time t) = 0;
    // value_before for every KR of the team's objectives that are not archived, in one query:
    // by KR row id; a KR without a check-in before t is absent.
    virtual std::map<RowId, double> values_before(const WorkspaceKey& ws, RowId team_id, Time t) = 0;
    // The newest `per_kr` check-ins of each KR of the team's objectives that are not archived
    // (a few more when several share the oldest instant kept), in one query: by KR row id,
    // newest first (as checkins_of returns them); without their notes.
    virtual std::map<RowId, std::vector<Checkin>> recent_checkins_of_team(const WorkspaceKey& ws, RowId team_id,
                                                                          int per_kr) = 0;
};

class PlaybookRepository;  // core/playbook.hpp
class SourceRepository;    // core/sources.hpp

// REST API tokens (`/okr token ...`). The secret is shown once and never stored: the
// repository keeps its hash (storage::ApiAccess finds a token by it).
struct IssuedToken {
    std::string secret;  // what the admin copies: "gp_" and 43 base64url characters
    std::string hash;    // hex SHA-256 of the secret
};

struct ApiToken {
    RowId id = 0;
    std::string name;
    std::optional<RowId> scope_team_id;  // scope=team:NAME
    std::string created_by;
    Time created_at{};
    std::optional<Time> last_used_at;
};

struct NewApiToken {
    std::string name;
    std::string hash;
    std::optional<RowId> scope_team_id;
    std::string created_by;
    Time at{};
};

class ApiTokenRepository {
public:
    virtual ~ApiTokenRepository() = default;
    // nullopt when the workspace has a token of that name already (one not revoked).
    virtual std::optional<ApiToken> create_token(const WorkspaceKey& ws, const NewApiToken& token) = 0;
    // The tokens not revoked, by name.
    virtual std::vector<ApiToken> tokens(const WorkspaceKey& ws) = 0;
    // false when the workspace has no such token (or it was revoked already).
    virtual bool revoke_token(const WorkspaceKey& ws, const std::string& name, Time at) = 0;
};

struct Repositories {
    TeamRepository& teams;
    ObjectiveRepository& objectives;
    CheckinRepository& checkins;
    // storage::Storage::repositories() fills in every one; commands that need one say so
    // when it is absent (a test's partial set, a database left at an older schema).
    CadenceRepository* cadence = nullptr;
    ReportRepository* reports = nullptr;
    // Wins, edits, grades, retros, carry-over.
    PlaybookRepository* playbook = nullptr;
    // Custom cycles; without it only calendar quarters exist.
    CycleRepository* cycles = nullptr;
    // REST API tokens; `token` commands need it.
    ApiTokenRepository* tokens = nullptr;
    // Key-result sources (core/sources.hpp); `kr source` and `kr sync` need it.
    SourceRepository* sources = nullptr;
};

}  // namespace goalpost::core
