#pragma once
// Reading key-result sources (bot/sources/source.hpp) and turning what they give into
// check-ins: every source is due once per `sources.interval_minutes`; a round claims what is
// due (storage::SourceJobs, so two instances or a restart do not read one twice), reads it,
// and records a check-in by "goalpost (source: KIND)" only when the value differs from the
// KR's current value (so a read whose record was lost in a crash records nothing twice). A
// changed value is posted and celebrated like any check-in. A failed read of a network error,
// a 5xx or a 429 is tried again sooner (1, 2, 4 ... minutes, or what Retry-After asks, up to
// the interval); after 3 failed reads in a row the KR's owner is told once what fails and how
// to fix it, and once more when a read works again.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bot/sources/source.hpp"
#include "config/settings.hpp"
#include "core/message.hpp"
#include "core/sources.hpp"
#include "storage/storage.hpp"

namespace goalpost::bot {

class Metrics;
class OutboxWriter;
class OutboundHttp;

class SourceSync {
public:
    SourceSync(storage::Storage& store, const config::Settings& settings, OutboundHttp& http, OutboxWriter& outbox,
               Metrics& metrics);
    ~SourceSync();
    SourceSync(const SourceSync&) = delete;
    SourceSync& operator=(const SourceSync&) = delete;

    struct Round {
        int read = 0;
        int changed = 0;
        int failed = 0;
    };
    // Reads every source due at `now`.
    Round run_round(core::Time now);
    // `kr sync`: the KR's source, now. With `later`, a read still going after answer_within
    // returns pending and hands its report to `later` from a thread of its own.
    core::SyncReport sync_now(const core::WorkspaceKey& ws, const core::KeyResult& kr, core::Time now,
                              std::function<void(const core::SyncReport&)> later = {});
    // Waits for the reads sync_now left running (tests; the destructor too).
    void wait_for_background();
    // How long `kr sync` waits for its read before answering "reading" (Slack shows an error
    // for an answer later than 3 seconds).
    void set_answer_within(std::chrono::milliseconds wait) { answer_within_ = wait; }
    // For `kr source` and `kr sync` (core::HandlerContext::sources).
    const core::SourceHooks& hooks() const { return hooks_; }
    // What the configuration lacks to read `spec` ("sources.jira.api_token isn't set").
    std::optional<std::string> lacking(const core::SourceSpec& spec) const;

    // How long a claimed source stays with this instance: longer than any read takes.
    static constexpr std::chrono::seconds lease{300};
    // Failed reads in a row before the owner is told.
    static constexpr int alert_after = 3;

private:
    core::SyncReport read_one(const storage::DueSource& due, core::Time now);
    sources::Reading read_source(const core::SourceSpec& spec, core::Time now);
    void tell_owner(const core::WorkspaceKey& ws, const core::KeyResult& kr, core::RowId team_id,
                    const core::Message& message, const std::string& key, core::Time now);

    storage::Storage& store_;
    const config::Settings& settings_;
    OutboundHttp& http_;
    OutboxWriter& outbox_;
    Metrics& metrics_;
    core::SourceHooks hooks_;
    std::chrono::milliseconds answer_within_{2500};
    std::mutex background_mutex_;
    std::vector<std::future<void>> background_;
    std::mutex sources_mutex_;
    std::map<std::string, std::unique_ptr<sources::Source>> sources_;  // by kind, made when first read
};

// Runs rounds in `serve` on a thread of its own, so that a slow platform never holds up
// reminders or delivery: a round when the earliest source falls due, looking again at least
// every minute (a source just set is read within one).
class SourceLoop {
public:
    SourceLoop(SourceSync& sync, storage::SourceJobs& jobs, std::function<core::Time()> clock);
    ~SourceLoop();
    SourceLoop(const SourceLoop&) = delete;
    SourceLoop& operator=(const SourceLoop&) = delete;
    void start();
    // Finishes the read in progress, then stops the thread.
    void stop();

private:
    void run();

    SourceSync& sync_;
    storage::SourceJobs& jobs_;
    std::function<core::Time()> clock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace goalpost::bot
