#pragma once
// Test data for the storage tests: times, New* builders, a seeded workspace and
// temporary database files.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>

#include "core/types.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "tests/support/store.hpp"

namespace goalpost::storage::test {

using goalpost::testing::Store;

inline const core::WorkspaceKey ws_a = "slack:TA";
inline const core::WorkspaceKey ws_b = "slack:TB";

// 2027-01-<day> <hour>:00 UTC.
inline core::Time at(int day, int hour = 9) {
    using namespace std::chrono;
    return core::Time{sys_days{year{2027} / January / day} + hours{hour}};
}

inline core::NewTeam a_team(std::string name) {
    core::NewTeam team;
    team.name = std::move(name);
    team.channel = "C0001";
    team.timezone = "Europe/Berlin";
    team.created_by = "U_ADMIN";
    team.at = at(1);
    return team;
}

inline core::NewObjective an_objective(core::RowId team_id, std::string title = "Grow the funnel") {
    core::NewObjective objective;
    objective.team_id = team_id;
    objective.title = std::move(title);
    objective.cycle = "2027-Q1";
    objective.created_by = "U_ANA";
    objective.at = at(2);
    return objective;
}

inline core::NewKeyResult a_key_result(core::RowId objective_id, std::string title = "Qualified leads",
                                       double from = 0, double to = 1200) {
    core::NewKeyResult kr;
    kr.objective_id = objective_id;
    kr.title = std::move(title);
    kr.start = from;
    kr.target = to;
    kr.unit = "leads";
    kr.owner = "U_ANA";
    kr.at = at(2);
    return kr;
}

inline core::NewCheckin a_checkin(core::RowId kr_id, double value, core::Time when = at(3),
                                  std::optional<int> confidence = std::nullopt) {
    core::NewCheckin checkin;
    checkin.kr_id = kr_id;
    checkin.user_id = "U_ANA";
    checkin.value = value;
    checkin.confidence = confidence;
    checkin.note = "steady";
    checkin.at = when;
    return checkin;
}

// One team with one objective and one key result in `ws`.
struct Seeded {
    core::Team team;
    core::Objective objective;
    core::KeyResult kr;
};

inline Seeded seed(Store& store, const core::WorkspaceKey& ws, const std::string& team_name = "growth") {
    Seeded seeded;
    seeded.team = *store.create_team(ws, a_team(team_name));
    seeded.objective = store.add_objective(ws, an_objective(seeded.team.id));
    seeded.kr = store.add_key_result(ws, a_key_result(seeded.objective.id));
    return seeded;
}

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("goalpost-storage-" + std::to_string(random()) + "-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const std::string& name = "goalpost.db") const { return (path_ / name).string(); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Reads straight from a file with a second connection (what another process would see).
inline std::int64_t count_rows(const std::string& path, const std::string& table) {
    SqliteDatabase db(path);
    auto statement = db.prepare("SELECT COUNT(*) FROM " + table);  // table names are test constants
    statement.step();
    return statement.int64(0);
}

inline std::int64_t query_int(const std::string& path, const std::string& sql) {
    SqliteDatabase db(path);
    auto statement = db.prepare(sql);
    return statement.step() ? statement.int64(0) : -1;
}

}  // namespace goalpost::storage::test
