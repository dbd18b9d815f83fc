#pragma once
// Key-result sources on either engine: the chat side (core::SourceRepository: set, clear,
// show) and the sync's (storage::SourceJobs: claim what is due, record what a read gave).
#include "core/sources.hpp"
#include "storage/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

// The schema step that added the table.
inline constexpr int sources_since_version = 12;

class SourceStore final : public core::SourceRepository, public SourceJobs {
public:
    explicit SourceStore(Connections& connections) : connections_(connections) {}

    void set_source(const core::WorkspaceKey& ws, core::RowId kr_id, const core::SourceSpec& spec,
                    const std::string& user, core::Time at) override;
    bool clear_source(const core::WorkspaceKey& ws, core::RowId kr_id) override;
    std::optional<core::KrSource> source_of(const core::WorkspaceKey& ws, core::RowId kr_id) override;

    std::vector<DueSource> claim_due(core::Time now, std::chrono::seconds lease, int limit) override;
    std::optional<DueSource> claim_one(const core::WorkspaceKey& ws, core::RowId kr_id, core::Time now,
                                       std::chrono::seconds lease) override;
    void finish(const DueSource& source, const SourceRead& read) override;
    std::optional<core::Time> next_due() override;

private:
    Connections& connections_;
};

}  // namespace goalpost::storage
