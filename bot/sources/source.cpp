#include "bot/sources/source.hpp"

#include "bot/sources/kinds.hpp"

namespace goalpost::bot::sources {

std::unique_ptr<Source> make_source(const std::string& kind, const config::SourcesSettings& settings,
                                    OutboundHttp& http) {
    if (kind == "jira") return make_jira(settings, http);
    if (kind == "asana") return make_asana(settings, http);
    if (kind == "trello") return make_trello(settings, http);
    if (kind == "github") return make_github(settings, http);
    if (kind == "sheets") return make_sheets(settings, http);
    if (kind == "url") return make_url(settings, http);
    return nullptr;
}

std::optional<std::string> missing_setting(const std::string& kind, const config::SourcesSettings& s) {
    const auto missing = [](const std::optional<std::string>& value) { return !value || value->empty(); };
    if (kind == "jira") {
        if (missing(s.jira.base_url)) return "sources.jira.base_url";
        if (missing(s.jira.email)) return "sources.jira.email";
        if (missing(s.jira.api_token)) return "sources.jira.api_token";
    } else if (kind == "asana") {
        if (missing(s.asana.token)) return "sources.asana.token";
    } else if (kind == "trello") {
        if (missing(s.trello.api_key)) return "sources.trello.api_key";
        if (missing(s.trello.token)) return "sources.trello.token";
    } else if (kind == "sheets") {
        // A sheet shared by link needs only the API key; a private one the service account.
        if (missing(s.sheets.api_key) && missing(s.sheets.service_account_file)) {
            return "sources.sheets.api_key or sources.sheets.service_account_file";
        }
    }
    // github reads public repositories without a token; url's name is checked by the caller.
    return std::nullopt;
}

}  // namespace goalpost::bot::sources
