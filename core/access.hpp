#pragma once
// Who may see and change what. Pure predicates over values that the caller reads once per
// command: the asker's teams and the teams they lead, the team tree, the configured admins.
//
// Internal objectives are their team's own: its members see them, and so do the leads of
// the teams above it (parent, grandparent, ...) and the admins named in the config. The
// same people look after them (edit, archive, grade, carry over).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace goalpost::core {

// What a REST API token may do besides seeing public objectives: a token scoped to a team
// sees its internal objectives and checks in on that team's key results only; an unscoped one
// checks in on any key result it sees.
struct ApiGrant {
    std::optional<RowId> team;
};

// The person (or API token) asking, as far as access goes.
struct Viewer {
    std::string user_id;
    std::set<RowId> member_of;         // teams they are a member of
    std::set<RowId> leads;             // teams they lead
    std::map<RowId, RowId> parent_of;  // the workspace's team tree: team -> its parent team
    bool listed_admin = false;         // named under `admins` in the config
    bool manages_teams = false;        // listed, or the config names no admins at all
    std::optional<ApiGrant> api;       // a REST API token, not a person
    bool source = false;               // a key result's source recording what it read
};

// The viewer a REST API token is: no team's member unless scoped to one (then that team's);
// never a lead or an admin.
Viewer api_viewer(const std::string& user_id, const ApiGrant& grant);

// The viewer from what the repositories say about `user_id`. `all_teams` is only read for the
// tree above the teams they lead, so a caller may pass nothing when `led` is empty.
Viewer make_viewer(const std::string& user_id, const std::vector<std::string>& admins,
                   const std::vector<Team>& member_of, const std::vector<Team>& led,
                   const std::vector<Team>& all_teams);

bool is_member(const Viewer& v, RowId team_id);
// They lead a team above `team_id`; a loop in the tree ends the walk.
bool leads_above(const Viewer& v, RowId team_id);
// Members, leads of the teams above it and listed admins see a team's internal objectives.
bool sees_internal_of(const Viewer& v, RowId team_id);
// Public objectives are for everyone in the workspace.
bool may_see(const Viewer& v, const Objective& o);
// Edit, archive, grade, carry over: whoever sees the team's internal objectives.
bool may_look_after(const Viewer& v, const Objective& o);
// Objectives, key results and wins are added by the team's members only.
bool may_add_to(const Viewer& v, RowId team_id);
// The team's members and the key result's owner check in on it; an API token as its grant says.
bool may_check_in(const Viewer& v, const Objective& o, const KeyResult& kr);
// The owner of one of its key results writes an objective's retro, and so does whoever looks after it.
bool may_write_retro(const Viewer& v, const Objective& o, const std::vector<KeyResult>& krs);
// A key result's score at grading is overridden by its owner or a listed admin.
bool may_override_score(const Viewer& v, const KeyResult& kr);
// Teams, their members, leads and settings, and custom cycles.
bool may_manage_teams(const Viewer& v);

}  // namespace goalpost::core
