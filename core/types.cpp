#include "core/types.hpp"

namespace goalpost::core {

WorkspaceKey workspace_key(Platform platform, std::string_view id) {
    WorkspaceKey key(platform_name(platform));
    key += ':';
    key += id;
    return key;
}

Platform platform_of(const WorkspaceKey& ws) { return ws.starts_with("teams:") ? Platform::teams : Platform::slack; }

std::string_view platform_name(Platform platform) { return platform == Platform::teams ? "teams" : "slack"; }

}  // namespace goalpost::core
