#include "bot/dashboard/endpoint.hpp"

#include <fmt/format.h>

#include "bot/crypto/hmac.hpp"
#include "bot/dashboard/pages.hpp"
#include "bot/service/log.hpp"
#include "bot/slack/form.hpp"
#include "core/commands/context.hpp"
#include "core/commands/grammar.hpp"
#include "core/playbook.hpp"
#include "core/text.hpp"

namespace goalpost::bot {
namespace {

constexpr const char* cookie_name = "gp_session";

std::string hash_of(std::string_view secret) { return crypto::to_hex(crypto::sha256(secret)); }

HttpResponse secured(HttpResponse r) {
    r.headers.emplace_back("Content-Security-Policy", dashboard_csp);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    r.headers.emplace_back("X-Frame-Options", "DENY");
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

HttpResponse html(int status, std::string body) {
    return secured(HttpResponse{status, "text/html; charset=utf-8", std::move(body), {}});
}

HttpResponse refused(int status, std::string_view title, std::string_view text) {
    return html(status, dashboard::message_page(title, text));
}

HttpResponse no_session() {
    return refused(403, "Sign in from chat",
                   "This page needs a session: type /okr dashboard in Slack or Teams and open its link.");
}

HttpResponse redirect(const std::string& location) {
    auto r = secured(HttpResponse{303, "text/plain; charset=utf-8", "", {}});
    r.headers.emplace_back("Location", location);
    return r;
}

std::optional<std::string> cookie(const HttpRequest& request, std::string_view name) {
    const std::string& all = request.header("Cookie");
    std::string_view rest = all;
    while (!rest.empty()) {
        const auto end = rest.find(';');
        std::string_view part = rest.substr(0, end);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return std::nullopt;
}

std::map<std::string, std::string> query_of(const HttpRequest& request) {
    const auto q = request.target.find('?');
    if (q == std::string::npos) return {};
    return parse_form(std::string_view(request.target).substr(q + 1)).value_or(std::map<std::string, std::string>{});
}

}  // namespace

std::optional<std::string> issue_dashboard_link(storage::DashboardAccess& access, const config::Settings& settings,
                                                const core::WorkspaceKey& ws, const std::string& user_id,
                                                const core::DashboardLink& link, core::Time now) {
    if (!settings.server.public_url) return std::nullopt;
    const std::string token = crypto::base64url_encode(crypto::random_bytes(32));
    storage::DashboardGrant grant{ws, link.shared ? std::string() : user_id, link.team_id, link.shared};
    access.create_link(hash_of(token), grant, now + dashboard_link_lifetime, now);
    return *settings.server.public_url + "/d/login?t=" + token;
}

HttpResponse DashboardEndpoint::handle(const HttpRequest& request, core::Time now) const {
    const std::string path = request.path();
    if (path == "/d/style.css") {
        auto r = secured(HttpResponse{200, "text/css; charset=utf-8", dashboard::stylesheet(), {}});
        return r;
    }
    if (path == "/d/login") return login(request, now);
    if (path.starts_with("/d/summary/")) return summary(path.substr(11), now);
    std::optional<storage::DashboardGrant> grant;
    if (auto secret = cookie(request, cookie_name); secret && !secret->empty()) {
        grant = access_.find_session(hash_of(*secret), now);
    }
    if (!grant) return no_session();
    return page(request, *grant, now);
}

HttpResponse DashboardEndpoint::summary(const std::string& token, core::Time now) const {
    std::optional<storage::DashboardGrant> grant;
    if (!token.empty() && token.size() < 200) grant = access_.find_summary_link(hash_of(token), now);
    if (!grant || !grant->team_id) {
        return refused(403, "This summary link no longer works",
                       "A monthly summary's link works until the next summary; the newest summary has a fresh one.");
    }
    // What anyone in the workspace may see: the public objectives.
    core::HandlerContext ctx{edge_.repos, core::Actor{grant->workspace, "", "", ""}, now, {}, edge_.settings.slack.command};
    core::Context cx(ctx);
    const auto all = edge_.repos.teams.teams(grant->workspace);
    std::vector<core::RowId> order{*grant->team_id};
    for (std::size_t i = 0; i < order.size() && order.size() < 200; ++i) {
        for (const auto& t : all) {
            if (t.parent_team_id && *t.parent_team_id == order[i] &&
                std::find(order.begin(), order.end(), t.id) == order.end()) {
                order.push_back(t.id);
            }
        }
    }
    auto span = cx.cycle_or_current(std::nullopt, "");
    if (!span) return no_session();
    std::vector<dashboard::TeamPage> teams;
    for (const auto id : order) {
        auto team = std::find_if(all.begin(), all.end(), [id](const core::Team& t) { return t.id == id; });
        if (team == all.end()) continue;
        auto read = core::read_objectives(cx, team->name, span->name);
        if (!read) continue;
        teams.push_back(dashboard::TeamPage{*team, span->name, std::move(*read), {}});
    }
    return html(200, dashboard::summary_page(teams));
}

HttpResponse DashboardEndpoint::login(const HttpRequest& request, core::Time now) const {
    const auto q = query_of(request);
    auto t = q.find("t");
    std::optional<storage::DashboardGrant> grant;
    if (t != q.end() && !t->second.empty() && t->second.size() < 200) grant = access_.redeem_link(hash_of(t->second), now);
    if (!grant) {
        return refused(403, "This link no longer works",
                       "Dashboard links work once, within 10 minutes. Type /okr dashboard in chat for a new one.");
    }
    const std::string secret = crypto::base64url_encode(crypto::random_bytes(32));
    access_.create_session(hash_of(secret), *grant, now + dashboard_session_lifetime);
    std::string landing = "/d/";
    if (grant->team_id) {
        if (auto team = edge_.repos.teams.find_team_by_id(grant->workspace, *grant->team_id)) {
            landing = "/d/team/" + dashboard::path_segment(team->name);
        }
    }
    auto r = redirect(landing);
    const auto& url = edge_.settings.server.public_url;
    const bool https = url && url->starts_with("https://");
    r.headers.emplace_back("Set-Cookie",
                           fmt::format("{}={}; Path=/d; Max-Age={}; HttpOnly; SameSite=Lax{}", cookie_name, secret,
                                       std::chrono::duration_cast<std::chrono::seconds>(dashboard_session_lifetime).count(),
                                       https ? "; Secure" : ""));
    return r;
}

HttpResponse DashboardEndpoint::page(const HttpRequest& request, const storage::DashboardGrant& grant,
                                     core::Time now) const {
    const std::string path = request.path();
    const auto q = query_of(request);
    std::optional<std::string> cycle;
    if (auto c = q.find("cycle"); c != q.end() && !c->second.empty()) cycle = c->second;
    core::HandlerContext ctx{edge_.repos, core::Actor{grant.workspace, grant.user_id, "", ""}, now, edge_.settings.admins,
                             edge_.settings.slack.command};
    core::Context cx(ctx);
    // A link shared with a Teams channel: that one team's view and its key results only.
    const bool whole = !grant.shared;
    std::optional<core::Team> limited;
    if (grant.shared && grant.team_id) limited = edge_.repos.teams.find_team_by_id(grant.workspace, *grant.team_id);
    if (grant.shared && !limited) return no_session();
    auto not_found = [] {
        return refused(404, "Not here", "There is no such page, or it is not yours to see.");
    };
    auto refusal = [&](const core::UserError& e) {
        core::Message m;
        m.text = e.what;
        return e.reason == core::UserError::Reason::not_found ? not_found()
                                                              : refused(400, "Can't show that", core::plain_text(m));
    };
    if (path == "/d/" || path == "/d") {
        if (limited) return redirect("/d/team/" + dashboard::path_segment(limited->name));
        auto view = core::tree_view(core::TreeCmd{std::nullopt, cycle}, cx);
        if (!view) return refusal(view.error());
        return html(200, dashboard::tree_page(*view, whole));
    }
    if (path.starts_with("/d/team/")) {
        const auto name = dashboard::from_path_segment(path.substr(8));
        if (!name) return not_found();
        auto team = cx.team_named(*name);
        if (!team) return not_found();
        if (limited && limited->id != team->id) return not_found();
        auto span = cx.cycle_or_current(cycle, "");
        if (!span) return refusal(span.error());
        auto read = core::read_objectives(cx, team->name, span->name);
        if (!read) return refusal(read.error());
        dashboard::TeamPage p{*team, span->name, std::move(*read), {}};
        if (auto* playbook = edge_.repos.playbook) {
            p.wins = playbook->wins_of_team(grant.workspace, team->id, span->start, span->end);
            std::sort(p.wins.begin(), p.wins.end(), [](const auto& a, const auto& b) { return a.at > b.at; });
        }
        return html(200, dashboard::team_page(p, whole));
    }
    if (path.starts_with("/d/kr/")) {
        auto number = core::parse_ref(path.substr(6), "kr");
        if (!number) return not_found();
        auto found = cx.visible_kr(*number);
        if (!found) return not_found();
        if (limited && found->objective.team_id != limited->id) return not_found();
        dashboard::KrPage p;
        p.kr = found->kr;
        p.objective = found->objective;
        p.team = cx.team_name_of(found->objective.team_id);
        p.span = cx.calendar().find(found->objective.cycle);
        p.checkins = edge_.repos.checkins.checkins_of(grant.workspace, found->kr.id, 200);
        if (edge_.repos.playbook) p.history = edge_.repos.playbook->history_of(grant.workspace, core::EditTarget::key_result, found->kr.id);
        p.now = now;
        return html(200, dashboard::kr_page(p, whole));
    }
    return not_found();
}

}  // namespace goalpost::bot
