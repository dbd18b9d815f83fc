#pragma once
// SQLite implementation of core's repositories. One write connection, used under a mutex:
// every public method is one transaction, and a write returns only after it committed
// (check-ins of concurrent requests commit together, storage/group_commit.hpp). Reads of a
// file database run on pooled read-only connections and never wait for a commit.
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "core/ports.hpp"

namespace goalpost::storage {

// The environment failed (disk full, file unwritable, corrupt database, busy too long).
// Caught once at the edge; never shown to a chat user.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The schema version a fresh or migrated database ends at.
int current_schema_version();

class Database;       // storage/sqlite.hpp
class GroupCommit;    // storage/group_commit.hpp
class ReadPool;       // storage/group_commit.hpp
class Checkpointer;   // storage/group_commit.hpp
class PlaybookStore;  // storage/playbook_store.hpp
class CycleStore;     // storage/cycle_store.hpp

// How the connection is set up, as SQLite reports it (for startup logs and tests).
struct ConnectionInfo {
    std::string journal_mode;  // "wal" for a file, "memory" for ":memory:"
    bool foreign_keys = false;
    int synchronous = 0;  // 2 = FULL
    int busy_timeout_ms = 0;
};

class SqliteStore final : public core::TeamRepository,
                          public core::ObjectiveRepository,
                          public core::CheckinRepository {
public:
    // Opens or creates the file (":memory:" for tests), turns on WAL, foreign keys,
    // synchronous=FULL and a busy timeout, then applies pending migrations.
    // `migrate_up_to` stops at an older schema version (for migration tests only).
    explicit SqliteStore(const std::string& path, int migrate_up_to = -1);
    ~SqliteStore() override;
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;

    // Includes the playbook repository (wins, edits, grades) and the custom cycles, which share
    // this connection.
    core::Repositories repositories();
    int schema_version();
    // SELECT 1 against the database; false if it fails.
    bool healthy();

    // The connection under the store's lock, for the other repositories of storage/
    // (outbox, schedules, Teams) that share this one connection.
    template <typename F>
    decltype(auto) with_connection(F&& f) {
        std::lock_guard lock(mutex_);
        return f(*db_);
    }
    ConnectionInfo connection_info();

    // TeamRepository
    std::optional<core::Team> create_team(const core::WorkspaceKey& ws, const core::NewTeam& team) override;
    std::optional<core::Team> find_team(const core::WorkspaceKey& ws, const std::string& name) override;
    std::optional<core::Team> find_team_by_id(const core::WorkspaceKey& ws, core::RowId id) override;
    std::vector<core::Team> teams(const core::WorkspaceKey& ws) override;
    std::vector<core::Team> teams_of_member(const core::WorkspaceKey& ws, const std::string& user_id) override;
    bool add_member(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id, core::Time at) override;
    bool remove_member(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id) override;
    std::vector<std::string> members(const core::WorkspaceKey& ws, core::RowId team_id) override;
    bool set_lead(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id, bool lead,
                  core::Time at) override;
    std::vector<std::string> leads(const core::WorkspaceKey& ws, core::RowId team_id) override;
    std::vector<core::Team> teams_led_by(const core::WorkspaceKey& ws, const std::string& user_id) override;

    // ObjectiveRepository
    core::Objective add_objective(const core::WorkspaceKey& ws, const core::NewObjective& objective) override;
    std::optional<core::Objective> find_objective(const core::WorkspaceKey& ws, int number) override;
    std::vector<core::Objective> objectives_of_team(const core::WorkspaceKey& ws, core::RowId team_id) override;
    core::KeyResult add_key_result(const core::WorkspaceKey& ws, const core::NewKeyResult& kr) override;
    std::optional<core::KeyResult> find_key_result(const core::WorkspaceKey& ws, int number) override;
    std::vector<core::KeyResult> key_results_of(const core::WorkspaceKey& ws, core::RowId objective_id) override;
    std::vector<core::KeyResult> key_results_owned_by(const core::WorkspaceKey& ws, const std::string& user_id) override;

    // CheckinRepository
    core::KeyResult record_checkin(const core::WorkspaceKey& ws, const core::NewCheckin& checkin) override;
    std::vector<core::Checkin> checkins_of(const core::WorkspaceKey& ws, core::RowId kr_id, int limit) override;

private:
    std::mutex mutex_;
    std::unique_ptr<Database> db_;
    // Check-ins of concurrent requests share one transaction, so one fsync (group_commit.hpp).
    std::unique_ptr<GroupCommit> group_commit_;
    // Read-only connections for the read methods (a file database only).
    std::unique_ptr<ReadPool> readers_;
    // WAL checkpoints on a background thread, never inside a commit (a file database only).
    std::unique_ptr<Checkpointer> checkpointer_;
    template <class F>
    decltype(auto) read(F&& f);
    std::unique_ptr<PlaybookStore> playbook_;
    std::unique_ptr<CycleStore> cycles_;
};

}  // namespace goalpost::storage
