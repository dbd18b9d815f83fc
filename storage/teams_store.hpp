#pragma once
// What goalpost remembers for Microsoft Teams: the Activities it has already handled.
// A Teams outgoing webhook signs the body but no timestamp header, so a captured request
// could be replayed within the 5-minute window; each Activity is run at most once.
// Shares the SqliteStore's connection.
#include <string>

#include "core/types.hpp"

namespace goalpost::storage {

class SqliteStore;

class TeamsStore {
public:
    explicit TeamsStore(SqliteStore& store) : store_(store) {}

    // Records the Activity as handled at `now`; false (and nothing changed) when it already
    // was. Also forgets Activities handled more than a day before `now`, which the 5-minute
    // timestamp window refuses anyway.
    bool remember_activity(const std::string& activity_key, core::Time now);
    // Forgets one Activity again, so that a retry runs when handling it failed.
    void forget_activity(const std::string& activity_key);
    // How many Activities are remembered (for tests and diagnostics).
    long long remembered_count();

private:
    SqliteStore& store_;
};

}  // namespace goalpost::storage
