#include "storage/sqlite_store.hpp"

#include <chrono>
#include <cstdlib>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "storage/cycle_store.hpp"
#include "storage/group_commit.hpp"
#include "storage/migrations.hpp"
#include "storage/playbook_store.hpp"
#include "storage/query.hpp"
#include "storage/sqlite.hpp"

namespace goalpost::storage {

namespace {

using core::RowId;
using core::Time;
using core::WorkspaceKey;


// Row id 0 means "none" in core's structs; NULL in the database.
std::optional<RowId> nullable(RowId id) {
    if (id == 0) return std::nullopt;
    return id;
}

std::string_view to_text(core::Visibility visibility) {
    return visibility == core::Visibility::internal ? "internal" : "public";
}
core::Visibility visibility_from(std::string_view text) {
    return text == "internal" ? core::Visibility::internal : core::Visibility::public_;
}
std::string_view to_text(core::ObjectiveKind kind) {
    return kind == core::ObjectiveKind::committed ? "committed" : "aspirational";
}
core::ObjectiveKind kind_from(std::string_view text) {
    return text == "committed" ? core::ObjectiveKind::committed : core::ObjectiveKind::aspirational;
}


[[noreturn]] void not_in_workspace(std::string_view what, std::int64_t id, const WorkspaceKey& ws) {
    throw StorageError(fmt::format("{} {} not in workspace {}", what, id, ws));
}

// ---- workspaces -----------------------------------------------------------------

std::optional<RowId> find_workspace(Database& db, const WorkspaceKey& ws) { return find_workspace_id(db, ws); }
RowId ensure_workspace(Database& db, const WorkspaceKey& ws) { return ensure_workspace_id(db, ws); }

// For writes that refer to an existing row: no workspace means no such row.
RowId existing_workspace(Database& db, const WorkspaceKey& ws, std::string_view what, std::int64_t id) {
    auto workspace_id = find_workspace(db, ws);
    if (!workspace_id) not_in_workspace(what, id, ws);
    return *workspace_id;
}

// ---- teams ----------------------------------------------------------------------

constexpr std::string_view team_columns =
    "SELECT t.id, t.name, t.channel, t.timezone, t.parent_team_id, t.created_at FROM teams t ";

core::Team read_team(Statement& row) {
    core::Team team;
    team.id = row.int64(0);
    team.name = row.text(1);
    team.channel = row.text(2);
    team.timezone = row.text(3);
    team.parent_team_id = row.optional_int64(4);
    team.created_at = from_unix(row.int64(5));
    return team;
}

std::string team_sql(std::string_view rest) { return fmt::format("{}{}", team_columns, rest); }

std::optional<core::Team> load_team(Database& db, RowId workspace_id, RowId team_id) {
    static const std::string sql = team_sql("WHERE t.workspace_id = ? AND t.id = ?");
    return first_row(query(db, sql, workspace_id, team_id), read_team);
}

bool team_in_workspace(Database& db, RowId workspace_id, RowId team_id) {
    return exists(query(db, "SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", workspace_id, team_id));
}

void require_team(Database& db, RowId workspace_id, RowId team_id, const WorkspaceKey& ws) {
    if (!team_in_workspace(db, workspace_id, team_id)) not_in_workspace("team", team_id, ws);
}

// ---- objectives -----------------------------------------------------------------

constexpr std::string_view objective_columns =
    "SELECT o.id, o.number, o.team_id, o.title, o.parent_number, o.cycle, o.visibility, o.kind, "
    "o.created_by, o.created_at FROM objectives o ";

core::Objective read_objective(Statement& row) {
    core::Objective objective;
    objective.id = row.int64(0);
    objective.number = row.integer(1);
    objective.team_id = row.optional_int64(2).value_or(0);
    objective.title = row.text(3);
    objective.parent_number = row.optional_integer(4);
    objective.cycle = row.text(5);
    objective.visibility = visibility_from(row.text(6));
    objective.kind = kind_from(row.text(7));
    objective.created_by = row.text(8);
    objective.created_at = from_unix(row.int64(9));
    return objective;
}

std::string objective_sql(std::string_view rest) { return fmt::format("{}{}", objective_columns, rest); }

// ---- key results ----------------------------------------------------------------

// The latest check-in (by time, then insertion order) supplies last_checkin_at and
// last_confidence.
constexpr std::string_view key_result_columns =
    "SELECT k.id, k.number, k.objective_id, o.number, k.title, k.binary, k.start_value, "
    "k.target_value, k.current_value, k.unit, k.due, k.owner, k.created_at, c.created_at, "
    "c.confidence "
    "FROM key_results k "
    "JOIN objectives o ON o.id = k.objective_id "
    "LEFT JOIN checkins c ON c.id = (SELECT l.id FROM checkins l WHERE l.kr_id = k.id "
    "ORDER BY l.created_at DESC, l.id DESC LIMIT 1) ";

core::KeyResult read_key_result(Statement& row) {
    core::KeyResult kr;
    kr.id = row.int64(0);
    kr.number = row.integer(1);
    kr.objective_id = row.int64(2);
    kr.objective_number = row.integer(3);
    kr.title = row.text(4);
    kr.binary = row.integer(5) != 0;
    kr.start = row.real(6);
    kr.target = row.real(7);
    kr.current = row.real(8);
    kr.unit = row.text(9);
    kr.due = row.optional_text(10);
    kr.owner = row.text(11);
    kr.created_at = from_unix(row.int64(12));
    if (auto at = row.optional_int64(13)) kr.last_checkin_at = from_unix(*at);
    kr.last_confidence = row.optional_integer(14);
    return kr;
}

std::string key_result_sql(std::string_view rest) { return fmt::format("{}{}", key_result_columns, rest); }

core::KeyResult load_key_result(Database& db, RowId workspace_id, RowId kr_id) {
    static const std::string sql = key_result_sql("WHERE k.workspace_id = ? AND k.id = ?");
    auto kr = first_row(query(db, sql, workspace_id, kr_id), read_key_result);
    if (!kr) throw StorageError(fmt::format("key result {} vanished inside its transaction", kr_id));
    return *kr;
}

int next_number(Database& db, std::string_view sql, RowId workspace_id) {
    return *first_row(query(db, sql, workspace_id), [](Statement& row) { return row.integer(0); });
}

// ---- check-ins ------------------------------------------------------------------

core::Checkin read_checkin(Statement& row) {
    core::Checkin checkin;
    checkin.id = row.int64(0);
    checkin.kr_id = row.int64(1);
    checkin.user_id = row.text(2);
    checkin.value = row.real(3);
    checkin.confidence = row.optional_integer(4);
    checkin.note = row.text(5);
    checkin.at = from_unix(row.int64(6));
    return checkin;
}

bool is_memory(const std::string& path) { return path == ":memory:" || path.empty(); }

// No planner statistics yet, or the check-ins or key results have more than doubled since
// they were gathered (max(rowid) stands in for the row count: an index seek, not a scan).
bool statistics_outgrown(Database& db) {
    if (!exists(db.cached("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'"))) return true;
    for (const char* table : {"checkins", "key_results"}) {
        const auto rows = first_row(db.cached(fmt::format("SELECT coalesce(max(rowid), 0) FROM {}", table)),
                                    [](Statement& row) { return row.int64(0); })
                              .value_or(0);
        const auto counted = first_row(query(db, "SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1", table),
                                       [](Statement& row) { return std::atoll(row.text(0).c_str()); });
        if (counted ? rows > 2 * *counted + 100 : rows > 0) return true;
    }
    return false;
}

std::string pragma_text(Database& db, std::string_view pragma) {
    return first_row(db.cached(pragma), [](Statement& row) { return row.text(0); }).value_or("");
}

}  // namespace

// ---- lifecycle ------------------------------------------------------------------

SqliteStore::SqliteStore(const std::string& path, int migrate_up_to) : db_(std::make_unique<Database>(path)) {
    db_->busy_timeout(5000);
    // Per connection, and a no-op inside a transaction: set before anything else runs.
    db_->exec("PRAGMA foreign_keys = ON");
    if (pragma_text(*db_, "PRAGMA foreign_keys") != "1") {
        throw StorageError("sqlite: this SQLite build cannot enforce foreign keys");
    }
    if (!is_memory(path)) {
        // WAL lets readers run during a write; it is stored in the file, so set it once here.
        const std::string mode = pragma_text(*db_, "PRAGMA journal_mode = WAL");
        if (mode != "wal") {
            throw StorageError(fmt::format("sqlite: '{}' cannot use WAL (journal_mode is '{}')", path, mode));
        }
    }
    // A check-in is acknowledged only once it is on disk, even across a power cut.
    db_->exec("PRAGMA synchronous = FULL");
    migrate(*db_, migrate_up_to);
    group_commit_ = std::make_unique<GroupCommit>(*db_, mutex_);
    if (!is_memory(path)) {
        // Statistics for the query planner. Without them SQLite may take the workspace index
        // over an objective's or a team's own and visit every KR or check-in of the workspace
        // (seconds per digest at 30,000 KRs). Gathered when missing or outgrown, so a normal
        // start-up does not wait for it; analysis_limit keeps it to milliseconds on any size;
        // a busy database just keeps its old statistics.
        try {
            if (statistics_outgrown(*db_)) db_->exec("PRAGMA analysis_limit = 1000; ANALYZE");
        } catch (const StorageError&) {
        }
        readers_ = std::make_unique<ReadPool>(path);
        checkpointer_ = std::make_unique<Checkpointer>(*db_, path);
    }
    // Older schemas (migration tests) lack the playbook tables.
    if (schema_version_of(*db_) >= 5) playbook_ = std::make_unique<PlaybookStore>(*this);
    if (schema_version_of(*db_) >= 6) cycles_ = std::make_unique<CycleStore>(*this);
}

SqliteStore::~SqliteStore() = default;

// A file database reads on a pooled read-only connection: reads run in parallel and never
// wait for a commit's fsync. ":memory:" has one connection only, used under the lock.
template <class F>
decltype(auto) SqliteStore::read(F&& f) {
    if (readers_) {
        auto lease = readers_->lease();
        return f(lease.db());
    }
    std::lock_guard lock(mutex_);
    return f(*db_);
}

core::Repositories SqliteStore::repositories() {
    core::Repositories repos{*this, *this, *this};
    repos.playbook = playbook_.get();
    repos.cycles = cycles_.get();
    return repos;
}

int SqliteStore::schema_version() {
    std::lock_guard lock(mutex_);
    return schema_version_of(*db_);
}

bool SqliteStore::healthy() {
    std::lock_guard lock(mutex_);
    try {
        return first_row(db_->cached("SELECT 1"), [](Statement& row) { return row.integer(0); }) == 1;
    } catch (const StorageError&) {
        return false;
    }
}

ConnectionInfo SqliteStore::connection_info() {
    std::lock_guard lock(mutex_);
    auto number = [this](std::string_view pragma) {
        return first_row(db_->cached(pragma), [](Statement& row) { return row.integer(0); }).value_or(0);
    };
    ConnectionInfo info;
    info.journal_mode = pragma_text(*db_, "PRAGMA journal_mode");
    info.foreign_keys = number("PRAGMA foreign_keys") == 1;
    info.synchronous = number("PRAGMA synchronous");
    info.busy_timeout_ms = number("PRAGMA busy_timeout");
    return info;
}

// ---- TeamRepository -------------------------------------------------------------

std::optional<core::Team> SqliteStore::create_team(const WorkspaceKey& ws, const core::NewTeam& team) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    const RowId workspace_id = ensure_workspace(*db_, ws);
    // Checked first (under the write lock) rather than by catching the UNIQUE violation,
    // so a constraint failure always means a bug, never a duplicate name.
    if (exists(query(*db_, "SELECT 1 FROM teams WHERE workspace_id = ? AND name = ? COLLATE NOCASE",
                     workspace_id, team.name))) {
        return std::nullopt;
    }
    if (team.parent_team_id) require_team(*db_, workspace_id, *team.parent_team_id, ws);
    query(*db_,
          "INSERT INTO teams(workspace_id, name, channel, timezone, parent_team_id, created_by, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          workspace_id, team.name, team.channel, team.timezone, team.parent_team_id, team.created_by,
          to_unix(team.at))
        .run();
    auto created = load_team(*db_, workspace_id, db_->last_insert_id());
    transaction.commit();
    return created;
}

std::optional<core::Team> SqliteStore::find_team(const WorkspaceKey& ws, const std::string& name) {
    return read([&](Database& db) {
        static const std::string sql = team_sql(
            "JOIN workspaces w ON w.id = t.workspace_id WHERE w.key = ? AND t.name = ? COLLATE NOCASE");
        return first_row(query(db, sql, ws, name), read_team);
    });
}

std::optional<core::Team> SqliteStore::find_team_by_id(const WorkspaceKey& ws, RowId id) {
    return read([&](Database& db) {
        static const std::string sql =
            team_sql("JOIN workspaces w ON w.id = t.workspace_id WHERE w.key = ? AND t.id = ?");
        return first_row(query(db, sql, ws, id), read_team);
    });
}

std::vector<core::Team> SqliteStore::teams(const WorkspaceKey& ws) {
    return read([&](Database& db) {
        static const std::string sql = team_sql(
            "JOIN workspaces w ON w.id = t.workspace_id WHERE w.key = ? ORDER BY t.name COLLATE NOCASE, t.name");
        return all_rows(query(db, sql, ws), read_team);
    });
}

std::vector<core::Team> SqliteStore::teams_of_member(const WorkspaceKey& ws, const std::string& user_id) {
    return read([&](Database& db) {
        static const std::string sql = team_sql(
            "JOIN workspaces w ON w.id = t.workspace_id "
            "JOIN team_members m ON m.team_id = t.id "
            "WHERE w.key = ? AND m.user_id = ? ORDER BY t.name COLLATE NOCASE, t.name");
        return all_rows(query(db, sql, ws, user_id), read_team);
    });
}

bool SqliteStore::add_member(const WorkspaceKey& ws, RowId team_id, const std::string& user_id, Time at) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    const RowId workspace_id = existing_workspace(*db_, ws, "team", team_id);
    require_team(*db_, workspace_id, team_id, ws);
    const int changed = query(*db_,
                              "INSERT INTO team_members(team_id, user_id, added_at) VALUES (?, ?, ?) "
                              "ON CONFLICT(team_id, user_id) DO NOTHING",
                              team_id, user_id, to_unix(at))
                            .run();
    transaction.commit();
    return changed > 0;
}

bool SqliteStore::remove_member(const WorkspaceKey& ws, RowId team_id, const std::string& user_id) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    const RowId workspace_id = existing_workspace(*db_, ws, "team", team_id);
    require_team(*db_, workspace_id, team_id, ws);
    const int changed =
        query(*db_, "DELETE FROM team_members WHERE team_id = ? AND user_id = ?", team_id, user_id).run();
    transaction.commit();
    return changed > 0;
}

std::vector<std::string> SqliteStore::members(const WorkspaceKey& ws, RowId team_id) {
    return read([&](Database& db) {
        return all_rows(query(db,
                              "SELECT m.user_id FROM team_members m "
                              "JOIN teams t ON t.id = m.team_id "
                              "JOIN workspaces w ON w.id = t.workspace_id "
                              "WHERE w.key = ? AND m.team_id = ? ORDER BY m.user_id",
                              ws, team_id),
                        [](Statement& row) { return row.text(0); });
    });
}

bool SqliteStore::set_lead(const WorkspaceKey& ws, RowId team_id, const std::string& user_id, bool lead, Time at) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    const RowId workspace_id = existing_workspace(*db_, ws, "team", team_id);
    require_team(*db_, workspace_id, team_id, ws);
    int changed = 0;
    if (lead) {
        changed = query(*db_,
                        "INSERT INTO team_members(team_id, user_id, added_at, lead) VALUES (?, ?, ?, 1) "
                        "ON CONFLICT(team_id, user_id) DO UPDATE SET lead = 1 WHERE lead = 0",
                        team_id, user_id, to_unix(at))
                      .run();
    } else {
        changed = query(*db_, "UPDATE team_members SET lead = 0 WHERE team_id = ? AND user_id = ? AND lead = 1",
                        team_id, user_id)
                      .run();
    }
    transaction.commit();
    return changed > 0;
}

std::vector<std::string> SqliteStore::leads(const WorkspaceKey& ws, RowId team_id) {
    return read([&](Database& db) {
        return all_rows(query(db,
                              "SELECT m.user_id FROM team_members m "
                              "JOIN teams t ON t.id = m.team_id "
                              "JOIN workspaces w ON w.id = t.workspace_id "
                              "WHERE w.key = ? AND m.team_id = ? AND m.lead = 1 ORDER BY m.user_id",
                              ws, team_id),
                        [](Statement& row) { return row.text(0); });
    });
}

std::vector<core::Team> SqliteStore::teams_led_by(const WorkspaceKey& ws, const std::string& user_id) {
    return read([&](Database& db) {
        static const std::string sql = team_sql(
            "JOIN workspaces w ON w.id = t.workspace_id "
            "JOIN team_members m ON m.team_id = t.id "
            "WHERE w.key = ? AND m.user_id = ? AND m.lead = 1 ORDER BY t.name COLLATE NOCASE, t.name");
        return all_rows(query(db, sql, ws, user_id), read_team);
    });
}

// ---- ObjectiveRepository --------------------------------------------------------

core::Objective SqliteStore::add_objective(const WorkspaceKey& ws, const core::NewObjective& objective) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    const RowId workspace_id = ensure_workspace(*db_, ws);
    if (objective.team_id != 0) require_team(*db_, workspace_id, objective.team_id, ws);
    if (objective.parent_number &&
        !exists(query(*db_, "SELECT 1 FROM objectives WHERE workspace_id = ? AND number = ?", workspace_id,
                      *objective.parent_number))) {
        throw StorageError(fmt::format("parent objective O-{} not in workspace {}", *objective.parent_number, ws));
    }
    // Inside the write transaction, so two concurrent adds cannot take the same number.
    const int number = next_number(
        *db_, "SELECT COALESCE(MAX(number), 0) + 1 FROM objectives WHERE workspace_id = ?", workspace_id);
    query(*db_,
          "INSERT INTO objectives(workspace_id, number, team_id, title, parent_number, cycle, visibility, kind, "
          "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          workspace_id, number, nullable(objective.team_id), objective.title, objective.parent_number,
          objective.cycle, to_text(objective.visibility), to_text(objective.kind), objective.created_by,
          to_unix(objective.at))
        .run();
    static const std::string sql = objective_sql("WHERE o.id = ?");
    auto created = first_row(query(*db_, sql, db_->last_insert_id()), read_objective);
    transaction.commit();
    return *created;
}

std::optional<core::Objective> SqliteStore::find_objective(const WorkspaceKey& ws, int number) {
    return read([&](Database& db) {
        static const std::string sql =
            objective_sql("JOIN workspaces w ON w.id = o.workspace_id WHERE w.key = ? AND o.number = ?");
        return first_row(query(db, sql, ws, number), read_objective);
    });
}

std::vector<core::Objective> SqliteStore::objectives_of_team(const WorkspaceKey& ws, RowId team_id) {
    return read([&](Database& db) {
        // team_id 0 lists the workspace's objectives that belong to no team.
        static const std::string sql = objective_sql(
            "JOIN workspaces w ON w.id = o.workspace_id "
            "WHERE w.key = ? AND o.team_id IS ? AND o.archived = 0 ORDER BY o.number");
        return all_rows(query(db, sql, ws, nullable(team_id)), read_objective);
    });
}

core::KeyResult SqliteStore::add_key_result(const WorkspaceKey& ws, const core::NewKeyResult& kr) {
    std::lock_guard lock(mutex_);
    Transaction transaction(*db_);
    const RowId workspace_id = existing_workspace(*db_, ws, "objective", kr.objective_id);
    if (!exists(query(*db_, "SELECT 1 FROM objectives WHERE workspace_id = ? AND id = ?", workspace_id,
                      kr.objective_id))) {
        not_in_workspace("objective", kr.objective_id, ws);
    }
    const int number = next_number(
        *db_, "SELECT COALESCE(MAX(number), 0) + 1 FROM key_results WHERE workspace_id = ?", workspace_id);
    query(*db_,
          "INSERT INTO key_results(workspace_id, number, objective_id, title, binary, start_value, "
          "target_value, current_value, unit, due, owner, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          workspace_id, number, kr.objective_id, kr.title, kr.binary ? 1 : 0, kr.start, kr.target, kr.start,
          kr.unit, kr.due, kr.owner, to_unix(kr.at))
        .run();
    auto created = load_key_result(*db_, workspace_id, db_->last_insert_id());
    transaction.commit();
    return created;
}

std::optional<core::KeyResult> SqliteStore::find_key_result(const WorkspaceKey& ws, int number) {
    return read([&](Database& db) {
        static const std::string sql =
            key_result_sql("JOIN workspaces w ON w.id = k.workspace_id WHERE w.key = ? AND k.number = ?");
        return first_row(query(db, sql, ws, number), read_key_result);
    });
}

std::vector<core::KeyResult> SqliteStore::key_results_of(const WorkspaceKey& ws, RowId objective_id) {
    return read([&](Database& db) {
        static const std::string sql = key_result_sql(
            "JOIN workspaces w ON w.id = k.workspace_id WHERE w.key = ? AND k.objective_id = ? ORDER BY k.number");
        return all_rows(query(db, sql, ws, objective_id), read_key_result);
    });
}

std::vector<core::KeyResult> SqliteStore::key_results_owned_by(const WorkspaceKey& ws, const std::string& user_id) {
    return read([&](Database& db) {
        // KRs of archived objectives are history, not work in progress.
        static const std::string sql = key_result_sql(
            "JOIN workspaces w ON w.id = k.workspace_id "
            "WHERE w.key = ? AND k.owner = ? AND o.archived = 0 ORDER BY k.number");
        return all_rows(query(db, sql, ws, user_id), read_key_result);
    });
}

// ---- CheckinRepository ----------------------------------------------------------

core::KeyResult SqliteStore::record_checkin(const WorkspaceKey& ws, const core::NewCheckin& checkin) {
    // Runs in a transaction shared with the check-ins of other requests waiting at the same
    // time, in its own savepoint; returns once that transaction committed.
    core::KeyResult updated;
    group_commit_->run([&](Database& db) {
        const RowId workspace_id = existing_workspace(db, ws, "key result", checkin.kr_id);
        if (!exists(query(db, "SELECT 1 FROM key_results WHERE workspace_id = ? AND id = ?", workspace_id,
                          checkin.kr_id))) {
            not_in_workspace("key result", checkin.kr_id, ws);
        }
        query(db,
              "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              workspace_id, checkin.kr_id, checkin.user_id, checkin.value, checkin.confidence, checkin.note,
              to_unix(checkin.at))
            .run();
        // The current value is the newest check-in's, so a back-dated (imported) check-in
        // lands in the history without rewinding the KR.
        query(db,
              "UPDATE key_results SET current_value = (SELECT value FROM checkins WHERE kr_id = ?1 "
              "ORDER BY created_at DESC, id DESC LIMIT 1) WHERE id = ?1",
              checkin.kr_id)
            .run();
        updated = load_key_result(db, workspace_id, checkin.kr_id);
    });
    return updated;
}

std::vector<core::Checkin> SqliteStore::checkins_of(const WorkspaceKey& ws, RowId kr_id, int limit) {
    return read([&](Database& db) {
        // A negative limit means no limit (SQLite's LIMIT -1).
        return all_rows(query(db,
                              "SELECT c.id, c.kr_id, c.user_id, c.value, c.confidence, c.note, c.created_at "
                              "FROM checkins c JOIN workspaces w ON w.id = c.workspace_id "
                              "WHERE w.key = ? AND c.kr_id = ? "
                              "ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
                              ws, kr_id, limit),
                        read_checkin);
    });
}

}  // namespace goalpost::storage
