#pragma once
// The outbox: every outbound message is a row before it is sent, and stays until the
// platform accepted it (or it is parked as dead after a bounded number of attempts).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace goalpost::storage {

class Database;
class SqliteStore;

struct NewOutboxItem {
    std::string platform;          // "slack" | "teams"
    std::string destination_kind;  // "channel" | "user" (Slack DM) | "home" (Slack App Home tab) | "webhook" (Teams)
    std::string destination;       // channel id | user id | team row id (as text) for webhooks
    // JSON: Slack {"text","blocks"} (channel added at send), Slack {"view"} for "home" (user_id
    // added at send), or the Teams envelope
    std::string payload;
    // A second insert with the same key in the same workspace is ignored. Keys are scoped to
    // the workspace (stored as "<workspace key>|<dedupe key>"), so two workspaces never collide.
    std::optional<std::string> dedupe_key;
};

struct OutboxItem {
    std::int64_t id = 0;
    core::WorkspaceKey workspace;
    std::string platform;
    std::string destination_kind;
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

// Inserts rows inside the caller's open transaction (used by the scheduler so that a
// schedule's run and its messages commit together). Returns how many rows were inserted
// (duplicates by dedupe_key are skipped). Creates the workspace row if needed; never begins
// or commits a transaction itself.
int insert_outbox(Database& db, const core::WorkspaceKey& ws, const std::vector<NewOutboxItem>& items,
                  core::Time now);

class OutboxStore {
public:
    explicit OutboxStore(SqliteStore& store) : store_(store) {}

    // One transaction. Returns how many rows were inserted.
    int enqueue(const core::WorkspaceKey& ws, const std::vector<NewOutboxItem>& items, core::Time now);
    // Pending rows whose next_attempt_at <= now, oldest first: by next_attempt_at, then id
    // (so the row that has waited longest goes first and none starves behind a batch limit).
    std::vector<OutboxItem> due(core::Time now, int limit);
    // The same, for rows of the given platforms only ("slack", "teams").
    std::vector<OutboxItem> due(core::Time now, int limit, const std::vector<std::string>& platforms);
    // Earliest next_attempt_at of a pending row.
    std::optional<core::Time> next_due();
    std::optional<core::Time> next_due(const std::vector<std::string>& platforms);
    // Every mark_* and postpone touches only a pending row: a row already sent or dead stays so.
    // Counts the successful attempt.
    void mark_sent(std::int64_t id, core::Time now);
    // Still pending: attempts recorded, tried again at `next_attempt_at`.
    void mark_retry(std::int64_t id, int attempts, core::Time next_attempt_at, const std::string& error);
    // Only pushes the next attempt later (pacing), without counting an attempt; never earlier.
    void postpone(std::int64_t id, core::Time next_attempt_at);
    void mark_dead(std::int64_t id, int attempts, const std::string& error);
    OutboxCounts counts();

    struct Compacted {
        int deleted = 0;  // sent rows without a dedupe key, gone
        int emptied = 0;  // sent rows with one: payload cleared, the row (and its key) kept
    };
    // Retention for rows sent before `sent_before`, in one transaction. A row with a dedupe
    // key stays (emptied), so a celebration or a schedule's message can never go out twice;
    // pending and dead rows are never touched.
    Compacted compact(core::Time sent_before);

private:
    SqliteStore& store_;
};

}  // namespace goalpost::storage
