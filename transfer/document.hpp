#pragma once
// The export document: a workspace's OKR data as `goalpost export` writes it and
// `goalpost import` reads it. Rows refer to each other by what users see (team names, O- and
// KR- numbers), never by row id, so they move between databases unchanged.
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace goalpost::transfer {

// Every field has a default (`{}` where no other fits), so that a row can be built naming only
// the fields that matter, as the reader and the tests do.

struct Member {
    std::string user{};
    bool lead = false;
    core::Time added_at{};
};

// A team with its cadence settings. The Teams webhook URL is a secret and is never exported.
struct Team {
    std::string name{};
    std::optional<std::string> parent{};  // a team's name
    std::string channel{};
    std::string timezone = "UTC";
    std::string reminder = "mon 09:00";
    std::string digest = "fri 16:00";
    std::string summary = "1 10:00";
    std::string stakeholder_channel{};
    std::string created_by{};
    core::Time created_at{};
    std::vector<Member> members{};  // by user id
};

struct Cycle {
    std::string name{};
    std::string start{};  // YYYY-MM-DD
    std::string end{};
    std::string created_by{};
    core::Time created_at{};
};

struct Objective {
    int number = 0;
    std::string title{};
    std::optional<std::string> team{};
    std::optional<int> parent{};
    std::string cycle{};
    std::string visibility = "public";        // public | internal
    std::string commitment = "aspirational";  // aspirational | committed
    bool archived = false;
    std::optional<double> grade{};
    std::optional<std::string> graded_by{};
    std::optional<core::Time> graded_at{};
    std::string created_by{};
    core::Time created_at{};
};

struct KeyResult {
    int number = 0;
    int objective = 0;
    std::string title{};
    bool binary = false;
    double start = 0, target = 0, current = 0;
    std::string unit{};
    std::optional<std::string> due{};  // YYYY-MM-DD
    std::string owner{};
    std::optional<int> carried_from{};  // a KR number
    core::Time created_at{};
};

struct Checkin {
    int kr = 0;
    std::string user{};
    double value = 0;
    std::optional<int> confidence{};  // 1..10
    std::string note{};
    core::Time created_at{};
};

struct Win {
    std::string team{};
    std::optional<int> kr{};
    std::string title{};
    std::string user{};
    core::Time created_at{};
};

// An owner's override of a KR's grade.
struct GradeOverride {
    int kr = 0;
    double score = 0;  // 0..1
    std::string reason{};
    std::string user{};
    core::Time created_at{};
};

struct Retro {
    int objective = 0;
    std::string user{};
    std::string text{};
    core::Time created_at{};
};

// The audit trail of `/okr edit`.
struct Edit {
    bool objective = false;  // else a key result
    int number = 0;
    std::string field{}, old_value{}, new_value{}, reason{}, user{};
    core::Time created_at{};
};

struct Workspace {
    core::WorkspaceKey key{};
    std::vector<Cycle> cycles{};                   // by start date, then name
    std::vector<Team> teams{};                     // by name
    std::vector<Objective> objectives{};           // by number
    std::vector<KeyResult> key_results{};          // by number
    std::vector<Checkin> checkins{};               // by KR number, time, then as recorded
    std::vector<Win> wins{};                       // by time, then as recorded
    std::vector<GradeOverride> grade_overrides{};  // by KR number
    std::vector<Retro> retros{};                   // by objective number, time
    std::vector<Edit> edits{};                     // by time, then as recorded
};

struct Document {
    // Of the database it was read from; 0 when read from a file, whose rows read_json gives
    // the meaning they have now.
    int schema_version = 0;
    std::vector<Workspace> workspaces{};  // by key
};

struct Counts {
    int teams = 0, members = 0, cycles = 0, objectives = 0, key_results = 0, checkins = 0, wins = 0,
        grade_overrides = 0, retros = 0, edits = 0;
};
Counts count(const Workspace& ws);
Counts count(const std::vector<Workspace>& workspaces);  // summed

// How rows name each other and their numbers in both formats: "O-3", "KR-7", "612.5".
std::string objective_ref(int number);
std::string kr_ref(int number);
// "KR-7", "kr-7" or "7" for prefix "KR" -> 7 (1 or more); nothing for anything else.
std::optional<int> parse_ref(std::string_view text, std::string_view prefix);
std::string number_text(double value);

}  // namespace goalpost::transfer
