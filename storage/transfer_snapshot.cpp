// The reading side of `goalpost export`: one workspace's rows, table by table in the
// document's order, from a SQLite file of any schema version or an open storage.
#include <memory>

#include <fmt/format.h>

#include "storage/errors.hpp"
#include "storage/rows.hpp"
#include "storage/schema.hpp"
#include "storage/sql/query.hpp"
#include "storage/sql_storage.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "storage/transfer_sqlite.hpp"
#include "storage/transfer_store.hpp"

namespace goalpost::storage {

// Never creates the file; waits for a writer as a repository would.
std::unique_ptr<SqliteDatabase> open_read_only(const std::string& path) {
    auto db = std::make_unique<SqliteDatabase>(path, SqliteDatabase::Mode::read_only);
    db->busy_timeout(5000);
    return db;
}

// Only a SQLite file can be at an older schema: a PostgreSQL database is always migrated to
// the latest, which has every table and column.
bool has_table(Database& db, const std::string& table) {
    auto* sqlite = dynamic_cast<SqliteDatabase*>(&db);
    if (sqlite == nullptr) return true;
    auto st = sqlite->prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    st.bind(1, table);
    return st.step();
}

namespace {

using namespace transfer;  // the document's rows: Team, Objective, ...

// ---- reading: one workspace's rows, each table in the document's order ------------------

bool has_column(Database& db, const std::string& table, const std::string& column) {
    auto* sqlite = dynamic_cast<SqliteDatabase*>(&db);
    if (sqlite == nullptr) return true;
    auto st = sqlite->prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    st.bind(1, table).bind(2, column);
    return st.step();
}

// `alias.column`, or `fallback` (an SQL literal) when an older schema lacks the column.
std::string column(Database& db, const std::string& table, const std::string& alias, const std::string& name,
                   const std::string& fallback) {
    return has_column(db, table, name) ? alias + "." + name : fallback;
}

template <class Read>
void each_row(Database& db, const std::string& sql, core::RowId workspace_id, Read read) {
    auto& st = db.cached(sql);
    ResetOnExit reset(st);
    st.bind(1, workspace_id);
    while (st.step()) read(st);
}

std::optional<core::Time> optional_time(Statement& r, int column) {
    if (auto at = r.optional_int64(column)) return from_unix(*at);
    return std::nullopt;
}

void read_cycles(Database& db, core::RowId id, Workspace& ws) {
    if (!has_table(db, "cycles")) return;
    each_row(db,
             "SELECT name, start_date, end_date, created_by, created_at FROM cycles WHERE workspace_id = ? "
             "ORDER BY start_date, name COLLATE NOCASE, id",
             id, [&](Statement& r) {
                 ws.cycles.push_back({r.text(0), r.text(1), r.text(2), r.text(3), from_unix(r.int64(4))});
             });
}

void read_teams(Database& db, core::RowId id, Workspace& ws) {
    std::map<core::RowId, std::size_t> team_index;
    each_row(db,
             fmt::format("SELECT t.id, t.name, p.name, t.channel, t.timezone, {}, {}, {}, {}, t.created_by, "
                         "t.created_at FROM teams t LEFT JOIN teams p ON p.id = t.parent_team_id "
                         "WHERE t.workspace_id = ? ORDER BY t.name COLLATE NOCASE, t.name, t.id",
                         column(db, "teams", "t", "reminder", "'mon 09:00'"),
                         column(db, "teams", "t", "digest", "'fri 16:00'"),
                         column(db, "teams", "t", "summary", "'1 10:00'"),
                         column(db, "teams", "t", "stakeholder_channel", "''")),
             id, [&](Statement& r) {
                 team_index[r.int64(0)] = ws.teams.size();
                 ws.teams.push_back(Team{.name = r.text(1), .parent = r.optional_text(2), .channel = r.text(3),
                                         .timezone = r.text(4), .reminder = r.text(5), .digest = r.text(6),
                                         .summary = r.text(7), .stakeholder_channel = r.text(8),
                                         .created_by = r.text(9), .created_at = from_unix(r.int64(10))});
             });
    each_row(db,
             fmt::format("SELECT m.team_id, m.user_id, {}, m.added_at FROM team_members m JOIN teams t ON t.id = "
                         "m.team_id WHERE t.workspace_id = ? ORDER BY m.team_id, m.user_id",
                         column(db, "team_members", "m", "lead", "0")),
             id, [&](Statement& r) {
                 auto it = team_index.find(r.int64(0));
                 if (it == team_index.end()) return;
                 ws.teams[it->second].members.push_back({r.text(1), r.integer(2) != 0, from_unix(r.int64(3))});
             });
}

void read_objectives(Database& db, core::RowId id, Workspace& ws) {
    each_row(db,
             fmt::format("SELECT o.number, o.title, t.name, o.parent_number, o.cycle, o.visibility, o.kind, "
                         "o.archived, {}, {}, {}, o.created_by, o.created_at FROM objectives o "
                         "LEFT JOIN teams t ON t.id = o.team_id WHERE o.workspace_id = ? ORDER BY o.number",
                         column(db, "objectives", "o", "grade", "NULL"),
                         column(db, "objectives", "o", "graded_by", "NULL"),
                         column(db, "objectives", "o", "graded_at", "NULL")),
             id, [&](Statement& r) {
                 std::optional<double> grade;
                 if (!r.is_null(8)) grade = r.real(8);
                 ws.objectives.push_back(Objective{
                     .number = r.integer(0), .title = r.text(1), .team = r.optional_text(2),
                     .parent = r.optional_integer(3), .cycle = r.text(4), .visibility = r.text(5),
                     .commitment = r.text(6), .archived = r.integer(7) != 0, .grade = grade,
                     .graded_by = r.optional_text(9), .graded_at = optional_time(r, 10), .created_by = r.text(11),
                     .created_at = from_unix(r.int64(12))});
             });
}

void read_key_results(Database& db, core::RowId id, Workspace& ws) {
    const bool carried = has_column(db, "key_results", "carried_from");
    each_row(db,
             fmt::format("SELECT k.number, o.number, k.title, k.binary, k.start_value, k.target_value, "
                         "k.current_value, k.unit, k.due, k.owner, {}, k.created_at FROM key_results k "
                         "JOIN objectives o ON o.id = k.objective_id {} WHERE k.workspace_id = ? ORDER BY k.number",
                         carried ? "c.number" : "NULL",
                         carried ? "LEFT JOIN key_results c ON c.id = k.carried_from" : ""),
             id, [&](Statement& r) {
                 ws.key_results.push_back(KeyResult{
                     .number = r.integer(0), .objective = r.integer(1), .title = r.text(2),
                     .binary = r.integer(3) != 0, .start = r.real(4), .target = r.real(5), .current = r.real(6),
                     .unit = r.text(7), .due = r.optional_text(8), .owner = r.text(9),
                     .carried_from = r.optional_integer(10), .created_at = from_unix(r.int64(11))});
             });
}

// Check-ins are in every schema; the playbook's tables came later.
void read_playbook(Database& db, core::RowId id, Workspace& ws) {
    each_row(db,
             "SELECT k.number, c.user_id, c.value, c.confidence, c.note, c.created_at FROM checkins c "
             "JOIN key_results k ON k.id = c.kr_id WHERE c.workspace_id = ? ORDER BY k.number, c.created_at, c.id",
             id, [&](Statement& r) {
                 ws.checkins.push_back(
                     {r.integer(0), r.text(1), r.real(2), r.optional_integer(3), r.text(4), from_unix(r.int64(5))});
             });
    if (has_table(db, "wins")) {
        each_row(db,
                 "SELECT t.name, k.number, w.title, w.user_id, w.created_at FROM wins w JOIN teams t ON t.id = "
                 "w.team_id LEFT JOIN key_results k ON k.id = w.kr_id WHERE w.workspace_id = ? "
                 "ORDER BY w.created_at, w.id",
                 id, [&](Statement& r) {
                     ws.wins.push_back({r.text(0), r.optional_integer(1), r.text(2), r.text(3), from_unix(r.int64(4))});
                 });
    }
    if (has_table(db, "grade_overrides")) {
        each_row(db,
                 "SELECT k.number, g.score, g.reason, g.user_id, g.created_at FROM grade_overrides g JOIN "
                 "key_results k ON k.id = g.kr_id WHERE g.workspace_id = ? ORDER BY k.number",
                 id, [&](Statement& r) {
                     ws.grade_overrides.push_back(
                         {r.integer(0), r.real(1), r.text(2), r.text(3), from_unix(r.int64(4))});
                 });
    }
    if (has_table(db, "retros")) {
        each_row(db,
                 "SELECT o.number, r.user_id, r.text, r.created_at FROM retros r JOIN objectives o ON o.id = "
                 "r.objective_id WHERE r.workspace_id = ? ORDER BY o.number, r.created_at, r.id",
                 id, [&](Statement& r) {
                     ws.retros.push_back({r.integer(0), r.text(1), r.text(2), from_unix(r.int64(3))});
                 });
    }
}

void read_edits(Database& db, core::RowId id, Workspace& ws) {
    if (!has_table(db, "edits")) return;
    each_row(db,
             "SELECT e.target, CASE e.target WHEN 'objective' THEN o.number ELSE k.number END, e.field, "
             "e.old_value, e.new_value, e.reason, e.user_id, e.created_at FROM edits e "
             "LEFT JOIN objectives o ON e.target = 'objective' AND o.id = e.target_id "
             "LEFT JOIN key_results k ON e.target = 'key_result' AND k.id = e.target_id "
             "WHERE e.workspace_id = ? ORDER BY e.created_at, e.id",
             id, [&](Statement& r) {
                 if (r.is_null(1)) return;  // its objective or KR is gone: nothing to attach it to
                 ws.edits.push_back({r.text(0) == "objective", r.integer(1), r.text(2), r.text(3), r.text(4),
                                     r.text(5), r.text(6), from_unix(r.int64(7))});
             });
}

Workspace read_workspace(Database& db, core::RowId id, const std::string& key) {
    Workspace ws;
    ws.key = key;
    read_cycles(db, id, ws);
    read_teams(db, id, ws);
    read_objectives(db, id, ws);
    read_key_results(db, id, ws);
    read_playbook(db, id, ws);
    read_edits(db, id, ws);
    return ws;
}
// Every workspace (or only `only`) as the document holds them, inside the caller's read
// transaction; `version` is the database's schema version, `where` names it in errors.
transfer::Document snapshot_of(Database& db, int version, const std::string& where,
                               const std::optional<core::WorkspaceKey>& only) {
    transfer::Document snapshot;
    snapshot.schema_version = version;
    if (snapshot.schema_version == 0) throw StorageError(fmt::format("{} is not a goalpost database", where));
    if (snapshot.schema_version > current_schema_version()) {
        throw StorageError(fmt::format("{} has schema version {}, newer than this goalpost knows ({})", where,
                                       snapshot.schema_version, current_schema_version()));
    }
    std::vector<std::pair<core::RowId, std::string>> keys;
    auto& st = db.cached("SELECT id, key FROM workspaces ORDER BY key");
    {
        ResetOnExit reset(st);
        while (st.step()) {
            if (!only || st.text(1) == *only) keys.emplace_back(st.int64(0), st.text(1));
        }
    }
    for (auto& [id, key] : keys) snapshot.workspaces.push_back(read_workspace(db, id, key));
    return snapshot;
}

}  // namespace

transfer::Document read_snapshot(const std::string& path, const std::optional<core::WorkspaceKey>& only) {
    auto db = open_read_only(path);
    // One read transaction: every SELECT below sees the same committed state.
    db->exec("BEGIN");
    try {
        auto snapshot = snapshot_of(*db, schema_version_of(*db), path, only);
        db->exec("COMMIT");
        return snapshot;
    } catch (...) {
        db->exec("ROLLBACK");
        throw;
    }
}

transfer::Document read_snapshot(SqlStorage& store, const std::optional<core::WorkspaceKey>& only) {
    const int version = store.schema_version();
    return store.with_reader([&](Database& db) {
        // One snapshot for every SELECT; it neither blocks nor waits for the writers.
        db.exec(store.kind() == "postgresql" ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
        try {
            auto snapshot = snapshot_of(db, version, store.location(), only);
            db.exec("COMMIT");
            return snapshot;
        } catch (...) {
            db.exec("ROLLBACK");
            throw;
        }
    });
}

}  // namespace goalpost::storage
