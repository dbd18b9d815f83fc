#include "core/schedule/report.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/okr/scoring.hpp"
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
    if (confidence_drop) add("confidence dropped by 3 or more in a week");
    return out;
}

Pace pace_of(double progress_now, double expected, const Risk& risk) {
    if (progress_now >= 1.0) return Pace::on_track;
    if (risk.any()) return Pace::at_risk;
    if (expected - progress_now >= behind_margin) return Pace::behind;
    return Pace::on_track;
}

const char* pace_name(Pace p) {
    switch (p) {
        case Pace::on_track: return "on track";
        case Pace::behind: return "behind";
        case Pace::at_risk: return "at risk";
    }
    return "on track";
}

const char* pace_emoji(Pace p) {
    switch (p) {
        case Pace::on_track: return "\U0001F7E2";
        case Pace::behind: return "\U0001F7E1";
        case Pace::at_risk: return "\U0001F534";
    }
    return "";
}

bool confidence_dropped(const std::vector<Checkin>& newest_first) {
    auto latest = std::find_if(newest_first.begin(), newest_first.end(),
                               [](const Checkin& c) { return c.confidence.has_value(); });
    if (latest == newest_first.end()) return false;
    for (auto it = std::next(latest); it != newest_first.end(); ++it) {
        if (latest->at - it->at > std::chrono::days(confidence_drop_within_days)) break;
        if (it->confidence && *it->confidence - *latest->confidence >= confidence_drop_at_least) return true;
    }
    return false;
}

double expected_progress(const KeyResult& kr, const Objective& o, Time at, const std::optional<CycleSpan>& cycle_in) {
    const std::optional<CycleSpan> cycle = cycle_in ? cycle_in : quarter_span(o.cycle);
    if (kr.due) {
        if (auto due = parse_date(*kr.due)) {
            Time start = cycle ? std::min(cycle->start, kr.created_at) : kr.created_at;
            auto ymd = std::chrono::year_month_day{
                std::chrono::year{std::stoi(due->substr(0, 4))},
                std::chrono::month{static_cast<unsigned>(std::stoi(due->substr(5, 2)))},
                std::chrono::day{static_cast<unsigned>(std::stoi(due->substr(8, 2)))}};
            Time end = Time{std::chrono::sys_days{ymd}.time_since_epoch()} + std::chrono::days(1);
            return share(start, end, at);
        }
    }
    if (cycle) return share(cycle->start, cycle->end, at);
    return 0.0;
}

Risk risk_of(const KeyResult& kr, const Objective& o, double progress_now, Time at,
             const std::optional<CycleSpan>& cycle) {
    Risk r;
    if (progress_now >= 1.0) return r;  // done is never at risk
    r.behind_pace = expected_progress(kr, o, at, cycle) - progress_now >= behind_pace_margin;
    r.low_confidence = kr.last_confidence && *kr.last_confidence <= low_confidence_at_most;
    Time last = kr.last_checkin_at.value_or(kr.created_at);
    r.stale = at - last >= std::chrono::days(stale_after_days);
    return r;
}

Risk risk_of(const KeyResult& kr, const Objective& o, double progress_now, Time at,
             const std::vector<Checkin>& newest_first, const std::optional<CycleSpan>& cycle) {
    Risk r = risk_of(kr, o, progress_now, at, cycle);
    if (progress_now >= 1.0) return r;
    std::vector<Checkin> until;
    for (const auto& c : newest_first) {
        if (c.at <= at) until.push_back(c);
    }
    r.confidence_drop = confidence_dropped(until);
    return r;
}

CycleCalendar cycle_calendar(const Repositories& repos, const WorkspaceKey& ws) {
    if (!repos.cycles) return CycleCalendar{};
    return CycleCalendar{repos.cycles->cycles(ws)};
}

namespace {

// What a report reads about a team's KRs, each in one query for the whole team.
struct TeamHistory {
    std::map<RowId, std::vector<KeyResult>> krs;  // by objective row id
    std::map<RowId, double> values_then, values_now;
    std::map<RowId, std::vector<Checkin>> recent;  // newest first, for the confidence-drop rule
};

TeamHistory team_history(const Repositories& repos, const WorkspaceKey& ws, RowId team_id, Time from, Time to) {
    TeamHistory h;
    for (auto& kr : repos.objectives.key_results_of_team(ws, team_id)) h.krs[kr.objective_id].push_back(std::move(kr));
    if (repos.reports) {
        h.values_then = repos.reports->values_before(ws, team_id, from);
        h.values_now = repos.reports->values_before(ws, team_id, to);
        h.recent = repos.reports->recent_checkins_of_team(ws, team_id, 10);
    }
    return h;
}

template <class Map>
auto value_in(const Map& map, RowId id) -> std::optional<typename Map::mapped_type> {
    auto it = map.find(id);
    if (it == map.end()) return std::nullopt;
    return it->second;
}

double mean(const std::vector<KrView>& krs, double KrView::*field) {
    double s = 0;
    for (const auto& v : krs) s += v.*field;
    return krs.empty() ? 0.0 : s / static_cast<double>(krs.size());
}

ObjectiveView objective_view(const Repositories& repos, const Objective& o, const TeamHistory& h, Time to,
                             const std::optional<CycleSpan>& cycle) {
    ObjectiveView ov{o, {}, 0, 0};
    for (const auto& kr : value_in(h.krs, o.id).value_or(std::vector<KeyResult>{})) {
        if (kr.created_at >= to) continue;
        KrView v;
        v.before = progress_at_value(kr, value_in(h.values_then, kr.id).value_or(kr.start));
        v.now = repos.reports ? progress_at_value(kr, value_in(h.values_now, kr.id).value_or(kr.start)) : progress(kr);
        v.expected = expected_progress(kr, o, to, cycle);
        // Only a KR with a confidence can have dropped one.
        v.risk = kr.last_confidence
                     ? risk_of(kr, o, v.now, to, value_in(h.recent, kr.id).value_or(std::vector<Checkin>{}), cycle)
                     : risk_of(kr, o, v.now, to, cycle);
        v.kr = kr;
        ov.krs.push_back(std::move(v));
    }
    ov.before = mean(ov.krs, &KrView::before);
    ov.now = mean(ov.krs, &KrView::now);
    return ov;
}

}  // namespace

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
    const TeamHistory history = team_history(repos, ws, team.id, from, to);
    std::set<std::string> owners;
    const CycleCalendar calendar = cycle_calendar(repos, ws);
    for (const auto& o : repos.objectives.objectives_of_team(ws, team.id)) {
        if (public_only && o.visibility != Visibility::public_) continue;
        if (o.created_at >= to) continue;
        report.objectives.push_back(objective_view(repos, o, history, to, calendar.find(o.cycle)));
        for (const auto& v : report.objectives.back().krs) owners.insert(v.kr.owner);
    }
    report.owners.assign(owners.begin(), owners.end());
    if (repos.playbook) {
        std::set<int> shown;
        for (const auto& ov : report.objectives)
            for (const auto& k : ov.krs) shown.insert(k.kr.number);
        for (auto& w : repos.playbook->wins_of_team(ws, team.id, from, to)) {
            // A win linked to a KR left out (internal, for stakeholders) stays out too.
            if (public_only && w.kr_number && !shown.count(*w.kr_number)) continue;
            report.wins.push_back(std::move(w));
        }
    }
    return report;
}

}  // namespace goalpost::core
