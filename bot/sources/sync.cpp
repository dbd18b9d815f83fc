#include "bot/sources/sync.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "bot/outbox/routes.hpp"
#include "bot/outbox/writer.hpp"
#include "bot/service/log.hpp"
#include "bot/service/metrics.hpp"
#include "core/commands/dispatch.hpp"
#include "core/numbers.hpp"
#include "core/playbook.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::bot {
namespace {

// Claimed per transaction: a round of many sources does not hold one claim for long.
constexpr int batch = 20;

sources::Reading failure(std::string error, bool retry = false) {
    sources::Reading r;
    r.error = std::move(error);
    r.retry = retry;
    return r;
}

std::string key_of(const char* what, core::RowId kr_id, core::Time now) {
    return fmt::format("{}:{}:{}", what, kr_id, now.time_since_epoch().count());
}

std::chrono::seconds interval_of(const config::Settings& settings) {
    return std::chrono::minutes(settings.sources.interval_minutes);
}

// When to read again after a read: the interval; sooner after a failure worth retrying, and
// never sooner than the platform asked.
core::Time next_read(const config::Settings& settings, const sources::Reading& r, int failures, core::Time now) {
    const auto interval = interval_of(settings);
    if (r.value || !r.retry) return now + interval;
    auto backoff = std::chrono::seconds(60) * (1 << std::min(failures - 1, 10));
    backoff = std::min<std::chrono::seconds>(backoff, interval);
    if (r.retry_after_seconds) backoff = std::max(backoff, std::chrono::seconds(*r.retry_after_seconds));
    return now + backoff;
}

}  // namespace

SourceSync::SourceSync(storage::Storage& store, const config::Settings& settings, OutboundHttp& http,
                       OutboxWriter& outbox, Metrics& metrics)
    : store_(store), settings_(settings), http_(http), outbox_(outbox), metrics_(metrics) {
    hooks_.interval_minutes = settings.sources.interval_minutes;
    hooks_.check = [this](const core::SourceSpec& spec) { return lacking(spec); };
    hooks_.sync = [this](const core::WorkspaceKey& ws, const core::KeyResult& kr, core::Time now,
                         std::function<void(const core::SyncReport&)> later) {
        return sync_now(ws, kr, now, std::move(later));
    };
}

SourceSync::~SourceSync() { wait_for_background(); }

void SourceSync::wait_for_background() {
    std::vector<std::future<void>> running;
    {
        std::lock_guard lock(background_mutex_);
        running.swap(background_);
    }
    for (auto& f : running) f.wait();
}

std::optional<std::string> SourceSync::lacking(const core::SourceSpec& spec) const {
    if (spec.kind == "url" && !spec.args.empty() && !settings_.sources.url(spec.args[0])) {
        return fmt::format("the config has no URL sources.urls.{}", spec.args[0]);
    }
    if (auto key = sources::missing_setting(spec.kind, settings_.sources)) return fmt::format("{} isn't set", *key);
    return std::nullopt;
}

sources::Reading SourceSync::read_source(const core::SourceSpec& spec, core::Time now) {
    if (auto missing = lacking(spec)) {
        return failure(fmt::format("goalpost can't read {}: {} in its configuration", spec.kind, *missing));
    }
    sources::Source* source = nullptr;
    {
        std::lock_guard lock(sources_mutex_);
        auto& slot = sources_[spec.kind];
        if (!slot) slot = sources::make_source(spec.kind, settings_.sources, http_);
        source = slot.get();
    }
    if (!source) return failure(fmt::format("`{}` isn't a kind of source", spec.kind));
    try {
        return source->read(spec.args, now);
    } catch (const std::exception& e) {
        log::error("source {} failed: {}", spec.kind, e.what());
        return failure("reading it failed unexpectedly", true);
    }
}

core::SyncReport SourceSync::read_one(const storage::DueSource& due, core::Time now) {
    const auto& ws = due.workspace;
    const std::string& kind = due.spec.kind;
    auto repos = store_.repositories();
    core::SyncReport report;
    storage::SourceRead done{now, std::nullopt, "", due.failures, due.alerted, now + interval_of(settings_)};
    auto kr = repos.objectives.find_key_result(ws, due.kr_number);
    auto objective = kr ? repos.objectives.find_objective(ws, kr->objective_number) : std::nullopt;
    if (!kr || !objective) {
        store_.source_jobs().finish(due, done);  // the KR is gone; its source row goes with it
        return report;
    }
    // An archived objective is done with: its KRs are not read (nor checked in) any more.
    if (repos.playbook && repos.playbook->is_archived(ws, objective->id)) {
        done.error = "its objective is archived";
        store_.source_jobs().finish(due, done);
        return report;
    }
    sources::Reading reading = read_source(due.spec, now);
    if (reading.value && !std::isfinite(*reading.value)) reading = failure("the value read isn't a finite number");
    if (reading.value) {
        report.value = reading.value;
        if (*reading.value != kr->current) {
            core::HandlerContext ctx{repos, core::Actor{ws, core::source_user(kind), "goalpost", ""}, now, {},
                                     settings_.slack.command};
            ctx.source_reading = true;
            auto out = core::handle(core::Command{core::CheckinCmd{due.kr_number, *reading.value, std::nullopt, ""}}, ctx);
            if (out.checkin_recorded) {
                report.changed = true;
                metrics_.record_checkin();
                out.announcements.insert(out.announcements.begin(), {out.team_id, "", out.message});
                outbox_.announce(ws, out.announcements, now);
            } else {
                // The KR refuses the number (a done-or-not KR read 7): the owner must hear of it.
                core::Message refusal;
                refusal.text = out.refusal ? out.refusal->what : "the check-in was refused";
                reading = failure(core::plain_text(refusal));
                report.value.reset();
            }
        }
    }
    if (reading.value) {
        done.value = reading.value;
        done.failures = 0;
        if (due.alerted) {
            core::Message m;
            m.text = fmt::format("KR-{} reads its source again", due.kr_number);
            m.section(fmt::format(":white_check_mark: KR-{} {} reads its value from {} again: {}.", due.kr_number,
                                  core::escape_text(kr->title), core::escape_text(core::describe_source(due.spec)),
                                  core::format_value(*reading.value, kr->unit)));
            tell_owner(ws, *kr, objective->team_id, m, key_of("source-ok", due.kr_id, now), now);
            done.alerted = false;
        }
        metrics_.record_source_read(kind, report.changed ? "changed" : "unchanged");
    } else {
        report.error = reading.error;
        done.error = reading.error;
        done.failures = due.failures + 1;
        if (done.failures >= alert_after && !due.alerted) {
            core::Message m;
            m.text = fmt::format("KR-{} can't read its source", due.kr_number);
            m.section(fmt::format(":warning: KR-{} {} couldn't read its value from {} {} times in a row: {}", due.kr_number,
                                  core::escape_text(kr->title), core::escape_text(core::describe_source(due.spec)),
                                  done.failures, core::escape_text(reading.error)));
            m.context(fmt::format("goalpost keeps trying and tells you when it works again. Read it now: `{} kr sync "
                                  "KR-{}` · stop: `{} kr source KR-{} off`",
                                  settings_.slack.command, due.kr_number, settings_.slack.command, due.kr_number));
            tell_owner(ws, *kr, objective->team_id, m, key_of("source-failing", due.kr_id, now),
                       now);
            done.alerted = true;
        }
        metrics_.record_source_read(kind, "failed");
        log::warn("source {} of KR-{} in {} failed ({} in a row): {}", kind, due.kr_number, ws, done.failures,
                  reading.error);
    }
    done.next_read_at = next_read(settings_, reading, done.failures, now);
    store_.source_jobs().finish(due, done);
    return report;
}

void SourceSync::tell_owner(const core::WorkspaceKey& ws, const core::KeyResult& kr, core::RowId team_id,
                            const core::Message& message, const std::string& key, core::Time now) {
    // Slack: a direct message. Teams has none: the team's channel, naming the owner.
    if (core::platform_of(ws) == core::Platform::slack && !kr.owner.empty()) {
        try {
            outbox_.write(ws, {to_slack_user(kr.owner, message, key)}, now);
        } catch (const std::exception& e) {
            log::error("the message to KR-{}'s owner about its source could not be written: {}", kr.number, e.what());
        }
        return;
    }
    core::Message m = message;
    if (!kr.owner.empty()) m.section(fmt::format("For {}, who owns it.", core::mention(kr.owner)));
    outbox_.announce(ws, {{team_id, key, m}}, now);
}

SourceSync::Round SourceSync::run_round(core::Time now) {
    Round round;
    for (;;) {
        auto due = store_.source_jobs().claim_due(now, lease, batch);
        for (const auto& d : due) {
            const auto report = read_one(d, now);
            ++round.read;
            if (report.changed) ++round.changed;
            if (!report.error.empty()) ++round.failed;
        }
        if (due.size() < static_cast<std::size_t>(batch)) break;
    }
    return round;
}

core::SyncReport SourceSync::sync_now(const core::WorkspaceKey& ws, const core::KeyResult& kr, core::Time now,
                                      std::function<void(const core::SyncReport&)> later) {
    auto due = store_.source_jobs().claim_one(ws, kr.id, now, lease);
    if (!due) {
        core::SyncReport busy;
        busy.error = "it is being read right now; try again in a minute";
        return busy;
    }
    if (!later) return read_one(*due, now);
    // The read and the command race: whichever is second to finish answers.
    struct Race {
        std::mutex mutex;
        std::condition_variable done_cv;
        std::optional<core::SyncReport> report;
        bool answered = false;  // the command answered "reading" and left
    };
    auto race = std::make_shared<Race>();
    {
        std::lock_guard lock(background_mutex_);
        std::erase_if(background_, [](std::future<void>& f) {
            return f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
        });
        background_.push_back(std::async(std::launch::async, [this, race, d = *due, now, later = std::move(later)] {
            core::SyncReport report;
            try {
                report = read_one(d, now);
            } catch (const std::exception& e) {
                log::error("kr sync of KR-{} in {} failed: {}", d.kr_number, d.workspace, e.what());
                report.error = "goalpost's database failed while recording it; try again";
            }
            std::unique_lock lock(race->mutex);
            race->report = report;
            if (race->answered) {
                lock.unlock();
                later(report);
                return;
            }
            race->done_cv.notify_all();
        }));
    }
    std::unique_lock lock(race->mutex);
    if (race->done_cv.wait_for(lock, answer_within_, [&] { return race->report.has_value(); })) return *race->report;
    race->answered = true;
    core::SyncReport pending;
    pending.pending = true;
    return pending;
}

SourceLoop::SourceLoop(SourceSync& sync, storage::SourceJobs& jobs, std::function<core::Time()> clock)
    : sync_(sync), jobs_(jobs), clock_(std::move(clock)) {}

SourceLoop::~SourceLoop() { stop(); }

void SourceLoop::start() { thread_ = std::thread([this] { run(); }); }

void SourceLoop::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void SourceLoop::run() {
    constexpr std::chrono::seconds at_most{60};
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        std::chrono::seconds wait = at_most;
        try {
            const core::Time now = clock_();
            sync_.run_round(now);
            if (auto next = jobs_.next_due()) {
                wait = std::clamp<std::chrono::seconds>(std::chrono::duration_cast<std::chrono::seconds>(*next - now),
                                                        std::chrono::seconds(1), at_most);
            }
        } catch (const std::exception& e) {
            // The database failed: the claims lapse and another round reads them.
            log::error("a round of key-result sources failed: {}", e.what());
        }
        lock.lock();
        wake_.wait_for(lock, wait, [this] { return stopping_; });
    }
}

}  // namespace goalpost::bot
