#pragma once
// An open storage for tests that is also the team, objective and check-in repositories, so a
// test can seed and inspect rows directly: store.create_team(...), store.find_key_result(...).
// Everything else comes from its ports. Store() is SQLite ":memory:", or, when the suite runs
// against PostgreSQL (GOALPOST_TEST_DATABASE_URL set, tests/postgres/server.sh), a fresh
// PostgreSQL schema of its own, dropped again at the end. A named file is always SQLite.
#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>
#include <unistd.h>

#include <fmt/format.h>

#include "storage/errors.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_storage.hpp"
#include "storage/schema.hpp"  // current_schema_version()
#include "storage/sqlite_storage.hpp"

namespace goalpost::testing {

// The PostgreSQL server of this run, or "" for SQLite.
inline std::string test_database_url() {
    const char* url = std::getenv("GOALPOST_TEST_DATABASE_URL");
    return url != nullptr ? url : "";
}

// A schema of its own on the test server, for one Store (or one goalpost process): created
// here, dropped when it goes.
class PgSchema {
public:
    PgSchema() : admin_(test_database_url()) {
        static std::atomic<int> counter{0};
        name_ = fmt::format("t{}_{}", ::getpid(), counter++);
        admin_.exec(fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", name_));
        const std::string base = test_database_url();
        // Its sessions carry the schema's name (pg_stat_activity.application_name).
        url_ = fmt::format("{}{}options=-csearch_path%3D{}&application_name={}", base,
                           base.find('?') == std::string::npos ? "?" : "&", name_, name_);
    }
    ~PgSchema() {
        try {
            admin_.exec(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", name_));
        } catch (...) {
        }
    }
    PgSchema(const PgSchema&) = delete;
    PgSchema& operator=(const PgSchema&) = delete;
    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }

private:
    storage::PgDatabase admin_;
    std::string name_;
    std::string url_;
};

class Store final : public storage::Storage,
                    public core::TeamRepository,
                    public core::ObjectiveRepository,
                    public core::CheckinRepository {
public:
    explicit Store(const std::string& path = ":memory:", int migrate_up_to = -1) {
        if (path == ":memory:" && migrate_up_to < 0 && !test_database_url().empty()) {
            schema_ = std::make_unique<PgSchema>();
            impl_ = storage::open_postgres(schema_->url(), 4);
        } else {
            impl_ = storage::open_sqlite(path, storage::SqliteOptions{migrate_up_to});
        }
    }
    ~Store() override { impl_.reset(); }

    // Storage
    core::Repositories repositories() override { return impl_->repositories(); }
    storage::Outbox& outbox() override { return impl_->outbox(); }
    storage::ScheduleRuns& schedule_runs() override { return impl_->schedule_runs(); }
    storage::EventLog& handled_events() override { return impl_->handled_events(); }
    storage::ApiAccess& api_access() override { return impl_->api_access(); }
    storage::SourceJobs& source_jobs() override { return impl_->source_jobs(); }
    storage::DashboardAccess& dashboard_access() override { return impl_->dashboard_access(); }
    std::string_view kind() const override { return impl_->kind(); }
    std::string location() const override { return impl_->location(); }
    int schema_version() override { return impl_->schema_version(); }
    bool healthy() override { return impl_->healthy(); }

    // The write connection, alone: `f(storage::Database&)` (SQL both engines accept).
    template <typename F>
    decltype(auto) with_connection(F&& f) {
        return impl_->with_connection(std::forward<F>(f));
    }
    // SQLite only.
    storage::ConnectionInfo connection_info() {
        return dynamic_cast<storage::SqliteStorage&>(*impl_).connection_info();
    }
    bool on_postgres() const { return schema_ != nullptr; }
    // The PostgreSQL URL of this Store's schema ("" on SQLite).
    std::string database_url() const { return schema_ ? schema_->url() : std::string(); }

    // TeamRepository
    std::optional<core::Team> create_team(const core::WorkspaceKey& ws, const core::NewTeam& team) override {
        return teams_repo().create_team(ws, team);
    }
    std::optional<core::Team> find_team(const core::WorkspaceKey& ws, const std::string& name) override {
        return teams_repo().find_team(ws, name);
    }
    std::optional<core::Team> find_team_by_id(const core::WorkspaceKey& ws, core::RowId id) override {
        return teams_repo().find_team_by_id(ws, id);
    }
    std::vector<core::Team> teams(const core::WorkspaceKey& ws) override { return teams_repo().teams(ws); }
    std::vector<core::Team> teams_of_member(const core::WorkspaceKey& ws, const std::string& user_id) override {
        return teams_repo().teams_of_member(ws, user_id);
    }
    bool add_member(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id,
                    core::Time at) override {
        return teams_repo().add_member(ws, team_id, user_id, at);
    }
    bool remove_member(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id) override {
        return teams_repo().remove_member(ws, team_id, user_id);
    }
    std::vector<std::string> members(const core::WorkspaceKey& ws, core::RowId team_id) override {
        return teams_repo().members(ws, team_id);
    }
    bool set_lead(const core::WorkspaceKey& ws, core::RowId team_id, const std::string& user_id, bool lead,
                  core::Time at) override {
        return teams_repo().set_lead(ws, team_id, user_id, lead, at);
    }
    std::vector<std::string> leads(const core::WorkspaceKey& ws, core::RowId team_id) override {
        return teams_repo().leads(ws, team_id);
    }
    std::vector<core::Team> teams_led_by(const core::WorkspaceKey& ws, const std::string& user_id) override {
        return teams_repo().teams_led_by(ws, user_id);
    }

    // ObjectiveRepository
    core::Objective add_objective(const core::WorkspaceKey& ws, const core::NewObjective& objective) override {
        return objectives_repo().add_objective(ws, objective);
    }
    std::optional<core::Objective> find_objective(const core::WorkspaceKey& ws, int number) override {
        return objectives_repo().find_objective(ws, number);
    }
    std::vector<core::Objective> objectives_of_team(const core::WorkspaceKey& ws, core::RowId team_id) override {
        return objectives_repo().objectives_of_team(ws, team_id);
    }
    core::KeyResult add_key_result(const core::WorkspaceKey& ws, const core::NewKeyResult& kr) override {
        return objectives_repo().add_key_result(ws, kr);
    }
    std::optional<core::KeyResult> find_key_result(const core::WorkspaceKey& ws, int number) override {
        return objectives_repo().find_key_result(ws, number);
    }
    std::vector<core::KeyResult> key_results_of(const core::WorkspaceKey& ws, core::RowId objective_id) override {
        return objectives_repo().key_results_of(ws, objective_id);
    }
    std::vector<core::KeyResult> key_results_of_team(const core::WorkspaceKey& ws, core::RowId team_id) override {
        return objectives_repo().key_results_of_team(ws, team_id);
    }
    std::vector<core::KeyResult> key_results_owned_by(const core::WorkspaceKey& ws,
                                                      const std::string& user_id) override {
        return objectives_repo().key_results_owned_by(ws, user_id);
    }

    // CheckinRepository
    core::KeyResult record_checkin(const core::WorkspaceKey& ws, const core::NewCheckin& checkin) override {
        return repositories().checkins.record_checkin(ws, checkin);
    }
    std::vector<core::Checkin> checkins_of(const core::WorkspaceKey& ws, core::RowId kr_id, int limit) override {
        return repositories().checkins.checkins_of(ws, kr_id, limit);
    }
    std::vector<core::Checkin> checkins_before(const core::WorkspaceKey& ws, core::RowId kr_id, core::Time before,
                                               int limit) override {
        return repositories().checkins.checkins_before(ws, kr_id, before, limit);
    }
    std::optional<core::ValueRange> values_before_latest(const core::WorkspaceKey& ws, core::RowId kr_id) override {
        return repositories().checkins.values_before_latest(ws, kr_id);
    }
    std::vector<core::CheckinWeek> checkin_weeks(const core::WorkspaceKey& ws, core::RowId team_id,
                                                 const std::string& first_week,
                                                 const std::string& last_week) override {
        return repositories().checkins.checkin_weeks(ws, team_id, first_week, last_week);
    }

private:
    std::unique_ptr<PgSchema> schema_;  // outlives impl_
    std::unique_ptr<storage::SqlStorage> impl_;

    core::TeamRepository& teams_repo() { return repositories().teams; }
    core::ObjectiveRepository& objectives_repo() { return repositories().objectives; }
};

}  // namespace goalpost::testing
