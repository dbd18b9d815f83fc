#include "storage/outbox.hpp"

#include <cassert>

#include <fmt/format.h>

#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"

namespace goalpost::storage {

namespace {

// Dedupe keys live in one UNIQUE column for every workspace; the prefix keeps them apart
// (a Slack Enterprise Grid user id, say, is the same in several workspaces).
std::optional<std::string> scoped_key(const core::WorkspaceKey& ws, const std::optional<std::string>& key) {
    if (!key) return std::nullopt;
    return fmt::format("{}|{}", ws, *key);
}

// The CHECK constraints allow only the names destination_name gives and "slack" | "teams".
DestinationKind destination_from(std::string_view text) {
    if (text == "user") return DestinationKind::user;
    if (text == "home") return DestinationKind::home;
    if (text == "webhook") return DestinationKind::teams_webhook;
    return DestinationKind::channel;
}

core::Platform platform_from(std::string_view text) {
    return text == core::platform_name(core::Platform::teams) ? core::Platform::teams : core::Platform::slack;
}

constexpr std::string_view item_columns =
    "SELECT o.id, w.key, o.platform, o.destination_kind, o.destination, o.payload, o.attempts, "
    "o.next_attempt_at, o.created_at FROM outbox o JOIN workspaces w ON w.id = o.workspace_id ";

OutboxItem read_item(Statement& row) {
    OutboxItem item;
    read_columns(row, 0, item.id, item.workspace);
    item.platform = platform_from(row.text(2));
    item.destination_kind = destination_from(row.text(3));
    read_columns(row, 4, item.destination, item.payload, item.attempts, item.next_attempt_at, item.created_at);
    return item;
}

std::optional<core::Time> read_min(Statement& statement) {
    ResetOnExit reset(statement);
    if (!statement.step() || statement.is_null(0)) return std::nullopt;
    return from_unix(statement.int64(0));
}

// There are two platforms, so a filter is "all", "one of them" or "none".
struct PlatformFilter {
    bool slack = false;
    bool teams = false;
    bool none() const { return !slack && !teams; }
    bool all() const { return slack && teams; }
    std::string_view one() const { return core::platform_name(slack ? core::Platform::slack : core::Platform::teams); }
};

PlatformFilter filter_of(const std::vector<core::Platform>& platforms) {
    PlatformFilter filter;
    for (auto p : platforms) (p == core::Platform::slack ? filter.slack : filter.teams) = true;
    return filter;
}

// One write in its own transaction.
template <class... Args>
void write_one(Connections& connections, std::string_view sql, const Args&... args) {
    connections.write([&](Database& db) {
        Transaction transaction(db);
        query(db, sql, args...).run();
        transaction.commit();
    });
}

}  // namespace

std::string_view destination_name(DestinationKind kind) {
    switch (kind) {
        case DestinationKind::user: return "user";
        case DestinationKind::home: return "home";
        case DestinationKind::teams_webhook: return "webhook";
        case DestinationKind::channel: break;
    }
    return "channel";
}

int insert_outbox(Database& db, const core::WorkspaceKey& ws, const std::vector<NewOutboxItem>& items,
                  core::Time now) {
    // The caller's transaction makes these rows commit (or vanish) with its own writes.
    assert(db.in_transaction());
    if (items.empty()) return 0;
    const std::int64_t workspace_id = ensure_workspace_id(db, ws);
    int inserted = 0;
    for (const auto& item : items) {
        inserted += query(db,
                          "INSERT INTO outbox(workspace_id, platform, destination_kind, destination, payload, "
                          "dedupe_key, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                          "ON CONFLICT(dedupe_key) DO NOTHING",
                          workspace_id, core::platform_name(item.platform), destination_name(item.destination_kind),
                          item.destination, item.payload, scoped_key(ws, item.dedupe_key), to_unix(now),
                          to_unix(now))
                        .run();
    }
    return inserted;
}

int OutboxStore::enqueue(const core::WorkspaceKey& ws, const std::vector<NewOutboxItem>& items, core::Time now) {
    // Grouped like check-ins: a check-in's announcements (the REST API's progress post, a
    // celebration) share a commit with the other requests' writes instead of paying one each.
    int inserted = 0;
    connections_.write_grouped([&](Database& db) { inserted = insert_outbox(db, ws, items, now); });
    return inserted;
}

namespace {

// The claimable rows: pending, due at ?1, not claimed by anyone at ?1, oldest first; `tail`
// limits and, on PostgreSQL, locks them.
std::string claimable_sql(bool one_platform, std::string_view tail) {
    return fmt::format(
        "{}WHERE o.status = 'pending' AND o.next_attempt_at <= ?1 AND (o.claimed_until IS NULL OR o.claimed_until <= ?1) "
        "{}ORDER BY o.next_attempt_at, o.id LIMIT ?2{}",
        item_columns, one_platform ? "AND o.platform = ?3 " : "", tail);
}

std::vector<OutboxItem> claimable(Database& db, core::Time now, int limit, const PlatformFilter& filter, bool lock) {
    // SKIP LOCKED: rows another instance's claim is busy with are passed over, not waited for.
    static const std::string all = claimable_sql(false, "");
    static const std::string one = claimable_sql(true, "");
    static const std::string all_locked = claimable_sql(false, " FOR UPDATE OF o SKIP LOCKED");
    static const std::string one_locked = claimable_sql(true, " FOR UPDATE OF o SKIP LOCKED");
    if (filter.all()) return all_rows(query(db, lock ? all_locked : all, to_unix(now), limit), read_item);
    return all_rows(query(db, lock ? one_locked : one, to_unix(now), limit, filter.one()), read_item);
}

}  // namespace

std::vector<OutboxItem> OutboxStore::due(core::Time now, int limit, const std::vector<core::Platform>& platforms) {
    const auto filter = filter_of(platforms);
    if (limit <= 0 || filter.none()) return {};
    return connections_.read([&](Database& db) { return claimable(db, now, limit, filter, false); });
}

std::vector<OutboxItem> OutboxStore::claim(core::Time now, int limit, const std::vector<core::Platform>& platforms,
                                           std::chrono::seconds lease) {
    const auto filter = filter_of(platforms);
    if (limit <= 0 || filter.none()) return {};
    return connections_.write([&](Database& db) {
        Transaction transaction(db);
        auto rows = claimable(db, now, limit, filter, db.engine() == "postgresql");
        for (const auto& row : rows) {
            query(db, "UPDATE outbox SET claimed_until = ? WHERE id = ?", to_unix(now + lease), row.id).run();
        }
        transaction.commit();
        return rows;
    });
}

std::optional<core::Time> OutboxStore::next_due(const std::vector<core::Platform>& platforms) {
    const auto filter = filter_of(platforms);
    if (filter.none()) return std::nullopt;
    // A claimed row is due again when its claim ends, if nobody released it before.
    static const std::string earliest =
        "SELECT MIN(CASE WHEN claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END) "
        "FROM outbox WHERE status = 'pending'";
    static const std::string earliest_of = earliest + " AND platform = ?";
    return connections_.read([&](Database& db) {
        if (filter.all()) return read_min(query(db, earliest));
        return read_min(query(db, earliest_of, filter.one()));
    });
}

void OutboxStore::mark_sent(std::int64_t id, core::Time now) {
    write_one(connections_,
              "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, claimed_until = NULL "
              "WHERE id = ? AND status = 'pending'",
              to_unix(now), id);
}

void OutboxStore::mark_retry(std::int64_t id, int attempts, core::Time next_attempt_at, const std::string& error) {
    write_one(connections_,
              "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = NULL "
              "WHERE id = ? AND status = 'pending'",
              attempts, to_unix(next_attempt_at), error, id);
}

void OutboxStore::postpone(std::int64_t id, core::Time next_attempt_at) {
    write_one(connections_,
              "UPDATE outbox SET next_attempt_at = CASE WHEN next_attempt_at < ?1 THEN ?1 ELSE next_attempt_at END, "
              "claimed_until = NULL WHERE id = ?2 AND status = 'pending'",
              to_unix(next_attempt_at), id);
}

void OutboxStore::mark_dead(std::int64_t id, int attempts, const std::string& error) {
    write_one(connections_,
              "UPDATE outbox SET status = 'dead', attempts = ?, last_error = ?, claimed_until = NULL "
              "WHERE id = ? AND status = 'pending'",
              attempts, error, id);
}

OutboxCounts OutboxStore::counts() {
    return connections_.read([&](Database& db) {
        OutboxCounts counts;
        auto& statement = db.cached("SELECT status, COUNT(*) FROM outbox GROUP BY status");
        ResetOnExit reset(statement);
        while (statement.step()) {
            const auto status = statement.text(0);
            const auto count = statement.int64(1);
            if (status == "pending") counts.pending = count;
            if (status == "sent") counts.sent = count;
            if (status == "dead") counts.dead = count;
        }
        return counts;
    });
}

Outbox::Compacted OutboxStore::compact(core::Time sent_before) {
    return connections_.write([&](Database& db) {
        Compacted out;
        Transaction transaction(db);
        out.deleted = query(db, "DELETE FROM outbox WHERE status = 'sent' AND sent_at < ? AND dedupe_key IS NULL",
                            to_unix(sent_before))
                          .run();
        query(db, "DELETE FROM delivery_holds WHERE until < ?", to_unix(sent_before)).run();
        out.emptied = query(db,
                            "UPDATE outbox SET payload = '', last_error = '' "
                            "WHERE status = 'sent' AND sent_at < ? AND dedupe_key IS NOT NULL AND payload <> ''",
                            to_unix(sent_before))
                          .run();
        transaction.commit();
        return out;
    });
}

void OutboxStore::hold(const std::string& key, core::Time until) {
    write_one(connections_,
              "INSERT INTO delivery_holds(hold_key, until) VALUES (?1, ?2) ON CONFLICT(hold_key) DO UPDATE "
              "SET until = CASE WHEN delivery_holds.until < ?2 THEN ?2 ELSE delivery_holds.until END",
              key, to_unix(until));
}

std::vector<std::pair<std::string, core::Time>> OutboxStore::holds(core::Time now) {
    return connections_.read([&](Database& db) {
        return all_rows(query(db, "SELECT hold_key, until FROM delivery_holds WHERE until > ?", to_unix(now)),
                        [](Statement& row) { return std::pair{row.text(0), from_unix(row.int64(1))}; });
    });
}

std::optional<std::string> OutboxStore::teams_webhook_url(core::RowId team_id) {
    return connections_.read([&](Database& db) -> std::optional<std::string> {
        auto url = first_row(query(db, "SELECT teams_webhook_url FROM teams WHERE id = ?", team_id),
                             [](Statement& s) { return s.text(0); });
        if (!url || url->empty()) return std::nullopt;
        return url;
    });
}

}  // namespace goalpost::storage
