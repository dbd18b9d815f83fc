#pragma once
// Writes messages into the outbox and tells delivery about them.
//
// A command's announcements (a celebration, the progress post after a check-in) are written
// after the command's own transaction committed, as a second step. If that write fails (the
// disk is full), the command still happened: the failure must not turn into "nothing was
// changed, try again", or a retry would record the check-in twice. So announce() never
// throws: it logs the failure, counts it, and keeps the rows in memory; they are written
// again before the next announcement and on each scheduler pass (retry_pending). Their
// dedupe keys make a row written twice count once. Kept rows are lost if the process stops
// before the disk recovers; the check-ins themselves never are.
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "core/commands/context.hpp"  // Announcement
#include "core/ports.hpp"
#include "storage/ports.hpp"

namespace goalpost::bot {

class Metrics;

class OutboxWriter {
public:
    OutboxWriter(storage::Outbox& outbox, core::CadenceRepository& cadence, Metrics& metrics);

    // Called after rows were written (wakes delivery); may be empty.
    void set_changed(std::function<void()> changed);

    // One transaction; throws when the database fails (the caller decides what that means).
    void write(const core::WorkspaceKey& ws, const std::vector<storage::NewOutboxItem>& items, core::Time now);

    // Each announcement to its team's channel (an empty key: no dedupe key). Never throws: see
    // above.
    void announce(const core::WorkspaceKey& ws, const std::vector<core::Announcement>& posts, core::Time now);

    // Writes the kept rows again. Returns when to try next if some are still kept.
    std::optional<core::Time> retry_pending(core::Time now);
    std::size_t pending() const;

    // At most this many rows are kept; beyond, the oldest are dropped (and logged).
    static constexpr std::size_t max_pending = 10000;

private:
    struct Kept {
        core::WorkspaceKey ws;
        storage::NewOutboxItem item;
    };
    void keep(const core::WorkspaceKey& ws, std::vector<storage::NewOutboxItem> items);

    storage::Outbox& outbox_;
    core::CadenceRepository& cadence_;
    Metrics& metrics_;
    std::function<void()> changed_;
    mutable std::mutex mutex_;
    std::deque<Kept> kept_;
};

}  // namespace goalpost::bot
