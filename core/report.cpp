#include "core/report.hpp"

#include <algorithm>
#include <set>

#include "core/scoring.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

double share(Time start, Time end, Time at) {
    if (end <= start) return 1.0;
    double s = std::chrono::duration<double>(at - start) / std::chrono::duration<double>(end - start);
    return std::clamp(s, 0.0, 1.0);
}

double progress_at_value(const KeyResult& kr, double value) {
    KeyResult copy = kr;
    copy.current = value;
    return progress(copy);
}

}  // namespace

std::string Risk::explain() const {
    std::string out;
    auto add = [&](const char* s) { out += (out.empty() ? "" : ", ") + std::string(s); };
    if (behind_pace) add("behind pace");
    if (low_confidence) add("low confidence");
    if (stale) add("no check-in for 2 weeks");
    return out;
}

double expected_progress(const KeyResult& kr, const Objective& o, Time at) {
    if (kr.due) {
        if (auto due = parse_date(*kr.due)) {
            auto cycle = cycle_range(o.cycle);
            Time start = cycle ? std::min(cycle->first, kr.created_at) : kr.created_at;
            auto ymd = std::chrono::year_month_day{
                std::chrono::year{std::stoi(due->substr(0, 4))},
                std::chrono::month{static_cast<unsigned>(std::stoi(due->substr(5, 2)))},
                std::chrono::day{static_cast<unsigned>(std::stoi(due->substr(8, 2)))}};
            Time end = Time{std::chrono::sys_days{ymd}.time_since_epoch()} + std::chrono::days(1);
            return share(start, end, at);
        }
    }
    if (auto cycle = cycle_range(o.cycle)) return share(cycle->first, cycle->second, at);
    return 0.0;
}

Risk risk_of(const KeyResult& kr, const Objective& o, double progress_now, Time at) {
    Risk r;
    if (progress_now >= 1.0) return r;  // done is never at risk
    r.behind_pace = expected_progress(kr, o, at) - progress_now >= behind_pace_margin;
    r.low_confidence = kr.last_confidence && *kr.last_confidence <= low_confidence_at_most;
    Time last = kr.last_checkin_at.value_or(kr.created_at);
    r.stale = at - last >= std::chrono::days(stale_after_days);
    return r;
}

TeamReport gather_report(const Repositories& repos, const WorkspaceKey& ws, const Team& team, Time from, Time to,
                         bool public_only) {
    TeamReport report;
    report.workspace = ws;
    report.team = team;
    report.from = from;
    report.to = to;
    if (repos.cadence) {
        if (auto s = repos.cadence->settings_of(ws, team.id)) report.settings = *s;
    }
    report.members = repos.teams.members(ws, team.id);
    if (repos.reports) report.checkins = repos.reports->checkins_of_team(ws, team.id, from, to);
    std::set<std::string> owners;
    for (const auto& o : repos.objectives.objectives_of_team(ws, team.id)) {
        if (public_only && o.visibility != Visibility::public_) continue;
        if (o.created_at >= to) continue;
        ObjectiveView ov{o, {}, 0, 0};
        std::vector<double> before, now;
        for (auto kr : repos.objectives.key_results_of(ws, o.id)) {
            if (kr.created_at >= to) continue;
            KrView v;
            std::optional<double> value_then, value_now;
            if (repos.reports) {
                value_then = repos.reports->value_before(ws, kr.id, from);
                value_now = repos.reports->value_before(ws, kr.id, to);
            }
            v.before = progress_at_value(kr, value_then.value_or(kr.start));
            v.now = repos.reports ? progress_at_value(kr, value_now.value_or(kr.start)) : progress(kr);
            v.expected = expected_progress(kr, o, to);
            v.risk = risk_of(kr, o, v.now, to);
            owners.insert(kr.owner);
            before.push_back(v.before);
            now.push_back(v.now);
            v.kr = std::move(kr);
            ov.krs.push_back(std::move(v));
        }
        auto mean = [](const std::vector<double>& xs) {
            double s = 0;
            for (double x : xs) s += x;
            return xs.empty() ? 0.0 : s / static_cast<double>(xs.size());
        };
        ov.before = mean(before);
        ov.now = mean(now);
        report.objectives.push_back(std::move(ov));
    }
    report.owners.assign(owners.begin(), owners.end());
    return report;
}

}  // namespace goalpost::core
