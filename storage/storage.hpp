#pragma once
// One open database and every port it implements. Core and bot hold a Storage& and never
// learn which database is behind it; storage/open.hpp gives out SQLite's or PostgreSQL's.
#include <string_view>

#include "core/ports.hpp"
#include "storage/ports.hpp"

namespace goalpost::storage {

class Storage {
public:
    virtual ~Storage() = default;

    // Every repository core uses, complete: nothing is patched in afterwards. The references
    // live as long as this Storage.
    virtual core::Repositories repositories() = 0;
    virtual Outbox& outbox() = 0;
    virtual ScheduleRuns& schedule_runs() = 0;
    virtual EventLog& handled_events() = 0;
    virtual ApiAccess& api_access() = 0;
    virtual SourceJobs& source_jobs() = 0;
    virtual DashboardAccess& dashboard_access() = 0;

    // "sqlite" | "postgresql" (for startup logs and /healthz).
    virtual std::string_view kind() const = 0;
    // Where it is, for logs and messages: the SQLite file, or the PostgreSQL host, port and
    // database (never a password).
    virtual std::string location() const = 0;
    virtual int schema_version() = 0;
    // A trivial query against the database; false if it fails.
    virtual bool healthy() = 0;
};

}  // namespace goalpost::storage
