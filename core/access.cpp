#include "core/access.hpp"

#include <algorithm>

namespace goalpost::core {

Viewer make_viewer(const std::string& user_id, const std::vector<std::string>& admins,
                   const std::vector<Team>& member_of, const std::vector<Team>& led,
                   const std::vector<Team>& all_teams) {
    Viewer v;
    v.user_id = user_id;
    v.listed_admin = std::find(admins.begin(), admins.end(), user_id) != admins.end();
    v.manages_teams = admins.empty() || v.listed_admin;
    for (const auto& t : member_of) v.member_of.insert(t.id);
    for (const auto& t : led) v.leads.insert(t.id);
    if (!v.leads.empty()) {
        for (const auto& t : all_teams) {
            if (t.parent_team_id) v.parent_of.emplace(t.id, *t.parent_team_id);
        }
    }
    return v;
}

Viewer api_viewer(const std::string& user_id, const ApiGrant& grant) {
    Viewer v;
    v.user_id = user_id;
    if (grant.team) v.member_of.insert(*grant.team);
    v.api = grant;
    return v;
}

bool is_member(const Viewer& v, RowId team_id) { return v.member_of.count(team_id) > 0; }

bool leads_above(const Viewer& v, RowId team_id) {
    if (v.leads.empty()) return false;
    std::set<RowId> seen{team_id};
    for (auto it = v.parent_of.find(team_id); it != v.parent_of.end(); it = v.parent_of.find(it->second)) {
        if (!seen.insert(it->second).second) return false;  // a loop in the data
        if (v.leads.count(it->second)) return true;
    }
    return false;
}

bool sees_internal_of(const Viewer& v, RowId team_id) {
    return is_member(v, team_id) || v.listed_admin || leads_above(v, team_id);
}

bool may_see(const Viewer& v, const Objective& o) {
    return o.visibility == Visibility::public_ || sees_internal_of(v, o.team_id);
}

bool may_look_after(const Viewer& v, const Objective& o) { return sees_internal_of(v, o.team_id); }

bool may_add_to(const Viewer& v, RowId team_id) { return is_member(v, team_id); }

bool may_check_in(const Viewer& v, const Objective& o, const KeyResult& kr) {
    if (v.source) return true;
    if (v.api) return v.api->team ? o.team_id == *v.api->team : may_see(v, o);
    return is_member(v, o.team_id) || kr.owner == v.user_id;
}

bool may_write_retro(const Viewer& v, const Objective& o, const std::vector<KeyResult>& krs) {
    bool owns_kr = std::any_of(krs.begin(), krs.end(), [&](const KeyResult& k) { return k.owner == v.user_id; });
    return owns_kr || may_look_after(v, o);
}

bool may_override_score(const Viewer& v, const KeyResult& kr) { return kr.owner == v.user_id || v.listed_admin; }

bool may_manage_teams(const Viewer& v) { return v.manages_teams; }

}  // namespace goalpost::core
