#pragma once
// The outbox (storage::Outbox) on SQL, for both engines.
#include <vector>

#include "storage/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp
class Database;     // storage/sql/sql.hpp

class OutboxStore final : public Outbox {
public:
    explicit OutboxStore(Connections& connections) : connections_(connections) {}

    int enqueue(const core::WorkspaceKey& ws, const std::vector<NewOutboxItem>& items, core::Time now) override;
    using Outbox::due;
    std::vector<OutboxItem> due(core::Time now, int limit, const std::vector<core::Platform>& platforms) override;
    std::vector<OutboxItem> claim(core::Time now, int limit, const std::vector<core::Platform>& platforms,
                                  std::chrono::seconds lease) override;
    using Outbox::next_due;
    std::optional<core::Time> next_due(const std::vector<core::Platform>& platforms) override;
    void mark_sent(std::int64_t id, core::Time now) override;
    void mark_retry(std::int64_t id, int attempts, core::Time next_attempt_at, const std::string& error) override;
    void postpone(std::int64_t id, core::Time next_attempt_at) override;
    void mark_dead(std::int64_t id, int attempts, const std::string& error) override;
    OutboxCounts counts() override;
    Compacted compact(core::Time sent_before) override;
    void hold(const std::string& key, core::Time until) override;
    std::vector<std::pair<std::string, core::Time>> holds(core::Time now) override;
    std::optional<std::string> teams_webhook_url(core::RowId team_id) override;

private:
    Connections& connections_;
};

// Inserts rows inside the caller's open transaction (the scheduler's, so that a schedule's
// run and its messages commit together). Returns how many rows were inserted (duplicates by
// dedupe_key are skipped). Creates the workspace row if needed; never begins or commits a
// transaction itself.
int insert_outbox(Database& db, const core::WorkspaceKey& ws, const std::vector<NewOutboxItem>& items,
                  core::Time now);

}  // namespace goalpost::storage
