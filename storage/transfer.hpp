#pragma once
// Export and import of a workspace's OKR data (`goalpost export` / `goalpost import`).
// The rows here are the export document's rows: they refer to each other by what users see
// (team names, O-/KR- numbers), never by row id, so they move between databases unchanged.
// bot/cli_transfer.cpp turns them into JSON and CSV and back.
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace goalpost::storage {

class Database;

namespace transfer {

struct Member {
    std::string user;
    bool lead = false;
    core::Time added_at{};
};

// A team with its cadence settings. The Teams webhook URL is a secret and is never exported.
struct Team {
    std::string name;
    std::optional<std::string> parent;  // a team's name
    std::string channel;
    std::string timezone = "UTC";
    std::string reminder = "mon 09:00";
    std::string digest = "fri 16:00";
    std::string summary = "1 10:00";
    std::string stakeholder_channel;
    std::string created_by;
    core::Time created_at{};
    std::vector<Member> members;  // by user id
};

struct Cycle {
    std::string name;
    std::string start;  // YYYY-MM-DD
    std::string end;
    std::string created_by;
    core::Time created_at{};
};

struct Objective {
    int number = 0;
    std::string title;
    std::optional<std::string> team;
    std::optional<int> parent;
    std::string cycle;
    std::string visibility = "public";      // public | internal
    std::string commitment = "aspirational";  // aspirational | committed
    bool archived = false;
    std::optional<double> grade;
    std::optional<std::string> graded_by;
    std::optional<core::Time> graded_at;
    std::string created_by;
    core::Time created_at{};
};

struct KeyResult {
    int number = 0;
    int objective = 0;
    std::string title;
    bool binary = false;
    double start = 0, target = 0, current = 0;
    std::string unit;
    std::optional<std::string> due;  // YYYY-MM-DD
    std::string owner;
    std::optional<int> carried_from;  // a KR number
    core::Time created_at{};
};

struct Checkin {
    int kr = 0;
    std::string user;
    double value = 0;
    std::optional<int> confidence;  // 1..10
    std::string note;
    core::Time created_at{};
};

struct Win {
    std::string team;
    std::optional<int> kr;
    std::string title;
    std::string user;
    core::Time created_at{};
};

// An owner's override of a KR's grade.
struct GradeOverride {
    int kr = 0;
    double score = 0;  // 0..1
    std::string reason;
    std::string user;
    core::Time created_at{};
};

struct Retro {
    int objective = 0;
    std::string user;
    std::string text;
    core::Time created_at{};
};

// The audit trail of `/okr edit`.
struct Edit {
    bool objective = false;  // else a key result
    int number = 0;
    std::string field, old_value, new_value, reason, user;
    core::Time created_at{};
};

struct Workspace {
    core::WorkspaceKey key;
    std::vector<Cycle> cycles;                 // by start date, then name
    std::vector<Team> teams;                   // by name
    std::vector<Objective> objectives;         // by number
    std::vector<KeyResult> key_results;        // by number
    std::vector<Checkin> checkins;             // by KR number, time, then as recorded
    std::vector<Win> wins;                     // by time, then as recorded
    std::vector<GradeOverride> grade_overrides;  // by KR number
    std::vector<Retro> retros;                 // by objective number, time
    std::vector<Edit> edits;                   // by time, then as recorded
};

struct Snapshot {
    int schema_version = 0;  // of the database it came from
    std::vector<Workspace> workspaces;  // by key
};

// Reads every workspace (or only `only`) from the database file at `path` through a
// read-only connection in one read transaction: a consistent snapshot that neither blocks
// nor is blocked by a running server (WAL). Never creates or migrates the file. Tables and
// columns an older schema lacks read as empty or as their defaults. Throws StorageError.
Snapshot read_snapshot(const std::string& path, const std::optional<core::WorkspaceKey>& only);

// A problem found in import data: where (a path into the export document, like
// `workspaces[0].objectives[2]`) and what.
struct Problem {
    std::string where;
    std::string message;
};

// Checks a workspace's rows for consistency (unique numbers and names, references that
// resolve, values in range) and, when `target` is given, against what that database
// already holds: its teams may be referred to, but names and numbers must not clash.
// `where` prefixes every location.
std::vector<Problem> check(const Workspace& ws, const std::string& where, Database* target);

struct Counts {
    int teams = 0, members = 0, cycles = 0, objectives = 0, key_results = 0, checkins = 0, wins = 0,
        grade_overrides = 0, retros = 0, edits = 0;
};
Counts count(const Workspace& ws);

// Writes the rows into `db`, which is inside a write transaction the caller owns and checked
// clean by check(). Keeps every O- and KR- number.
void write(Database& db, const Workspace& ws);

}  // namespace transfer
}  // namespace goalpost::storage
