#include "bot/service/cadence_service.hpp"

#include "bot/crypto/hmac.hpp"
#include "bot/dashboard/pages.hpp"

#include "bot/outbox/routes.hpp"
#include "bot/service/log.hpp"
#include "core/schedule/cadence.hpp"
#include "core/schedule/digest.hpp"
#include "core/schedule/plan.hpp"

namespace goalpost::bot {
namespace {

constexpr core::ScheduleKind all_kinds[] = {core::ScheduleKind::reminder, core::ScheduleKind::nudge,
                                            core::ScheduleKind::digest, core::ScheduleKind::summary};

// The calendar month before the one containing `at`, in the team's zone: "2026-11".
std::string previous_month(const std::string& tz, core::Time at) {
    return core::month_key(tz, core::month_start(tz, at) - std::chrono::seconds(1));
}

}  // namespace

CadenceService::CadenceService(storage::Storage& store, std::chrono::seconds grace, std::string command_name,
                               std::optional<std::string> public_url)
    : store_(store),
      runs_(store.schedule_runs()),
      cadence_(*store.repositories().cadence),
      grace_(grace),
      command_name_(std::move(command_name)),
      public_url_(std::move(public_url)) {}

core::Repositories CadenceService::repositories() {
    return store_.repositories();
}

core::Message CadenceService::digest(const core::WorkspaceKey& ws, const core::Team& team, core::Time at) {
    auto settings = cadence_.settings_of(ws, team.id);
    return core::weekly_digest(repositories(), ws, team, settings ? settings->cadence.timezone : team.timezone, at);
}

std::optional<core::Message> CadenceService::summary(const core::WorkspaceKey& ws, const core::Team& team,
                                                     const std::string& month) {
    auto settings = cadence_.settings_of(ws, team.id);
    auto range = core::month_range(settings ? settings->cadence.timezone : team.timezone, month);
    if (!range) return std::nullopt;
    return core::monthly_summary(repositories(), ws, team, range->first, range->second, month);
}

// Gathers what the occurrence has to say, lets core plan where it goes, and renders each
// planned message for the team's platform (outbox/routes).
std::vector<storage::NewOutboxItem> CadenceService::messages_for(const storage::ScheduledTeam& t,
                                                                 core::ScheduleKind kind, const core::Occurrence& o,
                                                                 core::Time now) {
    const auto& tz = t.settings.cadence.timezone;
    const core::ScheduledSlot slot{core::platform_of(t.workspace), t.team.id, t.settings, kind, o.period};
    core::SchedulePlan plan;
    switch (kind) {
        case core::ScheduleKind::reminder:
        case core::ScheduleKind::nudge: {
            // Whoever checked in since the week began (local) up to now gets nothing.
            auto week = core::gather_report(repositories(), t.workspace, t.team, core::week_start(tz, o.due), now, false);
            plan = core::plan_reminders(slot, week, command_name_);
            break;
        }
        case core::ScheduleKind::digest: {
            auto m = core::weekly_digest(repositories(), t.workspace, t.team, tz, o.due);
            // The team's page; whoever has no session yet is told to type /okr dashboard.
            if (public_url_) {
                m.section("Key results and burn-up charts on the dashboard.",
                          core::Button{"Open dashboard", "dashboard_open", "",
                                       *public_url_ + "/d/team/" + dashboard::path_segment(t.team.name)});
            }
            plan = core::plan_post(slot, m);
            break;
        }
        case core::ScheduleKind::summary:
            // The summary on day D of a month covers the calendar month before it.
            if (auto m = summary(t.workspace, t.team, previous_month(tz, o.due))) {
                if (public_url_) {
                    // Its own stakeholder view: the token is the credential, until the next summary.
                    const auto next = core::next_occurrence(kind, t.settings.cadence, o.due + std::chrono::seconds(1));
                    const core::Time until = next ? next->due : o.due + std::chrono::hours(24 * 31);
                    const std::string token = crypto::base64url_encode(crypto::random_bytes(32));
                    store_.dashboard_access().create_summary_link(
                        crypto::to_hex(crypto::sha256(token)),
                        storage::DashboardGrant{t.workspace, "", t.team.id, true}, until, now);
                    m->section("The public objectives of this team and the teams under it, as of now.",
                               core::Button{"Open dashboard", "dashboard_open", "", *public_url_ + "/d/summary/" + token});
                }
                plan = core::plan_post(slot, *m);
            }
            break;
    }
    for (const auto& warning : plan.warnings) log::warn("{}", warning);
    std::vector<storage::NewOutboxItem> items;
    for (const auto& p : plan.messages) items.push_back(to_planned(slot.platform, p));
    return items;
}

CadenceService::Result CadenceService::run_due(core::Time now) {
    Result result;
    for (const auto& t : runs_.all_teams()) {
        for (auto kind : all_kinds) {
            auto o = core::latest_occurrence(kind, t.settings.cadence, now);
            if (!o || o->due < t.team.created_at) continue;  // nothing was due since the team exists
            const char* kind_name = core::kind_name(kind);
            if (runs_.has_run(t.team.id, kind_name, o->period)) continue;
            if (now - o->due > grace_) {
                if (runs_.record_run(t.workspace, t.team.id, kind_name, o->period, o->due, "skipped", {}, now)) {
                    log::warn("team {}: {} {} fell due at {}s and is older than the grace window: skipped", t.team.id,
                              kind_name, o->period, o->due.time_since_epoch().count());
                    ++result.skipped;
                }
                continue;
            }
            auto items = messages_for(t, kind, *o, now);
            if (runs_.record_run(t.workspace, t.team.id, kind_name, o->period, o->due, "fired", items, now)) {
                ++result.fired;
                result.messages += static_cast<int>(items.size());
                log::info("team {}: {} {} fired with {} message(s)", t.team.id, kind_name, o->period, items.size());
            }
        }
    }
    return result;
}

std::optional<core::Time> CadenceService::next_due(core::Time now) {
    std::optional<core::Time> best;
    for (const auto& t : runs_.all_teams()) {
        for (auto kind : all_kinds) {
            auto o = core::next_occurrence(kind, t.settings.cadence, now);
            if (o && (!best || o->due < *best)) best = o->due;
        }
    }
    return best;
}

}  // namespace goalpost::bot
