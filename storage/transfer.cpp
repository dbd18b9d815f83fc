#include "storage/transfer.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/schedule/cadence.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "storage/migrations.hpp"
#include "storage/query.hpp"
#include "storage/sqlite.hpp"

namespace goalpost::storage::transfer {
namespace {

// ---- reading ------------------------------------------------------------------------

bool has_table(Database& db, const std::string& table) {
    auto st = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    st.bind(1, table);
    return st.step();
}

bool has_column(Database& db, const std::string& table, const std::string& column) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
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
    auto st = db.prepare(sql);
    st.bind(1, workspace_id);
    while (st.step()) read(st);
}

Workspace read_workspace(Database& db, core::RowId id, const std::string& key) {
    Workspace ws;
    ws.key = key;
    if (has_table(db, "cycles")) {
        each_row(db,
                 "SELECT name, start_date, end_date, created_by, created_at FROM cycles WHERE workspace_id = ? "
                 "ORDER BY start_date, name COLLATE NOCASE, id",
                 id, [&](Statement& r) {
                     ws.cycles.push_back({r.text(0), r.text(1), r.text(2), r.text(3), from_unix(r.int64(4))});
                 });
    }
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
                 Team t;
                 t.name = r.text(1);
                 t.parent = r.optional_text(2);
                 t.channel = r.text(3);
                 t.timezone = r.text(4);
                 t.reminder = r.text(5);
                 t.digest = r.text(6);
                 t.summary = r.text(7);
                 t.stakeholder_channel = r.text(8);
                 t.created_by = r.text(9);
                 t.created_at = from_unix(r.int64(10));
                 team_index[r.int64(0)] = ws.teams.size();
                 ws.teams.push_back(std::move(t));
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
    each_row(db,
             fmt::format("SELECT o.number, o.title, t.name, o.parent_number, o.cycle, o.visibility, o.kind, "
                         "o.archived, {}, {}, {}, o.created_by, o.created_at FROM objectives o "
                         "LEFT JOIN teams t ON t.id = o.team_id WHERE o.workspace_id = ? ORDER BY o.number",
                         column(db, "objectives", "o", "grade", "NULL"),
                         column(db, "objectives", "o", "graded_by", "NULL"),
                         column(db, "objectives", "o", "graded_at", "NULL")),
             id, [&](Statement& r) {
                 Objective o;
                 o.number = r.integer(0);
                 o.title = r.text(1);
                 o.team = r.optional_text(2);
                 o.parent = r.optional_integer(3);
                 o.cycle = r.text(4);
                 o.visibility = r.text(5);
                 o.commitment = r.text(6);
                 o.archived = r.integer(7) != 0;
                 if (!r.is_null(8)) o.grade = r.real(8);
                 o.graded_by = r.optional_text(9);
                 if (auto at = r.optional_int64(10)) o.graded_at = from_unix(*at);
                 o.created_by = r.text(11);
                 o.created_at = from_unix(r.int64(12));
                 ws.objectives.push_back(std::move(o));
             });
    const bool carried = has_column(db, "key_results", "carried_from");
    each_row(db,
             fmt::format("SELECT k.number, o.number, k.title, k.binary, k.start_value, k.target_value, "
                         "k.current_value, k.unit, k.due, k.owner, {}, k.created_at FROM key_results k "
                         "JOIN objectives o ON o.id = k.objective_id {} WHERE k.workspace_id = ? ORDER BY k.number",
                         carried ? "c.number" : "NULL",
                         carried ? "LEFT JOIN key_results c ON c.id = k.carried_from" : ""),
             id, [&](Statement& r) {
                 KeyResult k;
                 k.number = r.integer(0);
                 k.objective = r.integer(1);
                 k.title = r.text(2);
                 k.binary = r.integer(3) != 0;
                 k.start = r.real(4);
                 k.target = r.real(5);
                 k.current = r.real(6);
                 k.unit = r.text(7);
                 k.due = r.optional_text(8);
                 k.owner = r.text(9);
                 k.carried_from = r.optional_integer(10);
                 k.created_at = from_unix(r.int64(11));
                 ws.key_results.push_back(std::move(k));
             });
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
                     ws.wins.push_back(
                         {r.text(0), r.optional_integer(1), r.text(2), r.text(3), from_unix(r.int64(4))});
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
    if (has_table(db, "edits")) {
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
    return ws;
}

// ---- checking -----------------------------------------------------------------------

std::string lower(const std::string& s) { return core::ascii_lower(s); }

bool valid_date(const std::string& s) { return core::parse_date(s).has_value() && *core::parse_date(s) == s; }

struct Checker {
    std::vector<Problem> problems;
    void add(std::string where, std::string message) { problems.push_back({std::move(where), std::move(message)}); }
    void nonempty(const std::string& where, const std::string& field, const std::string& value) {
        if (value.empty()) add(where + "." + field, "must not be empty");
    }
};

std::optional<core::RowId> existing_team(Database* db, std::optional<core::RowId> ws_id, const std::string& name) {
    if (!db || !ws_id) return std::nullopt;
    return first_row(query(*db, "SELECT id FROM teams WHERE workspace_id = ? AND name = ? COLLATE NOCASE", *ws_id, name),
                     [](Statement& s) { return s.int64(0); });
}

}  // namespace

Snapshot read_snapshot(const std::string& path, const std::optional<core::WorkspaceKey>& only) {
    Database db(path, Database::Mode::read_only);
    db.busy_timeout(5000);
    Snapshot snapshot;
    // One read transaction: every SELECT below sees the same committed state.
    db.exec("BEGIN");
    try {
        snapshot.schema_version = schema_version_of(db);
        if (snapshot.schema_version == 0) throw StorageError(fmt::format("{} is not a goalpost database", path));
        if (snapshot.schema_version > current_schema_version()) {
            throw StorageError(fmt::format("{} has schema version {}, newer than this goalpost knows ({})", path,
                                           snapshot.schema_version, current_schema_version()));
        }
        std::vector<std::pair<core::RowId, std::string>> keys;
        auto st = db.prepare("SELECT id, key FROM workspaces ORDER BY key");
        while (st.step()) {
            if (!only || st.text(1) == *only) keys.emplace_back(st.int64(0), st.text(1));
        }
        for (auto& [id, key] : keys) snapshot.workspaces.push_back(read_workspace(db, id, key));
    } catch (...) {
        db.exec("ROLLBACK");
        throw;
    }
    db.exec("COMMIT");
    return snapshot;
}

std::vector<Problem> check(const Workspace& ws, const std::string& where, Database* target) {
    Checker c;
    std::optional<core::RowId> ws_id;
    if (target) ws_id = find_workspace_id(*target, ws.key);
    if (ws.key.empty()) c.add(where + ".key", "must not be empty");

    // Cycles: unique names, real dates in order, not already in the target workspace (a dry run
    // may look at a file from before custom cycles).
    const bool has_cycles = target && has_table(*target, "cycles");
    std::set<std::string> cycle_names;
    for (std::size_t i = 0; i < ws.cycles.size(); ++i) {
        const auto& cy = ws.cycles[i];
        const std::string at = fmt::format("{}.cycles[{}]", where, i);
        c.nonempty(at, "name", cy.name);
        if (!cycle_names.insert(lower(cy.name)).second) c.add(at + ".name", fmt::format("cycle '{}' appears twice", cy.name));
        if (!valid_date(cy.start)) c.add(at + ".start", fmt::format("'{}' is not a date like 2027-01-31", cy.start));
        if (!valid_date(cy.end)) c.add(at + ".end", fmt::format("'{}' is not a date like 2027-01-31", cy.end));
        if (valid_date(cy.start) && valid_date(cy.end) && cy.end < cy.start) c.add(at + ".end", "is before start");
        if (ws_id && has_cycles &&
            exists(query(*target, "SELECT 1 FROM cycles WHERE workspace_id = ? AND name = ? COLLATE NOCASE", *ws_id,
                         cy.name))) {
            c.add(at + ".name", fmt::format("workspace {} already has a cycle '{}'", ws.key, cy.name));
        }
    }

    // Teams: unique names; parents resolve (in the file or the target) without a loop.
    std::map<std::string, std::size_t> teams;  // lower-case name -> index
    for (std::size_t i = 0; i < ws.teams.size(); ++i) {
        const auto& t = ws.teams[i];
        const std::string at = fmt::format("{}.teams[{}]", where, i);
        c.nonempty(at, "name", t.name);
        if (!teams.emplace(lower(t.name), i).second) c.add(at + ".name", fmt::format("team '{}' appears twice", t.name));
        if (existing_team(target, ws_id, t.name))
            c.add(at + ".name", fmt::format("workspace {} already has a team '{}'", ws.key, t.name));
        c.nonempty(at, "timezone", t.timezone);
        if (!core::parse_weekly(t.reminder)) c.add(at + ".reminder", fmt::format("'{}' is not like 'mon 09:00' or 'off'", t.reminder));
        if (!core::parse_weekly(t.digest)) c.add(at + ".digest", fmt::format("'{}' is not like 'fri 16:00' or 'off'", t.digest));
        if (!core::parse_monthly(t.summary)) c.add(at + ".summary", fmt::format("'{}' is not like '1 10:00' or 'off'", t.summary));
        std::set<std::string> users;
        for (std::size_t m = 0; m < t.members.size(); ++m) {
            const std::string mat = fmt::format("{}.members[{}]", at, m);
            c.nonempty(mat, "user", t.members[m].user);
            if (!users.insert(t.members[m].user).second)
                c.add(mat + ".user", fmt::format("{} is a member twice", t.members[m].user));
        }
    }
    auto team_known = [&](const std::string& name) {
        return teams.count(lower(name)) > 0 || existing_team(target, ws_id, name).has_value();
    };
    for (std::size_t i = 0; i < ws.teams.size(); ++i) {
        const auto& t = ws.teams[i];
        if (!t.parent) continue;
        const std::string at = fmt::format("{}.teams[{}].parent", where, i);
        if (!team_known(*t.parent)) {
            c.add(at, fmt::format("no team '{}' in the file or in workspace {}", *t.parent, ws.key));
            continue;
        }
        // Follow the parents within the file; coming back to this team is a loop.
        std::string name = lower(t.name);
        std::optional<std::string> up = t.parent;
        for (std::size_t steps = 0; up && steps <= ws.teams.size(); ++steps) {
            if (lower(*up) == name) {
                c.add(at, fmt::format("team '{}' would be its own ancestor", t.name));
                break;
            }
            auto it = teams.find(lower(*up));
            up = it == teams.end() ? std::nullopt : ws.teams[it->second].parent;
        }
    }

    // Objectives: unique numbers not in the target, teams and parents that resolve.
    std::set<int> objectives;
    for (const auto& o : ws.objectives) objectives.insert(o.number);
    std::set<int> seen_objectives;
    for (std::size_t i = 0; i < ws.objectives.size(); ++i) {
        const auto& o = ws.objectives[i];
        const std::string at = fmt::format("{}.objectives[{}]", where, i);
        if (o.number < 1) c.add(at + ".number", "must be O-1 or higher");
        if (!seen_objectives.insert(o.number).second) c.add(at + ".number", fmt::format("O-{} appears twice", o.number));
        if (ws_id && exists(query(*target, "SELECT 1 FROM objectives WHERE workspace_id = ? AND number = ?", *ws_id, o.number)))
            c.add(at + ".number", fmt::format("workspace {} already has O-{}", ws.key, o.number));
        c.nonempty(at, "title", o.title);
        if (o.team && !team_known(*o.team))
            c.add(at + ".team", fmt::format("no team '{}' in the file or in workspace {}", *o.team, ws.key));
        if (o.parent) {
            bool known = objectives.count(*o.parent) > 0 ||
                         (ws_id && exists(query(*target, "SELECT 1 FROM objectives WHERE workspace_id = ? AND number = ?",
                                                *ws_id, *o.parent)));
            if (!known) c.add(at + ".parent", fmt::format("no O-{} in the file or in workspace {}", *o.parent, ws.key));
            if (*o.parent == o.number) c.add(at + ".parent", "an objective cannot be its own parent");
        }
        if (o.visibility != "public" && o.visibility != "internal")
            c.add(at + ".visibility", fmt::format("'{}' is not public or internal", o.visibility));
        if (o.commitment != "aspirational" && o.commitment != "committed")
            c.add(at + ".commitment", fmt::format("'{}' is not aspirational or committed", o.commitment));
        if (o.grade && !(*o.grade >= 0 && *o.grade <= 1)) c.add(at + ".grade", "must be between 0 and 1");
    }

    // Key results.
    std::set<int> krs;
    for (const auto& k : ws.key_results) krs.insert(k.number);
    std::set<int> seen_krs;
    for (std::size_t i = 0; i < ws.key_results.size(); ++i) {
        const auto& k = ws.key_results[i];
        const std::string at = fmt::format("{}.key_results[{}]", where, i);
        if (k.number < 1) c.add(at + ".number", "must be KR-1 or higher");
        if (!seen_krs.insert(k.number).second) c.add(at + ".number", fmt::format("KR-{} appears twice", k.number));
        if (ws_id && exists(query(*target, "SELECT 1 FROM key_results WHERE workspace_id = ? AND number = ?", *ws_id, k.number)))
            c.add(at + ".number", fmt::format("workspace {} already has KR-{}", ws.key, k.number));
        if (!objectives.count(k.objective)) c.add(at + ".objective", fmt::format("no O-{} in the file", k.objective));
        c.nonempty(at, "title", k.title);
        for (auto [name, v] : {std::pair{"start", k.start}, std::pair{"target", k.target}, std::pair{"current", k.current}}) {
            if (!std::isfinite(v)) c.add(at + "." + name, "must be a finite number");
        }
        if (k.due && !valid_date(*k.due)) c.add(at + ".due", fmt::format("'{}' is not a date like 2027-03-31", *k.due));
        if (k.carried_from && !krs.count(*k.carried_from))
            c.add(at + ".carried_from", fmt::format("no KR-{} in the file", *k.carried_from));
    }

    for (std::size_t i = 0; i < ws.checkins.size(); ++i) {
        const auto& ch = ws.checkins[i];
        const std::string at = fmt::format("{}.checkins[{}]", where, i);
        if (!krs.count(ch.kr)) c.add(at + ".kr", fmt::format("no KR-{} in the file", ch.kr));
        c.nonempty(at, "user", ch.user);
        if (!std::isfinite(ch.value)) c.add(at + ".value", "must be a finite number");
        if (ch.confidence && (*ch.confidence < 1 || *ch.confidence > 10)) c.add(at + ".confidence", "must be 1 to 10");
    }
    for (std::size_t i = 0; i < ws.wins.size(); ++i) {
        const auto& w = ws.wins[i];
        const std::string at = fmt::format("{}.wins[{}]", where, i);
        if (!team_known(w.team)) c.add(at + ".team", fmt::format("no team '{}' in the file or in workspace {}", w.team, ws.key));
        if (w.kr && !krs.count(*w.kr)) c.add(at + ".kr", fmt::format("no KR-{} in the file", *w.kr));
        c.nonempty(at, "title", w.title);
    }
    std::set<int> overridden;
    for (std::size_t i = 0; i < ws.grade_overrides.size(); ++i) {
        const auto& g = ws.grade_overrides[i];
        const std::string at = fmt::format("{}.grade_overrides[{}]", where, i);
        if (!krs.count(g.kr)) c.add(at + ".kr", fmt::format("no KR-{} in the file", g.kr));
        if (!overridden.insert(g.kr).second) c.add(at + ".kr", fmt::format("KR-{} has two grade overrides", g.kr));
        if (!(g.score >= 0 && g.score <= 1)) c.add(at + ".score", "must be between 0 and 1");
    }
    for (std::size_t i = 0; i < ws.retros.size(); ++i) {
        const std::string at = fmt::format("{}.retros[{}]", where, i);
        if (!objectives.count(ws.retros[i].objective))
            c.add(at + ".objective", fmt::format("no O-{} in the file", ws.retros[i].objective));
    }
    for (std::size_t i = 0; i < ws.edits.size(); ++i) {
        const auto& e = ws.edits[i];
        const std::string at = fmt::format("{}.edits[{}].target", where, i);
        if (e.objective ? !objectives.count(e.number) : !krs.count(e.number))
            c.add(at, fmt::format("no {}-{} in the file", e.objective ? "O" : "KR", e.number));
    }
    return c.problems;
}

Counts count(const Workspace& ws) {
    Counts n;
    n.teams = static_cast<int>(ws.teams.size());
    for (const auto& t : ws.teams) n.members += static_cast<int>(t.members.size());
    n.cycles = static_cast<int>(ws.cycles.size());
    n.objectives = static_cast<int>(ws.objectives.size());
    n.key_results = static_cast<int>(ws.key_results.size());
    n.checkins = static_cast<int>(ws.checkins.size());
    n.wins = static_cast<int>(ws.wins.size());
    n.grade_overrides = static_cast<int>(ws.grade_overrides.size());
    n.retros = static_cast<int>(ws.retros.size());
    n.edits = static_cast<int>(ws.edits.size());
    return n;
}

void write(Database& db, const Workspace& ws) {
    const core::RowId ws_id = ensure_workspace_id(db, ws.key);
    for (const auto& cy : ws.cycles) {
        query(db,
              "INSERT INTO cycles(workspace_id, name, start_date, end_date, created_by, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              ws_id, cy.name, cy.start, cy.end, cy.created_by, to_unix(cy.created_at))
            .run();
    }
    // Teams: a parent before its children.
    std::map<std::string, core::RowId> team_ids;  // lower-case name -> row id
    auto team_id = [&](const std::string& name) -> core::RowId {
        auto it = team_ids.find(lower(name));
        if (it != team_ids.end()) return it->second;
        auto id = first_row(query(db, "SELECT id FROM teams WHERE workspace_id = ? AND name = ? COLLATE NOCASE", ws_id, name),
                            [](Statement& s) { return s.int64(0); });
        if (!id) throw StorageError(fmt::format("import: no team '{}'", name));
        return *id;
    };
    std::set<std::string> in_file;
    for (const auto& t : ws.teams) in_file.insert(lower(t.name));
    std::vector<const Team*> pending;
    for (const auto& t : ws.teams) pending.push_back(&t);
    while (!pending.empty()) {
        std::vector<const Team*> later;
        for (const Team* t : pending) {
            if (t->parent && in_file.count(lower(*t->parent)) && !team_ids.count(lower(*t->parent))) {
                later.push_back(t);
                continue;
            }
            std::optional<core::RowId> parent;
            if (t->parent) parent = team_id(*t->parent);
            query(db,
                  "INSERT INTO teams(workspace_id, name, channel, timezone, parent_team_id, created_by, created_at, "
                  "reminder, digest, summary, stakeholder_channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  ws_id, t->name, t->channel, t->timezone, parent, t->created_by, to_unix(t->created_at), t->reminder,
                  t->digest, t->summary, t->stakeholder_channel)
                .run();
            const core::RowId id = db.last_insert_id();
            team_ids[lower(t->name)] = id;
            for (const auto& m : t->members) {
                query(db, "INSERT INTO team_members(team_id, user_id, added_at, lead) VALUES (?, ?, ?, ?)", id, m.user,
                      to_unix(m.added_at), m.lead ? 1 : 0)
                    .run();
            }
        }
        if (later.size() == pending.size()) throw StorageError("import: the teams' parents form a loop");
        pending = std::move(later);
    }
    std::map<int, core::RowId> objective_ids;
    for (const auto& o : ws.objectives) {
        std::optional<core::RowId> team;
        if (o.team) team = team_id(*o.team);
        std::optional<std::int64_t> graded_at;
        if (o.graded_at) graded_at = to_unix(*o.graded_at);
        query(db,
              "INSERT INTO objectives(workspace_id, number, team_id, title, parent_number, cycle, visibility, kind, "
              "created_by, created_at, archived, grade, graded_by, graded_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              ws_id, o.number, team, o.title, o.parent, o.cycle, o.visibility, o.commitment, o.created_by,
              to_unix(o.created_at), o.archived ? 1 : 0, o.grade, o.graded_by, graded_at)
            .run();
        objective_ids[o.number] = db.last_insert_id();
    }
    std::map<int, core::RowId> kr_ids;
    for (const auto& k : ws.key_results) {
        query(db,
              "INSERT INTO key_results(workspace_id, number, objective_id, title, binary, start_value, target_value, "
              "current_value, unit, due, owner, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              ws_id, k.number, objective_ids.at(k.objective), k.title, k.binary ? 1 : 0, k.start, k.target, k.current,
              k.unit, k.due, k.owner, to_unix(k.created_at))
            .run();
        kr_ids[k.number] = db.last_insert_id();
    }
    for (const auto& k : ws.key_results) {
        if (!k.carried_from) continue;
        query(db, "UPDATE key_results SET carried_from = ? WHERE id = ?", kr_ids.at(*k.carried_from),
              kr_ids.at(k.number))
            .run();
    }
    for (const auto& ch : ws.checkins) {
        query(db,
              "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              ws_id, kr_ids.at(ch.kr), ch.user, ch.value, ch.confidence, ch.note, to_unix(ch.created_at))
            .run();
    }
    for (const auto& w : ws.wins) {
        std::optional<core::RowId> kr;
        if (w.kr) kr = kr_ids.at(*w.kr);
        query(db, "INSERT INTO wins(workspace_id, team_id, kr_id, title, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              ws_id, team_id(w.team), kr, w.title, w.user, to_unix(w.created_at))
            .run();
    }
    for (const auto& g : ws.grade_overrides) {
        query(db,
              "INSERT INTO grade_overrides(kr_id, workspace_id, score, reason, user_id, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              kr_ids.at(g.kr), ws_id, g.score, g.reason, g.user, to_unix(g.created_at))
            .run();
    }
    for (const auto& r : ws.retros) {
        query(db, "INSERT INTO retros(workspace_id, objective_id, user_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
              ws_id, objective_ids.at(r.objective), r.user, r.text, to_unix(r.created_at))
            .run();
    }
    for (const auto& e : ws.edits) {
        const core::RowId target = e.objective ? objective_ids.at(e.number) : kr_ids.at(e.number);
        query(db,
              "INSERT INTO edits(workspace_id, target, target_id, user_id, field, old_value, new_value, reason, "
              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              ws_id, e.objective ? "objective" : "key_result", target, e.user, e.field, e.old_value, e.new_value,
              e.reason, to_unix(e.created_at))
            .run();
    }
}

}  // namespace goalpost::storage::transfer
