#include "storage/sources.hpp"

#include <boost/json.hpp>

#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"
#include "storage/sql/query.hpp"

namespace goalpost::storage {
namespace {

namespace json = boost::json;

// The arguments as a JSON array of strings: any text (a JQL query with quotes) survives.
std::string args_text(const std::vector<std::string>& args) {
    json::array a;
    for (const auto& s : args) a.emplace_back(s);
    return json::serialize(a);
}

std::vector<std::string> args_of(const std::string& text) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    auto v = json::parse(text, ec);
    if (ec || !v.is_array()) return out;
    for (const auto& s : v.get_array()) {
        if (s.is_string()) out.emplace_back(s.get_string());
    }
    return out;
}

constexpr std::string_view due_columns =
    "SELECT w.key, s.kr_id, s.kind, s.args, s.failures, s.alerted, k.number FROM kr_sources s "
    "JOIN workspaces w ON w.id = s.workspace_id JOIN key_results k ON k.id = s.kr_id ";

DueSource read_due(Statement& row) {
    DueSource d;
    d.workspace = row.text(0);
    d.kr_id = row.int64(1);
    d.spec = core::SourceSpec{row.text(2), args_of(row.text(3))};
    d.failures = row.integer(4);
    d.alerted = row.integer(5) != 0;
    d.kr_number = row.integer(6);
    return d;
}

}  // namespace

void SourceStore::set_source(const core::WorkspaceKey& ws, core::RowId kr_id, const core::SourceSpec& spec,
                             const std::string& user, core::Time at) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        const core::RowId workspace_id = existing_workspace_id(db, ws, "key result", kr_id);
        require_row(db, "key_results", workspace_id, kr_id, ws);
        // A new source starts afresh: due now, nothing read, no failures.
        query(db, "DELETE FROM kr_sources WHERE kr_id = ?", kr_id).run();
        query(db,
              "INSERT INTO kr_sources(kr_id, workspace_id, kind, args, set_by, set_at, next_read_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              kr_id, workspace_id, spec.kind, args_text(spec.args), user, to_unix(at), to_unix(at))
            .run();
        tx.commit();
    });
}

bool SourceStore::clear_source(const core::WorkspaceKey& ws, core::RowId kr_id) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        const auto workspace_id = find_workspace_id(db, ws);
        const bool cleared =
            workspace_id &&
            query(db, "DELETE FROM kr_sources WHERE kr_id = ? AND workspace_id = ?", kr_id, *workspace_id).run() > 0;
        tx.commit();
        return cleared;
    });
}

std::optional<core::KrSource> SourceStore::source_of(const core::WorkspaceKey& ws, core::RowId kr_id) {
    return connections_.read([&](Database& db) {
        return first_row(query(db,
                               "SELECT s.kind, s.args, s.set_by, s.set_at, s.last_read_at, s.last_value, s.last_error, "
                               "s.failures FROM kr_sources s JOIN workspaces w ON w.id = s.workspace_id "
                               "WHERE w.key = ? AND s.kr_id = ?",
                               ws, kr_id),
                         [&](Statement& row) {
                             core::KrSource s;
                             s.kr_id = kr_id;
                             s.spec = core::SourceSpec{row.text(0), args_of(row.text(1))};
                             s.set_by = row.text(2);
                             s.set_at = from_unix(row.int64(3));
                             if (!row.is_null(4)) s.last_read_at = from_unix(row.int64(4));
                             if (!row.is_null(5)) s.last_value = row.real(5);
                             s.last_error = row.text(6);
                             s.failures = row.integer(7);
                             return s;
                         });
    });
}

std::vector<DueSource> SourceStore::claim_due(core::Time now, std::chrono::seconds lease, int limit) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        static const std::string sql = std::string(due_columns) +
                                       "WHERE s.next_read_at <= ? AND (s.claimed_until IS NULL OR s.claimed_until <= ?) "
                                       "ORDER BY s.next_read_at, s.kr_id LIMIT ?";
        auto due = all_rows(query(db, sql, to_unix(now), to_unix(now), static_cast<std::int64_t>(limit)), read_due);
        for (const auto& d : due) {
            query(db, "UPDATE kr_sources SET claimed_until = ? WHERE kr_id = ?", to_unix(now + lease), d.kr_id).run();
        }
        tx.commit();
        return due;
    });
}

std::optional<DueSource> SourceStore::claim_one(const core::WorkspaceKey& ws, core::RowId kr_id, core::Time now,
                                                std::chrono::seconds lease) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        static const std::string sql = std::string(due_columns) +
                                       "WHERE w.key = ? AND s.kr_id = ? AND (s.claimed_until IS NULL OR s.claimed_until <= ?)";
        auto one = first_row(query(db, sql, ws, kr_id, to_unix(now)), read_due);
        if (one) query(db, "UPDATE kr_sources SET claimed_until = ? WHERE kr_id = ?", to_unix(now + lease), kr_id).run();
        tx.commit();
        return one;
    });
}

void SourceStore::finish(const DueSource& source, const SourceRead& read) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        // Only the source that was claimed: one set again meanwhile is a new source.
        query(db,
              "UPDATE kr_sources SET claimed_until = NULL, last_read_at = ?, "
              "last_value = coalesce(?, last_value), last_error = ?, failures = ?, alerted = ?, next_read_at = ? "
              "WHERE kr_id = ? AND kind = ? AND args = ?",
              to_unix(read.at), read.value, read.error, read.failures, read.alerted ? 1 : 0,
              to_unix(read.next_read_at), source.kr_id, source.spec.kind, args_text(source.spec.args))
            .run();
        tx.commit();
    });
}

std::optional<core::Time> SourceStore::next_due() {
    return connections_.read([&](Database& db) {
        auto t = first_row(db.cached("SELECT min(next_read_at) FROM kr_sources"),
                           [](Statement& row) -> std::optional<core::Time> {
                               if (row.is_null(0)) return std::nullopt;
                               return from_unix(row.int64(0));
                           });
        return t ? *t : std::nullopt;
    });
}

}  // namespace goalpost::storage
