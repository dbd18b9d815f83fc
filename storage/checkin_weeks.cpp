#include "storage/checkin_weeks.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include "core/schedule/cadence.hpp"
#include "storage/sql/query.hpp"
#include "storage/sqlite/sqlite.hpp"

namespace goalpost::storage {
namespace {

void week_function(sqlite3_context* context, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT || sqlite3_value_type(argv[1]) != SQLITE_INTEGER) {
        sqlite3_result_null(context);
        return;
    }
    const auto* zone = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const std::string timezone(zone, static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
    try {
        const std::string week = core::week_key(timezone, from_unix(sqlite3_value_int64(argv[1])));
        sqlite3_result_text64(context, week.data(), week.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } catch (const std::bad_alloc&) {
        sqlite3_result_error_nomem(context);
    } catch (const std::exception& e) {
        sqlite3_result_error(context, e.what(), -1);
    }
}

// The check-ins of the team's objectives' KRs, grouped by week and person; `where` picks them.
std::string weeks_of_checkins_sql(std::string_view where) {
    return fmt::format(
        "INSERT INTO checkin_weeks(team_id, week, user_id, checkins) "
        "SELECT o.team_id, goalpost_week(t.timezone, c.created_at), c.user_id, count(*) FROM checkins c "
        "JOIN key_results k ON k.id = c.kr_id JOIN objectives o ON o.id = k.objective_id "
        "JOIN teams t ON t.id = o.team_id WHERE {} GROUP BY 1, 2, 3 "
        "ON CONFLICT(team_id, week, user_id) DO UPDATE SET checkins = checkin_weeks.checkins + excluded.checkins",
        where);
}

}  // namespace

void register_week_function(Database& db) {
    const int rc = sqlite3_create_function_v2(sqlite_of(db).handle(), "goalpost_week", 2,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                              week_function, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        throw StorageError(fmt::format("sqlite: cannot register goalpost_week: {}", sqlite3_errstr(rc)));
    }
}

void count_checkin_week(Database& db, core::RowId team_id, const std::string& timezone, const std::string& user_id,
                        core::Time at) {
    query(db,
          "INSERT INTO checkin_weeks(team_id, week, user_id, checkins) VALUES (?, ?, ?, 1) "
          "ON CONFLICT(team_id, week, user_id) DO UPDATE SET checkins = checkin_weeks.checkins + 1",
          team_id, core::week_key(timezone, at), user_id)
        .run();
}

void rebuild_checkin_weeks(Database& db, core::RowId team_id) {
    query(db, "DELETE FROM checkin_weeks WHERE team_id = ?", team_id).run();
    static const std::string sql = weeks_of_checkins_sql("o.team_id = ?");
    query(db, sql, team_id).run();
}

void count_checkin_weeks_after(Database& db, core::RowId workspace_id, core::RowId after_id) {
    // "ON CONFLICT" after "SELECT ... GROUP BY" parses unambiguously; the WHERE is never empty.
    static const std::string sql = weeks_of_checkins_sql("c.workspace_id = ? AND c.id > ?");
    query(db, sql, workspace_id, after_id).run();
}

}  // namespace goalpost::storage
