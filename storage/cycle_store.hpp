#pragma once
// A workspace's custom cycles (core/ports.hpp CycleRepository). Shares the SqliteStore's
// connection; every method is one transaction scoped to a workspace.
#include "core/ports.hpp"

namespace goalpost::storage {

class SqliteStore;

class CycleStore final : public core::CycleRepository {
public:
    explicit CycleStore(SqliteStore& store) : store_(store) {}

    std::optional<core::Cycle> add_cycle(const core::WorkspaceKey& ws, const core::NewCycle& cycle) override;
    std::optional<core::Cycle> find_cycle(const core::WorkspaceKey& ws, const std::string& name) override;
    std::vector<core::Cycle> cycles(const core::WorkspaceKey& ws) override;
    Removal remove_cycle(const core::WorkspaceKey& ws, const std::string& name) override;
    int objectives_in_cycle(const core::WorkspaceKey& ws, const std::string& name) override;

private:
    SqliteStore& store_;
};

}  // namespace goalpost::storage
