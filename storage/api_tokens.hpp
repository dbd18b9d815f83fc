#pragma once
// REST API tokens and the answers kept for Idempotency-Key, on either engine: the chat side
// (core::ApiTokenRepository: create, list, revoke) and the API's (storage::ApiAccess).
#include "core/ports.hpp"
#include "storage/ports.hpp"

namespace goalpost::storage {

class Connections;  // storage/sql/connections.hpp

// The schema step that added the tables (a file left at an older one has no tokens).
inline constexpr int api_tokens_since_version = 11;

class ApiTokenStore final : public core::ApiTokenRepository, public ApiAccess {
public:
    explicit ApiTokenStore(Connections& connections) : connections_(connections) {}

    std::optional<core::ApiToken> create_token(const core::WorkspaceKey& ws, const core::NewApiToken& token) override;
    std::vector<core::ApiToken> tokens(const core::WorkspaceKey& ws) override;
    bool revoke_token(const core::WorkspaceKey& ws, const std::string& name, core::Time at) override;

    std::optional<ApiCaller> find_token(const std::string& hash) override;
    void touch_token(core::RowId token_id, core::Time at) override;
    IdempotencyClaim claim_idempotency_key(core::RowId token_id, const std::string& key, const std::string& body_hash,
                                           core::Time now, std::chrono::seconds keep) override;
    void answer_idempotency_key(core::RowId token_id, const std::string& key, int status,
                                const std::string& body) override;
    void release_idempotency_key(core::RowId token_id, const std::string& key) override;

private:
    Connections& connections_;
};

}  // namespace goalpost::storage
