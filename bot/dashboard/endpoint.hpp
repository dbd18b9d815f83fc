#pragma once
// GET /d/...: the dashboard. /d/login?t=TOKEN exchanges a link from `/okr dashboard` for a
// session cookie (HttpOnly; SameSite=Lax; Secure when server.public_url is https; 12 hours)
// and redirects to the page; the pages then show what that person may see in chat (a link
// shared with a Teams channel: that team's public view only). Without a session: 403 and no
// data. Every answer carries the security headers (a strict CSP, nosniff, no referrer).
#include <optional>
#include <string>

#include "bot/http/types.hpp"
#include "bot/service/edge.hpp"
#include "core/commands/dashboard.hpp"
#include "storage/ports.hpp"

namespace goalpost::bot {

inline constexpr const char* dashboard_csp =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'";
inline constexpr std::chrono::minutes dashboard_link_lifetime{10};
inline constexpr std::chrono::hours dashboard_session_lifetime{12};

// `/okr dashboard`: a new link's URL ({public_url}/d/login?t=TOKEN), its secret stored as a
// hash; nothing when server.public_url is not set.
std::optional<std::string> issue_dashboard_link(storage::DashboardAccess& access, const config::Settings& settings,
                                                const core::WorkspaceKey& ws, const std::string& user_id,
                                                const core::DashboardLink& link, core::Time now);

class DashboardEndpoint {
public:
    DashboardEndpoint(EdgeContext& edge, storage::DashboardAccess& access) : edge_(edge), access_(access) {}
    HttpResponse handle(const HttpRequest& request, core::Time now) const;

private:
    HttpResponse login(const HttpRequest& request, core::Time now) const;
    HttpResponse summary(const std::string& token, core::Time now) const;
    HttpResponse page(const HttpRequest& request, const storage::DashboardGrant& grant, core::Time now) const;

    EdgeContext& edge_;
    storage::DashboardAccess& access_;
};

}  // namespace goalpost::bot
