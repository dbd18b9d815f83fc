#include "bot/cadence_service.hpp"

#include <fmt/format.h>

#include "bot/log.hpp"
#include "core/schedule/cadence.hpp"
#include "core/schedule/digest.hpp"
#include "storage/sqlite_store.hpp"

namespace goalpost::bot {
namespace {

constexpr core::ScheduleKind all_kinds[] = {core::ScheduleKind::reminder, core::ScheduleKind::nudge,
                                            core::ScheduleKind::digest, core::ScheduleKind::summary};

bool is_teams(const core::WorkspaceKey& ws) { return core::platform_of(ws) == core::Platform::teams; }

// The calendar month before the one containing `at`, in the team's zone: "2026-11".
std::string previous_month(const std::string& tz, core::Time at) {
    return core::month_key(tz, core::month_start(tz, at) - std::chrono::seconds(1));
}

}  // namespace

CadenceService::CadenceService(storage::SqliteStore& store, storage::CadenceStore& cadence,
                               std::chrono::seconds grace, std::string command_name, Renderer slack, Renderer teams)
    : store_(store), cadence_(cadence), grace_(grace), command_name_(std::move(command_name)),
      slack_(std::move(slack)), teams_(std::move(teams)) {}

core::Repositories CadenceService::repositories() {
    auto repos = store_.repositories();
    repos.cadence = &cadence_;
    repos.reports = &cadence_;
    return repos;
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

std::vector<storage::NewOutboxItem> CadenceService::messages_for(const storage::ScheduledTeam& t,
                                                                 core::ScheduleKind kind, const core::Occurrence& o,
                                                                 core::Time now) {
    const auto& tz = t.settings.cadence.timezone;
    const bool teams = is_teams(t.workspace);
    const std::string key = fmt::format("{}:{}:{}", core::kind_name(kind), t.team.id, o.period);
    std::vector<storage::NewOutboxItem> items;
    auto to_channel = [&](const std::string& channel, const core::Message& m) {
        if (teams) {
            if (!t.settings.has_teams_webhook) {
                log::warn("team {} has no Teams webhook: its {} is not posted", t.team.id, core::kind_name(kind));
                return;
            }
            items.push_back({"teams", "webhook", std::to_string(t.team.id), teams_(m), key});
        } else {
            if (channel.empty()) {
                log::warn("team {} has no channel: its {} is not posted", t.team.id, core::kind_name(kind));
                return;
            }
            items.push_back({"slack", "channel", channel, slack_(m), key});
        }
    };
    switch (kind) {
        case core::ScheduleKind::reminder:
        case core::ScheduleKind::nudge: {
            bool nudge = kind == core::ScheduleKind::nudge;
            // Whoever checked in since the week began (local) up to now gets nothing.
            auto week = core::gather_report(repositories(), t.workspace, t.team, core::week_start(tz, o.due), now, false);
            if (teams) {
                if (!core::not_checked_in(week).empty()) {
                    to_channel(t.settings.channel, core::build_channel_reminder(week, nudge, command_name_));
                }
            } else {
                for (auto& pm : core::build_reminders(week, nudge, command_name_)) {
                    items.push_back({"slack", "user", pm.user_id, slack_(pm.message), key + ":" + pm.user_id});
                }
            }
            break;
        }
        case core::ScheduleKind::digest: {
            to_channel(t.settings.channel, core::weekly_digest(repositories(), t.workspace, t.team, tz, o.due));
            break;
        }
        case core::ScheduleKind::summary: {
            // The summary on day D of a month covers the calendar month before it.
            std::string month = previous_month(tz, o.due);
            if (auto m = summary(t.workspace, t.team, month)) {
                const auto& channel =
                    t.settings.stakeholder_channel.empty() ? t.settings.channel : t.settings.stakeholder_channel;
                to_channel(channel, *m);
            }
            break;
        }
    }
    return items;
}

CadenceService::Result CadenceService::run_due(core::Time now) {
    Result result;
    for (const auto& t : cadence_.all_teams()) {
        for (auto kind : all_kinds) {
            auto o = core::latest_occurrence(kind, t.settings.cadence, now);
            if (!o || o->due < t.team.created_at) continue;  // nothing was due since the team exists
            const char* kind_name = core::kind_name(kind);
            if (cadence_.has_run(t.team.id, kind_name, o->period)) continue;
            if (now - o->due > grace_) {
                if (cadence_.record_run(t.workspace, t.team.id, kind_name, o->period, o->due, "skipped", {}, now)) {
                    log::warn("team {}: {} {} fell due at {}s and is older than the grace window: skipped", t.team.id,
                              kind_name, o->period, o->due.time_since_epoch().count());
                    ++result.skipped;
                }
                continue;
            }
            auto items = messages_for(t, kind, *o, now);
            if (cadence_.record_run(t.workspace, t.team.id, kind_name, o->period, o->due, "fired", items, now)) {
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
    for (const auto& t : cadence_.all_teams()) {
        for (auto kind : all_kinds) {
            auto o = core::next_occurrence(kind, t.settings.cadence, now);
            if (o && (!best || o->due < *best)) best = o->due;
        }
    }
    return best;
}

}  // namespace goalpost::bot
