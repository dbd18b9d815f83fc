// Jira Cloud: how many issues a JQL query matches.
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-approximate-count-post
// (/rest/api/3/search and its "total" were removed in 2025; approximate-count is the way to count.)
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "bot/crypto/hmac.hpp"
#include "bot/sources/http_reading.hpp"
#include "bot/sources/kinds.hpp"

namespace goalpost::bot::sources {

namespace {

class Jira final : public PlatformSource {
public:
    Jira(const config::SourcesSettings& settings, OutboundHttp& http)
        : PlatformSource(settings, http, {}) {
        const auto& s = settings.jira;
        // Basic auth is "e-mail:API token" in standard base64, per Atlassian's basic-auth page.
        if (s.email && s.api_token) credential_ = crypto::base64_encode(*s.email + ":" + *s.api_token);
        platform_ = Platform{.name = "Jira",
                             .address_key = "sources.jira.base_url",
                             .credentials = "sources.jira.email and sources.jira.api_token",
                             .request = "the JQL query",
                             .request_hint = "check the query, and that it names a project or another restriction",
                             .not_found_hint = "check sources.jira.base_url (https://your-domain.atlassian.net)",
                             .secrets = credentials_in(settings)};
    }

private:
    std::string credential_;

    Reading count(const std::vector<std::string>& args, core::Time) override {
        if (args.size() != 1 || args[0].empty()) {
            return refused("A jira source needs one JQL query, in quotes: jira \"project = HSP AND status = Done\"");
        }
        if (auto key = missing_setting("jira", settings_)) {
            return refused(fmt::format("Jira is not set up: set {}", *key));
        }
        OutboundRequest request;
        request.method = "POST";
        request.url = url_of(*settings_.jira.base_url, "/rest/api/3/search/approximate-count");
        request.headers = {{"Authorization", "Basic " + credential_}};
        request.body = boost::json::serialize(boost::json::object{{"jql", args[0]}});
        // A 429's X-RateLimit-Reset is an ISO date here, not seconds: Retry-After alone says how long.
        auto body = json_body(http_.send(request), platform_);
        if (!body) return body.error();
        return number_at(*body, "/count", "a count", platform_);
    }
};

}  // namespace

std::unique_ptr<Source> make_jira(const config::SourcesSettings& settings, OutboundHttp& http) {
    return std::make_unique<Jira>(settings, http);
}

}  // namespace goalpost::bot::sources
