#pragma once
// The dashboard's sign-in links and sessions on either engine (storage::DashboardAccess).
#include "storage/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

class DashboardStore final : public DashboardAccess {
public:
    explicit DashboardStore(Connections& connections) : connections_(connections) {}

    void create_link(const std::string& hash, const DashboardGrant& grant, core::Time expires_at,
                     core::Time now) override;
    std::optional<DashboardGrant> redeem_link(const std::string& hash, core::Time now) override;
    void create_session(const std::string& hash, const DashboardGrant& grant, core::Time expires_at) override;
    std::optional<DashboardGrant> find_session(const std::string& hash, core::Time now) override;
    void create_summary_link(const std::string& hash, const DashboardGrant& grant, core::Time expires_at,
                             core::Time now) override;
    std::optional<DashboardGrant> find_summary_link(const std::string& hash, core::Time now) override;

private:
    void insert_link(const std::string& hash, const DashboardGrant& grant, core::Time expires_at, core::Time now,
                     const char* kind);

    Connections& connections_;
};

}  // namespace goalpost::storage
