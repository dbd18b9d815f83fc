#pragma once
// The platform events already handled (Teams Activities, Slack event ids), on SQLite
// (storage::EventLog).
#include "storage/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

class HandledEventStore final : public EventLog {
public:
    explicit HandledEventStore(Connections& connections) : connections_(connections) {}

    bool remember_activity(const std::string& activity_key, core::Time now) override;
    void forget_activity(const std::string& activity_key) override;
    long long remembered_count() override;

private:
    Connections& connections_;
};

}  // namespace goalpost::storage
