#pragma once
// A team's goals over a window (a week for digests, a month for summaries): progress then
// and now, who checked in, what is at risk. Gathered through the ports, judged by pure rules.
#include <optional>
#include <string>
#include <vector>

#include "core/ports.hpp"

namespace goalpost::core {

// Why a KR is at risk (README "OKR rules"); empty when it is not.
struct Risk {
    bool behind_pace = false;     // expected - progress >= 0.25
    bool low_confidence = false;  // latest confidence <= 4
    bool stale = false;           // no check-in for 14 days
    bool any() const { return behind_pace || low_confidence || stale; }
    std::string explain() const;  // "behind pace, no check-in for 2 weeks"
};

inline constexpr double behind_pace_margin = 0.25;
inline constexpr int low_confidence_at_most = 4;
inline constexpr int stale_after_days = 14;

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
};

// Expected progress at `at`: the elapsed share of the KR's own dates (created -> due) when it
// has a due date, else of its objective's cycle.
double expected_progress(const KeyResult& kr, const Objective& o, Time at);
Risk risk_of(const KeyResult& kr, const Objective& o, double progress_now, Time at);

// `public_only` leaves internal objectives out (stakeholder summaries).
TeamReport gather_report(const Repositories& repos, const WorkspaceKey& ws, const Team& team, Time from, Time to,
                         bool public_only);

}  // namespace goalpost::core
