#pragma once
// A team's goals over a window (a week for digests, a month for summaries): progress then
// and now, who checked in, what is at risk. Gathered through the ports, judged by pure rules.
#include <optional>
#include <string>
#include <vector>

#include "core/okr/cycles.hpp"
#include "core/playbook.hpp"
#include "core/ports.hpp"

namespace goalpost::core {

// Why a KR is at risk (README "OKR rules"); empty when it is not.
struct Risk {
    bool behind_pace = false;      // expected - progress >= 0.25
    bool low_confidence = false;   // latest confidence <= 4
    bool stale = false;            // no check-in for 14 days
    bool confidence_drop = false;  // latest confidence 3 or more below one given in the 7 days before it
    bool any() const { return behind_pace || low_confidence || stale || confidence_drop; }
    std::string explain() const;  // "behind pace, no check-in for 2 weeks"
};

inline constexpr double behind_pace_margin = 0.25;
inline constexpr double behind_margin = 0.10;  // "behind" (yellow) from 10 points under pace
inline constexpr int low_confidence_at_most = 4;
inline constexpr int stale_after_days = 14;
inline constexpr int confidence_drop_at_least = 3;
inline constexpr int confidence_drop_within_days = 7;

// The colour a KR's pace gets: on track (green), behind (yellow: 10 to 25 points under
// expected), at risk (red: any Risk). Done KRs are on track.
enum class Pace { on_track, behind, at_risk };
Pace pace_of(double progress_now, double expected, const Risk& risk);
const char* pace_name(Pace p);  // "on track", "behind", "at risk"
const char* pace_emoji(Pace p); // 🟢 🟡 🔴

// True when the newest check-in with a confidence is 3 or more below one given in the 7 days
// before it. `newest_first` as CheckinRepository::checkins_of returns them.
bool confidence_dropped(const std::vector<Checkin>& newest_first);

struct KrView {
    KeyResult kr;
    double before = 0;  // progress at the window's start
    double now = 0;     // progress at the window's end
    double expected = 0;
    Risk risk;
};

struct ObjectiveView {
    Objective objective;
    std::vector<KrView> krs;
    double before = 0;
    double now = 0;
};

struct TeamReport {
    WorkspaceKey workspace;
    Team team;
    TeamSettings settings;
    Time from{};
    Time to{};
    std::vector<ObjectiveView> objectives;
    std::vector<Checkin> checkins;  // in [from, to)
    std::vector<std::string> members;
    std::vector<std::string> owners;  // people who own at least one of the team's KRs
    std::vector<Win> wins;            // quick wins logged in [from, to)
};

// Expected progress at `at`: the elapsed share of the KR's own dates (created -> due) when it
// has a due date, else of its objective's cycle. `cycle` is the objective's cycle as the
// workspace defines it (a custom cycle's own dates); nullopt reads o.cycle as a calendar quarter.
double expected_progress(const KeyResult& kr, const Objective& o, Time at,
                         const std::optional<CycleSpan>& cycle = std::nullopt);
Risk risk_of(const KeyResult& kr, const Objective& o, double progress_now, Time at,
             const std::optional<CycleSpan>& cycle = std::nullopt);
// The same, with the KR's recent check-ins (newest first) for the confidence-drop rule.
Risk risk_of(const KeyResult& kr, const Objective& o, double progress_now, Time at,
             const std::vector<Checkin>& newest_first, const std::optional<CycleSpan>& cycle = std::nullopt);
// The workspace's cycles (custom ones when the repository is there, and the quarters).
CycleCalendar cycle_calendar(const Repositories& repos, const WorkspaceKey& ws);

// `public_only` leaves internal objectives out (stakeholder summaries).
TeamReport gather_report(const Repositories& repos, const WorkspaceKey& ws, const Team& team, Time from, Time to,
                         bool public_only);

}  // namespace goalpost::core
