#include "transfer/upgrade.hpp"

#include <map>

#include "core/slack_text.hpp"
#include "core/text.hpp"

namespace goalpost::transfer {
namespace {

void decode(std::string& text) { text = core::decode_slack_text(text); }

// Old team name -> new one, for each team whose decoded name no other team of the workspace
// has or gets (names are unique regardless of ASCII case, as in the database).
std::map<std::string, std::string> renamed_teams(const std::vector<Team>& teams) {
    std::vector<std::string> names, decoded;
    for (const auto& t : teams) {
        names.push_back(core::ascii_lower(t.name));
        decoded.push_back(core::ascii_lower(core::decode_slack_text(t.name)));
    }
    std::map<std::string, std::string> renamed;
    for (std::size_t i = 0; i < teams.size(); ++i) {
        if (decoded[i] == names[i]) continue;
        bool clash = false;
        for (std::size_t j = 0; j < teams.size() && !clash; ++j) {
            clash = j != i && (names[j] == decoded[i] || decoded[j] == decoded[i]);
        }
        if (!clash) renamed.emplace(teams[i].name, core::decode_slack_text(teams[i].name));
    }
    return renamed;
}

void rename(std::string& team, const std::map<std::string, std::string>& renamed) {
    if (auto it = renamed.find(team); it != renamed.end()) team = it->second;
}

}  // namespace

void decode_slack_text(Workspace& ws) {
    if (!ws.key.starts_with("slack:")) return;
    const auto renamed = renamed_teams(ws.teams);
    for (auto& t : ws.teams) {
        rename(t.name, renamed);
        if (t.parent) rename(*t.parent, renamed);
    }
    for (auto& o : ws.objectives) {
        decode(o.title);
        if (o.team) rename(*o.team, renamed);
    }
    for (auto& k : ws.key_results) {
        decode(k.title);
        decode(k.unit);
    }
    for (auto& c : ws.checkins) decode(c.note);
    for (auto& w : ws.wins) {
        decode(w.title);
        rename(w.team, renamed);
    }
    for (auto& g : ws.grade_overrides) decode(g.reason);
    for (auto& r : ws.retros) decode(r.text);
    for (auto& e : ws.edits) {
        decode(e.old_value);
        decode(e.new_value);
        decode(e.reason);
    }
}

}  // namespace goalpost::transfer
