#pragma once
// The ports bot needs from storage beside core's repositories (core/ports.hpp): the outbox,
// the record of schedule runs, and the log of handled platform events. Operational, not
// domain: core never sends, schedules or deduplicates anything itself. Every method is one
// transaction; failures of the environment are thrown as StorageError (storage/errors.hpp).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ports.hpp"
#include "core/sources.hpp"
#include "core/types.hpp"

namespace goalpost::storage {

// Where an outbox row goes on its platform.
enum class DestinationKind {
    channel,        // a Slack channel id
    user,           // a Slack user id: a DM, opened at send
    home,           // a Slack user id: their App Home tab (views.publish)
    teams_webhook,  // a team's row id: its Teams Workflows webhook
};
std::string_view destination_name(DestinationKind kind);  // "channel" | "user" | "home" | "webhook"

struct NewOutboxItem {
    core::Platform platform = core::Platform::slack;
    DestinationKind destination_kind = DestinationKind::channel;
    std::string destination;  // channel id | user id | team row id (as text) for webhooks
    // JSON: Slack {"text","blocks"} (channel added at send), Slack {"view"} for App Home
    // (user_id added at send), or the Teams envelope
    std::string payload;
    // A second insert with the same key in the same workspace is ignored; keys of two
    // workspaces never collide.
    std::optional<std::string> dedupe_key;
};

struct OutboxItem {
    std::int64_t id = 0;
    core::WorkspaceKey workspace;
    core::Platform platform = core::Platform::slack;
    DestinationKind destination_kind = DestinationKind::channel;
    std::string destination;
    std::string payload;
    int attempts = 0;
    core::Time next_attempt_at{};
    core::Time created_at{};
};

struct OutboxCounts {
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t dead = 0;
};

// Every outbound message is a row before it is sent, and stays until the platform accepted
// it (or it is parked as dead after a bounded number of attempts).
class Outbox {
public:
    virtual ~Outbox() = default;

    // Returns how many rows were inserted (duplicates by dedupe_key are skipped).
    virtual int enqueue(const core::WorkspaceKey& ws, const std::vector<NewOutboxItem>& items, core::Time now) = 0;
    // Pending rows of the given platforms whose next_attempt_at <= now and that no instance
    // holds a claim on, oldest first: by next_attempt_at, then id (so the row that has waited
    // longest goes first and none starves behind a batch limit). Reads only.
    virtual std::vector<OutboxItem> due(core::Time now, int limit, const std::vector<core::Platform>& platforms) = 0;
    // The same rows, claimed for this sender until now + lease, in the same transaction:
    // another instance's claim skips them until one of mark_* or postpone releases the claim,
    // or the lease ends (the claimer died: the rows are sent by whoever claims next).
    virtual std::vector<OutboxItem> claim(core::Time now, int limit, const std::vector<core::Platform>& platforms,
                                          std::chrono::seconds lease) = 0;
    std::vector<OutboxItem> due(core::Time now, int limit) {
        return due(now, limit, {core::Platform::slack, core::Platform::teams});
    }
    // Earliest next_attempt_at of a pending row of the given platforms.
    virtual std::optional<core::Time> next_due(const std::vector<core::Platform>& platforms) = 0;
    std::optional<core::Time> next_due() { return next_due({core::Platform::slack, core::Platform::teams}); }
    // Every mark_* and postpone touches only a pending row (a row already sent or dead stays
    // so) and releases its claim.
    // Counts the successful attempt.
    virtual void mark_sent(std::int64_t id, core::Time now) = 0;
    // Still pending: attempts recorded, tried again at `next_attempt_at`.
    virtual void mark_retry(std::int64_t id, int attempts, core::Time next_attempt_at, const std::string& error) = 0;
    // Only pushes the next attempt later (pacing), without counting an attempt; never earlier.
    virtual void postpone(std::int64_t id, core::Time next_attempt_at) = 0;
    virtual void mark_dead(std::int64_t id, int attempts, const std::string& error) = 0;
    virtual OutboxCounts counts() = 0;

    struct Compacted {
        int deleted = 0;  // sent rows without a dedupe key, gone
        int emptied = 0;  // sent rows with one: payload cleared, the row (and its key) kept
    };
    // Retention for rows sent before `sent_before`, in one transaction. A row with a dedupe
    // key stays (emptied), so a celebration or a schedule's message can never go out twice;
    // pending and dead rows are never touched.
    virtual Compacted compact(core::Time sent_before) = 0;
    // Pacing shared by every instance: a key (a destination, a workspace held back after a
    // 429) may not be sent to before `until`. hold() only ever moves a key's time later;
    // holds() gives every key still held at `now`.
    virtual void hold(const std::string& key, core::Time until) = 0;
    virtual std::vector<std::pair<std::string, core::Time>> holds(core::Time now) = 0;
    // The Teams Workflows webhook URL of a team, where its teams_webhook rows go (a secret:
    // callers never log it).
    virtual std::optional<std::string> teams_webhook_url(core::RowId team_id) = 0;
};

// A team as the scheduler sees it.
struct ScheduledTeam {
    core::WorkspaceKey workspace;
    core::Team team;
    core::TeamSettings settings;
};

// Each (team, kind, period) of the cadence fires at most once, recorded in the same
// transaction that puts its messages into the outbox.
class ScheduleRuns {
public:
    virtual ~ScheduleRuns() = default;

    // Every team of every workspace with its settings.
    virtual std::vector<ScheduledTeam> all_teams() = 0;
    virtual bool has_run(core::RowId team_id, const std::string& kind, const std::string& period) = 0;
    // Records the run and enqueues its messages in one transaction; false (and nothing
    // written) when that (team, kind, period) already ran. outcome: "fired" | "skipped".
    virtual bool record_run(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& kind,
                            const std::string& period, core::Time due, const std::string& outcome,
                            const std::vector<NewOutboxItem>& messages, core::Time now) = 0;
};

// Platform events already handled (Teams Activities, Slack event ids), so that each runs at
// most once. A Teams outgoing webhook signs the body but no timestamp header, so a captured
// request could be replayed within the 5-minute window.
class EventLog {
public:
    virtual ~EventLog() = default;

    // Records the event as handled at `now`; false (and nothing changed) when it already was.
    // Also forgets events handled more than a day before `now`, which the 5-minute timestamp
    // window refuses anyway.
    virtual bool remember_activity(const std::string& activity_key, core::Time now) = 0;
    // Forgets one event again, so that a retry runs when handling it failed.
    virtual void forget_activity(const std::string& activity_key) = 0;
    // How many events are remembered (for tests and diagnostics).
    virtual long long remembered_count() = 0;
};

// The REST API's side of its tokens: who a bearer token is, and the answers kept for
// Idempotency-Key. (core::ApiTokenRepository creates, lists and revokes them.)
struct ApiCaller {
    core::WorkspaceKey workspace;
    core::RowId token_id = 0;
    std::string name;
    std::optional<core::RowId> scope_team_id;
    std::optional<core::Time> last_used_at;
};

// What claiming an Idempotency-Key found.
struct IdempotencyClaim {
    enum class State {
        claimed,   // first use: run the request, then answer_idempotency_key (or release)
        answered,  // a request with this key and body was answered: status and body
        in_use,    // the first request with this key has not finished
        reused,    // the key was used with another body
    } state = State::claimed;
    int status = 0;
    std::string body;
};

class ApiAccess {
public:
    virtual ~ApiAccess() = default;

    // The token not revoked whose secret hashes to `hash`.
    virtual std::optional<ApiCaller> find_token(const std::string& hash) = 0;
    virtual void touch_token(core::RowId token_id, core::Time at) = 0;

    // Claims `key` for this token's request with body hash `body_hash`, first forgetting the
    // token's keys older than `keep` (one transaction).
    virtual IdempotencyClaim claim_idempotency_key(core::RowId token_id, const std::string& key,
                                                   const std::string& body_hash, core::Time now,
                                                   std::chrono::seconds keep) = 0;
    // The answer to replay for the claimed key.
    virtual void answer_idempotency_key(core::RowId token_id, const std::string& key, int status,
                                        const std::string& body) = 0;
    // The request failed without changing anything: a retry may run it.
    virtual void release_idempotency_key(core::RowId token_id, const std::string& key) = 0;
};

// Reading key-result sources as durable jobs: each KR's source is due at its next_read_at;
// an instance claims what is due for a lease, reads it, and records what the read gave. A
// claim another instance holds is skipped, so two instances (or a restart) never read one
// source twice in an interval; a claim whose instance died is taken again after its lease.
struct DueSource {
    core::WorkspaceKey workspace;
    core::RowId kr_id = 0;
    int kr_number = 0;
    core::SourceSpec spec;
    int failures = 0;      // failed reads in a row before this one
    bool alerted = false;  // the owner was told the reads fail
};

struct SourceRead {
    core::Time at{};
    std::optional<double> value;  // none: the read failed
    std::string error;
    int failures = 0;
    bool alerted = false;
    core::Time next_read_at{};
};

class SourceJobs {
public:
    virtual ~SourceJobs() = default;
    // Up to `limit` sources due at `now` and not claimed, claimed until now + lease (one
    // transaction), by next_read_at.
    virtual std::vector<DueSource> claim_due(core::Time now, std::chrono::seconds lease, int limit) = 0;
    // The KR's source whatever its next_read_at (`kr sync`); nothing when it has none or
    // another instance is reading it.
    virtual std::optional<DueSource> claim_one(const core::WorkspaceKey& ws, core::RowId kr_id, core::Time now,
                                               std::chrono::seconds lease) = 0;
    // What the read gave; releases the claim. A source removed or replaced meanwhile is left
    // as it is now.
    virtual void finish(const DueSource& source, const SourceRead& read) = 0;
    // The earliest next_read_at of any source; nothing without sources.
    virtual std::optional<core::Time> next_due() = 0;
};

// The dashboard's sign-in: a link's secret is exchanged once for a browser session. Only
// SHA-256 hashes of the secrets are stored (they are random, so a fast hash is enough).
struct DashboardGrant {
    core::WorkspaceKey workspace;
    std::string user_id;                // the person; empty for a link shared with a Teams channel
    std::optional<core::RowId> team_id; // the team view it opens (and, when shared, the only one)
    bool shared = false;                // usable by whoever opens it until it expires
};

class DashboardAccess {
public:
    virtual ~DashboardAccess() = default;
    // Also forgets links and sessions that expired a day ago.
    virtual void create_link(const std::string& hash, const DashboardGrant& grant, core::Time expires_at,
                             core::Time now) = 0;
    // The link's grant when it exists, has not expired and (unless shared) was never used;
    // marks it used, in one transaction.
    virtual std::optional<DashboardGrant> redeem_link(const std::string& hash, core::Time now) = 0;
    virtual void create_session(const std::string& hash, const DashboardGrant& grant, core::Time expires_at) = 0;
    virtual std::optional<DashboardGrant> find_session(const std::string& hash, core::Time now) = 0;
    // A monthly summary's stakeholder view: the token is the credential (no session), for the
    // team in `grant`, until `expires_at` (the next summary).
    virtual void create_summary_link(const std::string& hash, const DashboardGrant& grant, core::Time expires_at,
                                     core::Time now) = 0;
    virtual std::optional<DashboardGrant> find_summary_link(const std::string& hash, core::Time now) = 0;
};

}  // namespace goalpost::storage
