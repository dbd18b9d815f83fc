#pragma once
// The goal domain as plain values: no I/O, no platform, no clock.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace goalpost::core {

using Time = std::chrono::sys_seconds;

// A workspace key is "slack:T123" or "teams:<tenant id>"; data never crosses it.
using WorkspaceKey = std::string;
using RowId = std::int64_t;

// The chat platform a workspace lives on: it decides how messages are rendered and where
// they can go (Teams has no direct messages from an outgoing webhook).
enum class Platform { slack, teams };

// "slack:T123" for Slack team T123, "teams:<tenant>" for a Teams tenant.
WorkspaceKey workspace_key(Platform platform, std::string_view id);
// The platform of a workspace key; a key of neither form is Slack's (as stored by the
// first versions, which only knew Slack).
Platform platform_of(const WorkspaceKey& ws);
// "slack" | "teams": the word used in keys, the database and metrics labels.
std::string_view platform_name(Platform platform);

// Who is asking and from where; filled by the platform adapter.
struct Actor {
    WorkspaceKey workspace;
    std::string user_id;    // platform user id, e.g. U2CERLKJA
    std::string user_name;  // display name if the platform gave one
    std::string channel_id; // where the command was typed
};

struct Team {
    RowId id = 0;
    std::string name;
    std::string channel;  // channel id (Slack C123) or empty
    std::string timezone = "UTC";
    std::optional<RowId> parent_team_id;
    Time created_at{};
};

enum class Visibility { public_, internal };
enum class ObjectiveKind { aspirational, committed };

struct Objective {
    RowId id = 0;
    int number = 0;  // O-<number>, numbered per workspace
    RowId team_id = 0;
    std::string title;
    std::optional<int> parent_number;
    std::string cycle;  // e.g. 2027-Q1
    Visibility visibility = Visibility::public_;
    ObjectiveKind kind = ObjectiveKind::aspirational;
    std::string created_by;
    Time created_at{};
};

enum class KrKind { increasing, decreasing, binary };

struct KeyResult {
    RowId id = 0;
    int number = 0;  // KR-<number>, numbered per workspace
    RowId objective_id = 0;
    int objective_number = 0;
    std::string title;
    bool binary = false;
    double start = 0;
    double target = 1;
    double current = 0;
    std::string unit;
    std::optional<std::string> due;  // YYYY-MM-DD
    std::string owner;               // user id
    Time created_at{};
    std::optional<Time> last_checkin_at;
    std::optional<int> last_confidence;  // 1..10
};

// A workspace's own cycle with explicit dates (`/okr cycle add 2027-H1 start=... end=...`).
// Calendar quarters (2027-Q1) need no row: they always exist.
struct Cycle {
    RowId id = 0;
    std::string name;   // letters, digits, - and _, up to 32 characters
    std::string start;  // YYYY-MM-DD, its first day (UTC)
    std::string end;    // YYYY-MM-DD, its last day, inclusive
    std::string created_by;
    Time created_at{};
};

struct Checkin {
    RowId id = 0;
    RowId kr_id = 0;
    std::string user_id;
    double value = 0;
    std::optional<int> confidence;  // 1..10
    std::string note;
    Time at{};
};

// Inputs for creation; the repository assigns ids and numbers.
struct NewTeam {
    std::string name;
    std::string channel;
    std::string timezone = "UTC";
    std::optional<RowId> parent_team_id;
    std::string created_by;
    Time at{};
};

struct NewObjective {
    RowId team_id = 0;
    std::string title;
    std::optional<int> parent_number;
    std::string cycle;
    Visibility visibility = Visibility::public_;
    ObjectiveKind kind = ObjectiveKind::aspirational;
    std::string created_by;
    Time at{};
};

struct NewKeyResult {
    RowId objective_id = 0;
    std::string title;
    bool binary = false;
    double start = 0;
    double target = 1;
    std::string unit;
    std::optional<std::string> due;
    std::string owner;
    Time at{};
};

struct NewCycle {
    std::string name;
    std::string start;  // YYYY-MM-DD
    std::string end;    // YYYY-MM-DD, inclusive
    std::string created_by;
    Time at{};
};

struct NewCheckin {
    RowId kr_id = 0;
    std::string user_id;
    double value = 0;
    std::optional<int> confidence;
    std::string note;
    Time at{};
};

}  // namespace goalpost::core
