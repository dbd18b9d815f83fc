#pragma once
// A workspace's custom cycles on SQLite (core/ports.hpp CycleRepository); every method is one
// transaction scoped to a workspace.
#include "core/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

class CycleStore final : public core::CycleRepository {
public:
    explicit CycleStore(Connections& connections) : connections_(connections) {}

    std::optional<core::Cycle> add_cycle(const core::WorkspaceKey& ws, const core::NewCycle& cycle) override;
    std::optional<core::Cycle> find_cycle(const core::WorkspaceKey& ws, const std::string& name) override;
    std::vector<core::Cycle> cycles(const core::WorkspaceKey& ws) override;
    Removal remove_cycle(const core::WorkspaceKey& ws, const std::string& name) override;
    int objectives_in_cycle(const core::WorkspaceKey& ws, const std::string& name) override;

private:
    Connections& connections_;
};

}  // namespace goalpost::storage
