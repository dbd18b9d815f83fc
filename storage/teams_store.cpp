#include "storage/teams_store.hpp"

#include "storage/query.hpp"
#include "storage/sqlite_store.hpp"

namespace goalpost::storage {
namespace {

constexpr std::int64_t keep_seconds = 24 * 60 * 60;

}  // namespace

bool TeamsStore::remember_activity(const std::string& activity_key, core::Time now) {
    return store_.with_connection([&](Database& db) {
        Transaction tx(db);
        query(db, "DELETE FROM handled_activities WHERE handled_at < ?", to_unix(now) - keep_seconds).run();
        bool fresh = query(db, "INSERT OR IGNORE INTO handled_activities(activity_id, handled_at) VALUES (?, ?)",
                           activity_key, to_unix(now))
                         .run() == 1;
        tx.commit();
        return fresh;
    });
}

void TeamsStore::forget_activity(const std::string& activity_key) {
    store_.with_connection([&](Database& db) {
        Transaction tx(db);
        query(db, "DELETE FROM handled_activities WHERE activity_id = ?", activity_key).run();
        tx.commit();
    });
}

long long TeamsStore::remembered_count() {
    return store_.with_connection([&](Database& db) {
        return *first_row(query(db, "SELECT COUNT(*) FROM handled_activities"),
                          [](Statement& s) { return s.int64(0); });
    });
}

}  // namespace goalpost::storage
