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
#include "storage/transfer_sqlite.hpp"

namespace goalpost::storage {
namespace {

using namespace transfer;  // the document's rows: Team, Objective, ...

std::string lower(const std::string& s) { return core::ascii_lower(s); }

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

// ---- backfill: check-ins onto the key results a workspace has ---------------------------

// Checks `rows` against workspace `ws` of `db`; writes them when `write` (inside the caller's
// transaction).
Backfilled backfill(Database& db, const core::WorkspaceKey& ws, const std::vector<transfer::CheckinRow>& rows,
                    bool write) {
    Backfilled result;
    const auto ws_id = find_workspace_id(db, ws);
    if (!ws_id) {
        result.problems.push_back({"--workspace", fmt::format("the database has no workspace '{}'", ws)});
        return result;
    }
    struct Kr {
        core::RowId id;
        bool binary;
    };
    std::map<int, std::optional<Kr>> krs;
    std::vector<std::pair<core::RowId, const transfer::Checkin*>> fresh;
    for (const auto& [where, c] : rows) {
        auto it = krs.find(c.kr);
        if (it == krs.end()) {
            it = krs.emplace(c.kr, first_row(query(db,
                                                   "SELECT id, \"binary\" FROM key_results "
                                                   "WHERE workspace_id = ? AND number = ?",
                                                   *ws_id, c.kr),
                                             [](Statement& s) { return Kr{s.int64(0), s.integer(1) != 0}; }))
                     .first;
        }
        if (!it->second) {
            result.problems.push_back({where + " (kr)", fmt::format("workspace {} has no KR-{}", ws, c.kr)});
            continue;
        }
        if (it->second->binary && c.value != 0 && c.value != 1) {
            result.problems.push_back(
                {where + " (value)", fmt::format("KR-{} is done or not done: write done or not-done", c.kr)});
            continue;
        }
        if (exists(query(db,
                         "SELECT 1 FROM checkins WHERE kr_id = ? AND created_at = ? AND user_id = ? AND value = ?",
                         it->second->id, to_unix(c.created_at), c.user, c.value))) {
            ++result.already;
            continue;
        }
        fresh.emplace_back(it->second->id, &c);
    }
    if (!result.problems.empty()) return result;
    result.added = static_cast<int>(fresh.size());
    if (!write || fresh.empty()) return result;
    const auto before =
        first_row(db.cached("SELECT coalesce(max(id), 0) FROM checkins"), [](Statement& s) { return s.int64(0); });
    std::set<core::RowId> touched;
    for (const auto& [kr_id, c] : fresh) {
        query(db,
              "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              *ws_id, kr_id, c->user, c->value, c->confidence, c->note, to_unix(c->created_at))
            .run();
        touched.insert(kr_id);
    }
    count_checkin_weeks_after(db, *ws_id, before.value_or(0));
    // As after a check-in: the current value is the newest check-in's, wherever the backfilled
    // rows fall in the history.
    for (const core::RowId kr_id : touched) {
        query(db,
              "UPDATE key_results SET current_value = (SELECT value FROM checkins WHERE kr_id = ?1 "
              "ORDER BY created_at DESC, id DESC LIMIT 1) WHERE id = ?1",
              kr_id)
            .run();
    }
    return result;
}

}  // namespace

Backfilled backfill_checkins(SqlStorage& store, const core::WorkspaceKey& ws,
                             const std::vector<transfer::CheckinRow>& rows, bool dry_run) {
    if (dry_run) return store.with_reader([&](Database& db) { return backfill(db, ws, rows, false); });
    return store.with_connection([&](Database& db) {
        Transaction transaction(db);
        auto result = backfill(db, ws, rows, true);
        if (result.problems.empty()) transaction.commit();  // else rolled back: nothing written
        return result;
    });
}

Backfilled backfill_checkins(const std::string& path, const core::WorkspaceKey& ws,
                             const std::vector<transfer::CheckinRow>& rows, bool dry_run) {
    std::error_code ec;
    if (path == ":memory:" || !std::filesystem::exists(path, ec)) {
        Backfilled none;
        none.problems.push_back({"--workspace", fmt::format("there is no database at {} (storage.path)", path)});
        return none;
    }
    if (dry_run) {
        auto target = open_read_only(path);
        return backfill(*target, ws, rows, false);
    }
    auto store = open_sqlite(path);
    return backfill_checkins(*store, ws, rows, dry_run);
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
