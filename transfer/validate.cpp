#include "transfer/validate.hpp"

#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/schedule/cadence.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::transfer {
namespace {

std::string lower(const std::string& s) { return core::ascii_lower(s); }

bool valid_date(const std::string& s) { return core::parse_date(s).has_value() && *core::parse_date(s) == s; }

// One workspace, section by section in the order of the document; each section may use what
// an earlier one collected (the teams' names).
class Checker {
public:
    Checker(const Workspace& ws, const std::string& where, Existing* target) : ws_(ws), where_(where), target_(target) {
        for (const auto& o : ws.objectives) objectives_.insert(o.number);
        for (const auto& k : ws.key_results) krs_.insert(k.number);
    }

    Problems run() {
        if (ws_.key.empty()) add(where_ + ".key", "must not be empty");
        cycles();
        teams();
        team_parents();
        objectives();
        key_results();
        checkins();
        wins();
        grade_overrides();
        retros();
        edits();
        return std::move(problems_);
    }

private:
    void add(std::string where, std::string message) { problems_.push_back({std::move(where), std::move(message)}); }
    void nonempty(const std::string& where, const std::string& field, const std::string& value) {
        if (value.empty()) add(where + "." + field, "must not be empty");
    }
    std::string at(std::string_view list, std::size_t i) const { return fmt::format("{}.{}[{}]", where_, list, i); }

    bool team_in_target(const std::string& name) { return target_ && target_->has_team(ws_.key, name); }
    // In the file or in the target workspace.
    bool team_known(const std::string& name) { return teams_.count(lower(name)) > 0 || team_in_target(name); }
    std::string no_team(const std::string& name) const {
        return fmt::format("no team '{}' in the file or in workspace {}", name, ws_.key);
    }
    void known_team(const std::string& where, const std::string& name) {
        if (!team_known(name)) add(where, no_team(name));
    }
    void known_kr(const std::string& where, int number) {
        if (!krs_.count(number)) add(where, fmt::format("no KR-{} in the file", number));
    }
    void known_objective(const std::string& where, int number) {
        if (!objectives_.count(number)) add(where, fmt::format("no O-{} in the file", number));
    }

    // From 1, once in the file, not `taken` in the target workspace.
    void unique_number(const std::string& at, std::string_view prefix, int number, std::set<int>& seen, bool taken) {
        if (number < 1) add(at + ".number", fmt::format("must be {}-1 or higher", prefix));
        if (!seen.insert(number).second) add(at + ".number", fmt::format("{}-{} appears twice", prefix, number));
        if (taken) add(at + ".number", fmt::format("workspace {} already has {}-{}", ws_.key, prefix, number));
    }

    // Unique names, real dates in order, not already in the target workspace.
    void cycles() {
        std::set<std::string> names;
        for (std::size_t i = 0; i < ws_.cycles.size(); ++i) {
            const auto& cy = ws_.cycles[i];
            const std::string at = this->at("cycles", i);
            nonempty(at, "name", cy.name);
            if (!names.insert(lower(cy.name)).second)
                add(at + ".name", fmt::format("cycle '{}' appears twice", cy.name));
            if (!valid_date(cy.start)) add(at + ".start", fmt::format("'{}' is not a date like 2027-01-31", cy.start));
            if (!valid_date(cy.end)) add(at + ".end", fmt::format("'{}' is not a date like 2027-01-31", cy.end));
            if (valid_date(cy.start) && valid_date(cy.end) && cy.end < cy.start) add(at + ".end", "is before start");
            if (target_ && target_->has_cycle(ws_.key, cy.name))
                add(at + ".name", fmt::format("workspace {} already has a cycle '{}'", ws_.key, cy.name));
        }
    }

    // Unique names not in the target, cadence settings that parse, members once each.
    void teams() {
        for (std::size_t i = 0; i < ws_.teams.size(); ++i) {
            const auto& t = ws_.teams[i];
            const std::string at = this->at("teams", i);
            nonempty(at, "name", t.name);
            if (!teams_.emplace(lower(t.name), i).second)
                add(at + ".name", fmt::format("team '{}' appears twice", t.name));
            if (team_in_target(t.name))
                add(at + ".name", fmt::format("workspace {} already has a team '{}'", ws_.key, t.name));
            nonempty(at, "timezone", t.timezone);
            if (!core::parse_weekly(t.reminder))
                add(at + ".reminder", fmt::format("'{}' is not like 'mon 09:00' or 'off'", t.reminder));
            if (!core::parse_weekly(t.digest))
                add(at + ".digest", fmt::format("'{}' is not like 'fri 16:00' or 'off'", t.digest));
            if (!core::parse_monthly(t.summary))
                add(at + ".summary", fmt::format("'{}' is not like '1 10:00' or 'off'", t.summary));
            std::set<std::string> users;
            for (std::size_t m = 0; m < t.members.size(); ++m) {
                const std::string mat = fmt::format("{}.members[{}]", at, m);
                nonempty(mat, "user", t.members[m].user);
                if (!users.insert(t.members[m].user).second)
                    add(mat + ".user", fmt::format("{} is a member twice", t.members[m].user));
            }
        }
    }

    // Parents resolve (in the file or the target) without a loop.
    void team_parents() {
        for (std::size_t i = 0; i < ws_.teams.size(); ++i) {
            const auto& t = ws_.teams[i];
            if (!t.parent) continue;
            const std::string at = this->at("teams", i) + ".parent";
            if (!team_known(*t.parent)) {
                add(at, no_team(*t.parent));
                continue;
            }
            // Follow the parents within the file; coming back to this team is a loop.
            const std::string name = lower(t.name);
            std::optional<std::string> up = t.parent;
            for (std::size_t steps = 0; up && steps <= ws_.teams.size(); ++steps) {
                if (lower(*up) == name) {
                    add(at, fmt::format("team '{}' would be its own ancestor", t.name));
                    break;
                }
                auto it = teams_.find(lower(*up));
                up = it == teams_.end() ? std::nullopt : ws_.teams[it->second].parent;
            }
        }
    }

    // Unique numbers not in the target, teams and parents that resolve, values in range.
    void objectives() {
        std::set<int> seen;
        for (std::size_t i = 0; i < ws_.objectives.size(); ++i) {
            const auto& o = ws_.objectives[i];
            const std::string at = this->at("objectives", i);
            unique_number(at, "O", o.number, seen, target_ && target_->has_objective(ws_.key, o.number));
            nonempty(at, "title", o.title);
            if (o.team) known_team(at + ".team", *o.team);
            if (o.parent) {
                if (!objectives_.count(*o.parent) && !(target_ && target_->has_objective(ws_.key, *o.parent)))
                    add(at + ".parent", fmt::format("no O-{} in the file or in workspace {}", *o.parent, ws_.key));
                if (*o.parent == o.number) add(at + ".parent", "an objective cannot be its own parent");
            }
            if (o.visibility != "public" && o.visibility != "internal")
                add(at + ".visibility", fmt::format("'{}' is not public or internal", o.visibility));
            if (o.commitment != "aspirational" && o.commitment != "committed")
                add(at + ".commitment", fmt::format("'{}' is not aspirational or committed", o.commitment));
            if (o.grade && !(*o.grade >= 0 && *o.grade <= 1)) add(at + ".grade", "must be between 0 and 1");
        }
    }

    void key_results() {
        std::set<int> seen;
        for (std::size_t i = 0; i < ws_.key_results.size(); ++i) {
            const auto& k = ws_.key_results[i];
            const std::string at = this->at("key_results", i);
            unique_number(at, "KR", k.number, seen, target_ && target_->has_key_result(ws_.key, k.number));
            known_objective(at + ".objective", k.objective);
            nonempty(at, "title", k.title);
            for (auto [name, v] : {std::pair{"start", k.start}, std::pair{"target", k.target},
                                   std::pair{"current", k.current}}) {
                if (!std::isfinite(v)) add(at + "." + name, "must be a finite number");
            }
            if (k.due && !valid_date(*k.due))
                add(at + ".due", fmt::format("'{}' is not a date like 2027-03-31", *k.due));
            if (k.carried_from) known_kr(at + ".carried_from", *k.carried_from);
        }
    }

    void checkins() {
        for (std::size_t i = 0; i < ws_.checkins.size(); ++i) {
            const auto& ch = ws_.checkins[i];
            const std::string at = this->at("checkins", i);
            known_kr(at + ".kr", ch.kr);
            nonempty(at, "user", ch.user);
            if (!std::isfinite(ch.value)) add(at + ".value", "must be a finite number");
            if (ch.confidence && (*ch.confidence < 1 || *ch.confidence > 10))
                add(at + ".confidence", "must be 1 to 10");
        }
    }

    void wins() {
        for (std::size_t i = 0; i < ws_.wins.size(); ++i) {
            const auto& w = ws_.wins[i];
            const std::string at = this->at("wins", i);
            known_team(at + ".team", w.team);
            if (w.kr) known_kr(at + ".kr", *w.kr);
            nonempty(at, "title", w.title);
        }
    }

    void grade_overrides() {
        std::set<int> overridden;
        for (std::size_t i = 0; i < ws_.grade_overrides.size(); ++i) {
            const auto& g = ws_.grade_overrides[i];
            const std::string at = this->at("grade_overrides", i);
            known_kr(at + ".kr", g.kr);
            if (!overridden.insert(g.kr).second) add(at + ".kr", fmt::format("KR-{} has two grade overrides", g.kr));
            if (!(g.score >= 0 && g.score <= 1)) add(at + ".score", "must be between 0 and 1");
        }
    }

    void retros() {
        for (std::size_t i = 0; i < ws_.retros.size(); ++i)
            known_objective(at("retros", i) + ".objective", ws_.retros[i].objective);
    }

    void edits() {
        for (std::size_t i = 0; i < ws_.edits.size(); ++i) {
            const auto& e = ws_.edits[i];
            const std::string at = this->at("edits", i) + ".target";
            if (e.objective) known_objective(at, e.number);
            else known_kr(at, e.number);
        }
    }

    const Workspace& ws_;
    const std::string& where_;
    Existing* target_;
    Problems problems_;
    std::map<std::string, std::size_t> teams_;  // lower-case name -> index, filled by teams()
    std::set<int> objectives_, krs_;           // the numbers in the file
};

}  // namespace

Problems check(const Workspace& ws, const std::string& where, Existing* target) {
    return Checker(ws, where, target).run();
}

Problems check(const std::vector<Placed>& chosen, Existing* target) {
    Problems found;
    for (const auto& [where, ws] : chosen) {
        auto p = check(ws, where, target);
        found.insert(found.end(), std::make_move_iterator(p.begin()), std::make_move_iterator(p.end()));
    }
    return found;
}

Problems check_keys(const std::vector<Workspace>& workspaces) {
    Problems problems;
    std::set<std::string> keys;
    for (std::size_t i = 0; i < workspaces.size(); ++i) {
        const auto& key = workspaces[i].key;
        if (!key.empty() && !keys.insert(key).second)
            problems.push_back({fmt::format("workspaces[{}].key", i), fmt::format("{} appears twice", key)});
    }
    return problems;
}

Problems check_alone(Problems reading, const std::vector<Placed>& chosen) {
    std::set<std::string> reported;
    for (const auto& p : reading) reported.insert(p.where);
    for (auto& p : check(chosen)) {
        if (!reported.count(p.where)) reading.push_back(std::move(p));
    }
    return reading;
}

}  // namespace goalpost::transfer
