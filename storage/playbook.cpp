#include "storage/playbook.hpp"

#include <fmt/format.h>

#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"

namespace goalpost::storage {
namespace {

using core::RowId;
using core::Time;
using core::WorkspaceKey;

// For writes on an existing row: no workspace (or a row of another one) is a bug upstream.
RowId workspace_of(Database& db, const WorkspaceKey& ws) {
    auto id = find_workspace_id(db, ws);
    if (!id) throw StorageError(fmt::format("workspace {} has no rows", ws));
    return *id;
}

const char* target_text(core::EditTarget t) { return t == core::EditTarget::objective ? "objective" : "key_result"; }

void write_audit(Database& db, RowId workspace_id, core::EditTarget target, RowId id,
                 const std::vector<core::FieldChange>& audit, const std::string& user_id, const std::string& reason,
                 Time at) {
    for (const auto& c : audit) {
        query(db,
              "INSERT INTO edits(workspace_id, target, target_id, user_id, field, old_value, new_value, reason, "
              "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              workspace_id, target_text(target), id, user_id, c.field, c.old_value, c.new_value, reason, to_unix(at))
            .run();
    }
}

core::Win read_win(Statement& row) {
    core::Win w;
    read_columns(row, 0, w.id, w.team_id, w.kr_number, w.title, w.user_id, w.at);
    return w;
}

constexpr std::string_view win_columns =
    "SELECT w.id, w.team_id, k.number, w.title, w.user_id, w.created_at FROM wins w "
    "LEFT JOIN key_results k ON k.id = w.kr_id ";

}  // namespace

core::Win PlaybookStore::add_win(const WorkspaceKey& ws, const core::NewWin& win) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        RowId workspace_id = workspace_of(db, ws);
        require_row(db, "teams", workspace_id, win.team_id, ws);
        if (win.kr_id) require_row(db, "key_results", workspace_id, *win.kr_id, ws);
        query(db, "INSERT INTO wins(workspace_id, team_id, kr_id, title, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
              workspace_id, win.team_id, win.kr_id, win.title, win.user_id, to_unix(win.at))
            .run();
        static const std::string sql = fmt::format("{}WHERE w.id = ?", win_columns);
        auto created = first_row(query(db, sql, db.last_insert_id()), read_win);
        tx.commit();
        return *created;
    });
}

std::vector<core::Win> PlaybookStore::wins_of_team(const WorkspaceKey& ws, RowId team_id, Time from, Time to) {
    return connections_.read([&](Database& db) {
        static const std::string sql = fmt::format(
            "{}JOIN workspaces s ON s.id = w.workspace_id WHERE s.key = ? AND w.team_id = ? AND w.created_at >= ? "
            "AND w.created_at < ? ORDER BY w.created_at, w.id",
            win_columns);
        return all_rows(query(db, sql, ws, team_id, to_unix(from), to_unix(to)), read_win);
    });
}

void PlaybookStore::edit_objective(const WorkspaceKey& ws, RowId objective_id, const core::ObjectiveEdit& edit,
                                   const std::vector<core::FieldChange>& audit, const std::string& user_id,
                                   const std::string& reason, Time at) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        RowId workspace_id = workspace_of(db, ws);
        require_row(db, "objectives", workspace_id, objective_id, ws);
        if (edit.title) query(db, "UPDATE objectives SET title = ? WHERE id = ?", *edit.title, objective_id).run();
        if (edit.visibility) {
            query(db, "UPDATE objectives SET visibility = ? WHERE id = ?",
                  visibility_text(*edit.visibility), objective_id)
                .run();
        }
        if (edit.kind) {
            query(db, "UPDATE objectives SET kind = ? WHERE id = ?",
                  kind_text(*edit.kind), objective_id)
                .run();
        }
        write_audit(db, workspace_id, core::EditTarget::objective, objective_id, audit, user_id, reason, at);
        tx.commit();
    });
}

void PlaybookStore::edit_key_result(const WorkspaceKey& ws, RowId kr_id, const core::KeyResultEdit& edit,
                                    const std::vector<core::FieldChange>& audit, const std::string& user_id,
                                    const std::string& reason, Time at) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        RowId workspace_id = workspace_of(db, ws);
        require_row(db, "key_results", workspace_id, kr_id, ws);
        if (edit.title) query(db, "UPDATE key_results SET title = ? WHERE id = ?", *edit.title, kr_id).run();
        if (edit.target) query(db, "UPDATE key_results SET target_value = ? WHERE id = ?", *edit.target, kr_id).run();
        if (edit.due) {
            std::optional<std::string> due;
            if (!edit.due->empty()) due = *edit.due;
            query(db, "UPDATE key_results SET due = ? WHERE id = ?", due, kr_id).run();
        }
        if (edit.owner) query(db, "UPDATE key_results SET owner = ? WHERE id = ?", *edit.owner, kr_id).run();
        write_audit(db, workspace_id, core::EditTarget::key_result, kr_id, audit, user_id, reason, at);
        tx.commit();
    });
}

std::vector<core::EditRecord> PlaybookStore::history_of(const WorkspaceKey& ws, core::EditTarget target, RowId id) {
    return connections_.read([&](Database& db) {
        return all_rows(query(db,
                              "SELECT e.user_id, e.created_at, e.field, e.old_value, e.new_value, e.reason FROM edits e "
                              "JOIN workspaces w ON w.id = e.workspace_id "
                              "WHERE w.key = ? AND e.target = ? AND e.target_id = ? ORDER BY e.created_at, e.id",
                              ws, target_text(target), id),
                        [](Statement& s) {
                            return core::EditRecord{s.text(0), from_unix(s.int64(1)),
                                                    core::FieldChange{s.text(2), s.text(3), s.text(4)}, s.text(5)};
                        });
    });
}

void PlaybookStore::archive_objective(const WorkspaceKey& ws, RowId objective_id, const std::string& user_id,
                                      const std::string& reason, Time at) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        RowId workspace_id = workspace_of(db, ws);
        require_row(db, "objectives", workspace_id, objective_id, ws);
        int changed = query(db, "UPDATE objectives SET archived = 1 WHERE id = ? AND archived = 0", objective_id).run();
        if (changed > 0) {
            write_audit(db, workspace_id, core::EditTarget::objective, objective_id, {{"archived", "no", "yes"}},
                        user_id, reason, at);
        }
        tx.commit();
    });
}

bool PlaybookStore::is_archived(const WorkspaceKey& ws, RowId objective_id) {
    return connections_.read([&](Database& db) {
        return exists(query(db,
                            "SELECT 1 FROM objectives o JOIN workspaces w ON w.id = o.workspace_id "
                            "WHERE w.key = ? AND o.id = ? AND o.archived = 1",
                            ws, objective_id));
    });
}

void PlaybookStore::grade_objective(const WorkspaceKey& ws, RowId objective_id, const core::ObjectiveGrade& grade,
                                    const std::vector<core::GradeOverride>& overrides) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        RowId workspace_id = workspace_of(db, ws);
        require_row(db, "objectives", workspace_id, objective_id, ws);
        for (const auto& o : overrides) {
            if (!exists(query(db, "SELECT 1 FROM key_results WHERE workspace_id = ? AND id = ? AND objective_id = ?",
                              workspace_id, o.kr_id, objective_id))) {
                throw StorageError(fmt::format("grade: key result {} not in objective {}", o.kr_id, objective_id));
            }
            query(db,
                  "INSERT INTO grade_overrides(kr_id, workspace_id, score, reason, user_id, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(kr_id) DO UPDATE SET score = excluded.score, "
                  "reason = excluded.reason, user_id = excluded.user_id, created_at = excluded.created_at",
                  o.kr_id, workspace_id, o.score, o.reason, o.user_id, to_unix(o.at))
                .run();
        }
        query(db, "UPDATE objectives SET grade = ?, graded_by = ?, graded_at = ? WHERE id = ?", grade.score,
              grade.user_id, to_unix(grade.at), objective_id)
            .run();
        tx.commit();
    });
}

std::optional<core::ObjectiveGrade> PlaybookStore::grade_of_objective(const WorkspaceKey& ws, RowId objective_id) {
    return connections_.read([&](Database& db) {
        return first_row(query(db,
                               "SELECT o.grade, o.graded_by, o.graded_at FROM objectives o "
                               "JOIN workspaces w ON w.id = o.workspace_id "
                               "WHERE w.key = ? AND o.id = ? AND o.graded_at IS NOT NULL",
                               ws, objective_id),
                         [](Statement& s) {
                             return core::ObjectiveGrade{s.real(0), s.text(1), from_unix(s.int64(2))};
                         });
    });
}

std::vector<core::GradeOverride> PlaybookStore::overrides_of(const WorkspaceKey& ws, RowId objective_id) {
    return connections_.read([&](Database& db) {
        return all_rows(query(db,
                              "SELECT g.kr_id, g.score, g.reason, g.user_id, g.created_at FROM grade_overrides g "
                              "JOIN key_results k ON k.id = g.kr_id JOIN workspaces w ON w.id = g.workspace_id "
                              "WHERE w.key = ? AND k.objective_id = ? ORDER BY k.number",
                              ws, objective_id),
                        [](Statement& s) {
                            return core::GradeOverride{s.int64(0), s.real(1), s.text(2), s.text(3),
                                                       from_unix(s.int64(4))};
                        });
    });
}

void PlaybookStore::add_retro(const WorkspaceKey& ws, RowId objective_id, const core::Retro& retro) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        RowId workspace_id = workspace_of(db, ws);
        require_row(db, "objectives", workspace_id, objective_id, ws);
        query(db, "INSERT INTO retros(workspace_id, objective_id, user_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
              workspace_id, objective_id, retro.user_id, retro.text, to_unix(retro.at))
            .run();
        tx.commit();
    });
}

std::vector<core::Retro> PlaybookStore::retros_of(const WorkspaceKey& ws, RowId objective_id) {
    return connections_.read([&](Database& db) {
        return all_rows(query(db,
                              "SELECT r.user_id, r.text, r.created_at FROM retros r "
                              "JOIN workspaces w ON w.id = r.workspace_id "
                              "WHERE w.key = ? AND r.objective_id = ? ORDER BY r.created_at, r.id",
                              ws, objective_id),
                        [](Statement& s) { return core::Retro{s.text(0), s.text(1), from_unix(s.int64(2))}; });
    });
}

int PlaybookStore::carry_objective(const WorkspaceKey& ws, RowId objective_id, const std::string& cycle,
                                   const std::vector<RowId>& kr_ids, const std::string& user_id, Time at) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        RowId workspace_id = workspace_of(db, ws);
        require_row(db, "objectives", workspace_id, objective_id, ws);
        const int number = next_number(db, "objectives", workspace_id);
        query(db,
              "INSERT INTO objectives(workspace_id, number, team_id, title, parent_number, cycle, visibility, kind, "
              "created_by, created_at) SELECT workspace_id, ?, team_id, title, parent_number, ?, visibility, kind, ?, ? "
              "FROM objectives WHERE id = ?",
              number, cycle, user_id, to_unix(at), objective_id)
            .run();
        const RowId copy_id = db.last_insert_id();
        for (RowId kr_id : kr_ids) {
            if (!exists(query(db, "SELECT 1 FROM key_results WHERE workspace_id = ? AND id = ? AND objective_id = ?",
                              workspace_id, kr_id, objective_id))) {
                throw StorageError(fmt::format("carry: key result {} not in objective {}", kr_id, objective_id));
            }
            const int kr_number = next_number(db, "key_results", workspace_id);
            query(db,
                  "INSERT INTO key_results(workspace_id, number, objective_id, title, \"binary\", start_value, target_value, "
                  "current_value, unit, due, owner, created_at, carried_from) "
                  "SELECT workspace_id, ?, ?, title, \"binary\", start_value, target_value, current_value, unit, NULL, owner, "
                  "?, id FROM key_results WHERE id = ?",
                  kr_number, copy_id, to_unix(at), kr_id)
                .run();
            const RowId new_kr = db.last_insert_id();
            // The number goes on from where it stood: its value (and confidence) as a first check-in.
            query(db,
                  "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
                  "SELECT k.workspace_id, ?, ?, k.current_value, "
                  "(SELECT c.confidence FROM checkins c WHERE c.kr_id = k.id ORDER BY c.created_at DESC, c.id DESC LIMIT 1), "
                  "'carried over from KR-' || k.number, ? FROM key_results k "
                  "WHERE k.id = ? AND k.current_value != k.start_value",
                  new_kr, user_id, to_unix(at), kr_id)
                .run();
        }
        tx.commit();
        return number;
    });
}

std::optional<int> PlaybookStore::carried_from(const WorkspaceKey& ws, RowId kr_id) {
    return connections_.read([&](Database& db) -> std::optional<int> {
        auto row = first_row(query(db,
                                   "SELECT f.number FROM key_results k JOIN workspaces w ON w.id = k.workspace_id "
                                   "LEFT JOIN key_results f ON f.id = k.carried_from WHERE w.key = ? AND k.id = ?",
                                   ws, kr_id),
                             [](Statement& s) { return s.optional_integer(0); });
        return row ? *row : std::nullopt;
    });
}

std::vector<core::Objective> PlaybookStore::all_objectives(const WorkspaceKey& ws) {
    return connections_.read([&](Database& db) {
        static const std::string sql = select_sql(objective_fields, "objectives o",
                                                  "JOIN workspaces w ON w.id = o.workspace_id "
                                                  "WHERE w.key = ? AND o.archived = 0 ORDER BY o.number");
        return all_rows(query(db, sql, ws), read_objective);
    });
}

std::vector<core::KrValues> PlaybookStore::all_kr_values(const WorkspaceKey& ws) {
    return connections_.read([&](Database& db) {
        return all_rows(query(db,
                              "SELECT k.objective_id, k.\"binary\", k.start_value, k.target_value, k.current_value "
                              "FROM key_results k JOIN objectives o ON o.id = k.objective_id "
                              "JOIN workspaces w ON w.id = k.workspace_id WHERE w.key = ? AND o.archived = 0 "
                              "ORDER BY k.objective_id, k.number",
                              ws),
                        [](Statement& row) {
                            return core::KrValues{row.int64(0), row.integer(1) != 0, row.real(2), row.real(3),
                                                  row.real(4)};
                        });
    });
}

}  // namespace goalpost::storage
