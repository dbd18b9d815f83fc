#include "storage/handled_events.hpp"

#include "storage/sql/connections.hpp"
#include "storage/sql/query.hpp"

namespace goalpost::storage {
namespace {

constexpr std::int64_t keep_seconds = 24 * 60 * 60;

}  // namespace

bool HandledEventStore::remember_activity(const std::string& activity_key, core::Time now) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        query(db, "DELETE FROM handled_activities WHERE handled_at < ?", to_unix(now) - keep_seconds).run();
        bool fresh = query(db, "INSERT INTO handled_activities(activity_id, handled_at) VALUES (?, ?) "
                                   "ON CONFLICT(activity_id) DO NOTHING",
                           activity_key, to_unix(now))
                         .run() == 1;
        tx.commit();
        return fresh;
    });
}

void HandledEventStore::forget_activity(const std::string& activity_key) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        query(db, "DELETE FROM handled_activities WHERE activity_id = ?", activity_key).run();
        tx.commit();
    });
}

long long HandledEventStore::remembered_count() {
    return connections_.read([&](Database& db) {
        return *first_row(query(db, "SELECT COUNT(*) FROM handled_activities"),
                          [](Statement& s) { return s.int64(0); });
    });
}

}  // namespace goalpost::storage
