#include "core/reads.hpp"

#include <map>

#include "core/okr/scoring.hpp"

namespace goalpost::core {

UserResult<std::vector<ObjectiveRead>> read_objectives(Context& cx, const std::optional<std::string>& team,
                                                       const std::optional<std::string>& cycle) {
    auto span = cx.cycle_or_current(cycle, "cycle=2027-Q1");
    if (!span) return span.error();
    std::vector<Team> teams;
    if (team) {
        auto found = cx.team_named(*team);
        if (!found) {
            UserError e = found.error();
            e.reason = UserError::Reason::not_found;
            return e;
        }
        teams.push_back(*found);
    } else {
        teams = cx.repos().teams.teams(cx.ws());
    }
    std::vector<ObjectiveRead> out;
    for (const auto& t : teams) {
        std::map<RowId, std::vector<KeyResult>> krs_by_objective;
        for (auto& kr : cx.repos().objectives.key_results_of_team(cx.ws(), t.id)) {
            krs_by_objective[kr.objective_id].push_back(std::move(kr));
        }
        for (auto& o : cx.repos().objectives.objectives_of_team(cx.ws(), t.id)) {
            if (o.cycle != span->name || !may_see(cx.viewer(), o)) continue;
            ObjectiveRead read{o, t.name, 0, {}};
            const auto& krs = krs_by_objective[o.id];
            read.progress = objective_progress(krs);
            for (const auto& kr : krs) read.key_results.push_back({kr, t.name, progress(kr)});
            out.push_back(std::move(read));
        }
    }
    return out;
}

UserResult<std::vector<Checkin>> read_checkins(Context& cx, int kr_number, std::optional<Time> before, int limit) {
    auto found = cx.visible_kr(kr_number);
    if (!found) return found.error();
    const RowId id = found->kr.id;
    return before ? cx.repos().checkins.checkins_before(cx.ws(), id, *before, limit)
                  : cx.repos().checkins.checkins_of(cx.ws(), id, limit);
}

}  // namespace goalpost::core
