#include "storage/transfer_store.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "core/text.hpp"
#include "storage/checkin_weeks.hpp"
#include "storage/errors.hpp"
#include "storage/rows.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sql/query.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "storage/sqlite_storage.hpp"

namespace goalpost::storage {
namespace {

using namespace transfer;  // the document's rows: Team, Objective, ...

std::string lower(const std::string& s) { return core::ascii_lower(s); }

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

// ---- checking: the names and numbers the target database has taken ---------------------

class ExistingRows final : public transfer::Existing {
public:
    explicit ExistingRows(Database& db) : db_(db), has_cycles_(has_table(db, "cycles")) {}

    bool has_team(const core::WorkspaceKey& ws, const std::string& name) override {
        return holds(ws, "SELECT 1 FROM teams WHERE workspace_id = ? AND name = ? COLLATE NOCASE", name);
    }
    // A dry run may look at a file from before custom cycles.
    bool has_cycle(const core::WorkspaceKey& ws, const std::string& name) override {
        return has_cycles_ &&
               holds(ws, "SELECT 1 FROM cycles WHERE workspace_id = ? AND name = ? COLLATE NOCASE", name);
    }
    bool has_objective(const core::WorkspaceKey& ws, int number) override {
        return holds(ws, "SELECT 1 FROM objectives WHERE workspace_id = ? AND number = ?", number);
    }
    bool has_key_result(const core::WorkspaceKey& ws, int number) override {
        return holds(ws, "SELECT 1 FROM key_results WHERE workspace_id = ? AND number = ?", number);
    }

private:
    template <class Value>
    bool holds(const core::WorkspaceKey& ws, std::string_view sql, const Value& value) {
        auto it = workspace_ids_.find(ws);
        if (it == workspace_ids_.end()) it = workspace_ids_.emplace(ws, find_workspace_id(db_, ws)).first;
        return it->second && exists(query(db_, sql, *it->second, value));
    }

    Database& db_;
    bool has_cycles_;
    std::map<core::WorkspaceKey, std::optional<core::RowId>> workspace_ids_;  // none before it is written
};

// ---- writing: one workspace, referred rows before the rows that refer to them ---------

class Writer {
public:
    Writer(Database& db, const Workspace& ws) : db_(db), ws_(ws), ws_id_(ensure_workspace_id(db, ws.key)) {}

    void run() {
        cycles();
        teams();
        objectives();
        key_results();
        checkins_and_wins();
        playbook();
    }

private:
    void cycles() {
        for (const auto& cy : ws_.cycles) {
            query(db_,
                  "INSERT INTO cycles(workspace_id, name, start_date, end_date, created_by, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  ws_id_, cy.name, cy.start, cy.end, cy.created_by, to_unix(cy.created_at))
                .run();
        }
    }

    // In the file (written already) or in the target workspace.
    core::RowId team_id(const std::string& name) {
        auto it = team_ids_.find(lower(name));
        if (it != team_ids_.end()) return it->second;
        auto id = first_row(
            query(db_, "SELECT id FROM teams WHERE workspace_id = ? AND name = ? COLLATE NOCASE", ws_id_, name),
            [](Statement& s) { return s.int64(0); });
        if (!id) throw StorageError(fmt::format("import: no team '{}'", name));
        return *id;
    }

    // A parent in the file before its children.
    void teams() {
        std::set<std::string> in_file;
        for (const auto& t : ws_.teams) in_file.insert(lower(t.name));
        std::vector<const Team*> pending;
        for (const auto& t : ws_.teams) pending.push_back(&t);
        while (!pending.empty()) {
            std::vector<const Team*> later;
            for (const Team* t : pending) {
                if (t->parent && in_file.count(lower(*t->parent)) && !team_ids_.count(lower(*t->parent))) {
                    later.push_back(t);
                } else {
                    team(*t);
                }
            }
            if (later.size() == pending.size()) throw StorageError("import: the teams' parents form a loop");
            pending = std::move(later);
        }
    }

    void team(const Team& t) {
        std::optional<core::RowId> parent;
        if (t.parent) parent = team_id(*t.parent);
        query(db_,
              "INSERT INTO teams(workspace_id, name, channel, timezone, parent_team_id, created_by, created_at, "
              "reminder, digest, summary, stakeholder_channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              ws_id_, t.name, t.channel, t.timezone, parent, t.created_by, to_unix(t.created_at), t.reminder,
              t.digest, t.summary, t.stakeholder_channel)
            .run();
        const core::RowId id = db_.last_insert_id();
        team_ids_[lower(t.name)] = id;
        for (const auto& m : t.members) {
            query(db_, "INSERT INTO team_members(team_id, user_id, added_at, lead) VALUES (?, ?, ?, ?)", id, m.user,
                  to_unix(m.added_at), m.lead ? 1 : 0)
                .run();
        }
    }

    void objectives() {
        for (const auto& o : ws_.objectives) {
            std::optional<core::RowId> team;
            if (o.team) team = team_id(*o.team);
            std::optional<std::int64_t> graded_at;
            if (o.graded_at) graded_at = to_unix(*o.graded_at);
            query(db_,
                  "INSERT INTO objectives(workspace_id, number, team_id, title, parent_number, cycle, visibility, "
                  "kind, created_by, created_at, archived, grade, graded_by, graded_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  ws_id_, o.number, team, o.title, o.parent, o.cycle, o.visibility, o.commitment, o.created_by,
                  to_unix(o.created_at), o.archived ? 1 : 0, o.grade, o.graded_by, graded_at)
                .run();
            objective_ids_[o.number] = db_.last_insert_id();
        }
    }

    // Carried-from links once every KR has its row id.
    void key_results() {
        for (const auto& k : ws_.key_results) {
            query(db_,
                  "INSERT INTO key_results(workspace_id, number, objective_id, title, \"binary\", start_value, "
                  "target_value, current_value, unit, due, owner, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  ws_id_, k.number, objective_ids_.at(k.objective), k.title, k.binary ? 1 : 0, k.start, k.target,
                  k.current, k.unit, k.due, k.owner, to_unix(k.created_at))
                .run();
            kr_ids_[k.number] = db_.last_insert_id();
        }
        for (const auto& k : ws_.key_results) {
            if (!k.carried_from) continue;
            query(db_, "UPDATE key_results SET carried_from = ? WHERE id = ?", kr_ids_.at(*k.carried_from),
                  kr_ids_.at(k.number))
                .run();
        }
    }

    // The check-in weeks of the imported rows in one statement (schema version 9).
    void checkins_and_wins() {
        const auto before = first_row(db_.cached("SELECT coalesce(max(id), 0) FROM checkins"),
                                      [](Statement& s) { return s.int64(0); });
        for (const auto& ch : ws_.checkins) {
            query(db_,
                  "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                  ws_id_, kr_ids_.at(ch.kr), ch.user, ch.value, ch.confidence, ch.note, to_unix(ch.created_at))
                .run();
        }
        count_checkin_weeks_after(db_, ws_id_, before.value_or(0));
        for (const auto& w : ws_.wins) {
            std::optional<core::RowId> kr;
            if (w.kr) kr = kr_ids_.at(*w.kr);
            query(db_,
                  "INSERT INTO wins(workspace_id, team_id, kr_id, title, user_id, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  ws_id_, team_id(w.team), kr, w.title, w.user, to_unix(w.created_at))
                .run();
        }
    }

    void playbook() {
        for (const auto& g : ws_.grade_overrides) {
            query(db_,
                  "INSERT INTO grade_overrides(kr_id, workspace_id, score, reason, user_id, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)",
                  kr_ids_.at(g.kr), ws_id_, g.score, g.reason, g.user, to_unix(g.created_at))
                .run();
        }
        for (const auto& r : ws_.retros) {
            query(db_,
                  "INSERT INTO retros(workspace_id, objective_id, user_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
                  ws_id_, objective_ids_.at(r.objective), r.user, r.text, to_unix(r.created_at))
                .run();
        }
        for (const auto& e : ws_.edits) {
            const core::RowId target = e.objective ? objective_ids_.at(e.number) : kr_ids_.at(e.number);
            query(db_,
                  "INSERT INTO edits(workspace_id, target, target_id, user_id, field, old_value, new_value, reason, "
                  "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  ws_id_, e.objective ? "objective" : "key_result", target, e.user, e.field, e.old_value,
                  e.new_value, e.reason, to_unix(e.created_at))
                .run();
        }
    }

    Database& db_;
    const Workspace& ws_;
    const core::RowId ws_id_;
    std::map<std::string, core::RowId> team_ids_;  // lower-case name -> row id
    std::map<int, core::RowId> objective_ids_, kr_ids_;
};

}  // namespace

namespace {

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

// Checks `chosen` against `target` and writes them, in one transaction (see import_workspaces).
transfer::Problems write_workspaces(Database& target, const std::vector<transfer::Placed>& chosen) {
    Transaction transaction(target);
    ExistingRows existing(target);
    auto problems = transfer::check(chosen, &existing);
    if (!problems.empty()) return problems;  // rolled back: nothing written
    for (const auto& c : chosen) Writer(target, c.workspace).run();
    transaction.commit();
    return problems;
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

transfer::Problems import_workspaces(const std::string& path, const std::vector<transfer::Placed>& chosen,
                                     bool dry_run) {
    if (dry_run) {
        // Never creates the file; reads what is there to find clashes.
        std::error_code ec;
        if (path == ":memory:" || !std::filesystem::exists(path, ec)) return transfer::check(chosen);
        auto target = open_read_only(path);
        ExistingRows existing(*target);
        return transfer::check(chosen, &existing);
    }
    auto store = open_sqlite(path);
    return import_workspaces(*store, chosen, dry_run);
}

transfer::Problems import_workspaces(SqlStorage& store, const std::vector<transfer::Placed>& chosen, bool dry_run) {
    if (dry_run) {
        return store.with_reader([&](Database& db) {
            ExistingRows existing(db);
            return transfer::check(chosen, &existing);
        });
    }
    return store.with_connection([&](Database& target) { return write_workspaces(target, chosen); });
}

}  // namespace goalpost::storage
