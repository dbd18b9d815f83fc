// Google Sheets: one cell, as people see it (the formatted value), read like a check-in value.
// https://developers.google.com/workspace/sheets/api/reference/rest/v4/spreadsheets.values/get
// With sources.sheets.api_key the sheet must be shared by link; with a service account, shared
// with the account's e-mail.
#include <fmt/format.h>

#include "bot/sources/google_token.hpp"
#include "bot/sources/http_reading.hpp"
#include "bot/sources/json_pointer.hpp"
#include "bot/sources/kinds.hpp"
#include "core/commands/checkin.hpp"
#include "core/text.hpp"

namespace goalpost::bot::sources {

namespace {

bool has(const std::optional<std::string>& setting) { return setting && !setting->empty(); }

Platform sheets_platform(const config::SourcesSettings& settings) {
    const auto& s = settings.sheets;
    const bool by_key = has(s.api_key);
    return Platform{
        .name = "Google Sheets",
        .address_key = "sources.sheets.base_url",
        .credentials = by_key ? "sources.sheets.api_key" : "sources.sheets.service_account_file",
        .request_hint = by_key ? "check the spreadsheet id, the range (Sheet1!B2) and sources.sheets.api_key"
                               : "check the spreadsheet id and the range (Sheet1!B2)",
        .forbidden_hint = by_key ? "share the sheet as \"Anyone with the link\" (an API key reads only those), or "
                                   "set sources.sheets.service_account_file"
                                 : "share the sheet with the service account's e-mail (client_email in "
                                   "sources.sheets.service_account_file)",
        // https://developers.google.com/sheets/api/limits: "After 1 minute, you can execute requests again."
        .rate_limit_wait = 60,
        .secrets = credentials_in(settings)};
}

class Sheets final : public PlatformSource {
public:
    Sheets(const config::SourcesSettings& settings, OutboundHttp& http)
        : PlatformSource(settings, http, sheets_platform(settings)) {
        const auto& s = settings.sheets;
        if (!has(s.api_key) && has(s.service_account_file)) {
            token_.emplace(*s.service_account_file, s.token_url, std::string(sheets_readonly_scope), http);
        }
    }

private:
    std::optional<GoogleToken> token_;

    // The cell's value.
    Reading count(const std::vector<std::string>& args, core::Time now) override {
        if (args.size() != 2 || args[0].empty() || args[1].empty()) {
            return refused(
                "A sheets source needs a spreadsheet id and one cell: sheets "
                "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms Sheet1!B2");
        }
        if (auto key = missing_setting("sheets", settings_)) {
            return refused(fmt::format("Google Sheets is not set up: set {}", *key));
        }
        const auto& s = settings_.sheets;
        OutboundRequest request;
        // The range is one path segment: "'My Sheet'!B2" has a quote, a space and a "!" in it.
        request.url = url_of(
            s.base_url, fmt::format("/v4/spreadsheets/{}/values/{}", percent_encode(args[0]), percent_encode(args[1])));
        auto platform = platform_;
        if (has(s.api_key)) {
            request.url += "?key=" + percent_encode(*s.api_key);
        } else {
            auto token = token_->access_token(now);
            if (!token) return token.error();
            request.headers = {{"Authorization", "Bearer " + *token}};
            platform.secrets.push_back(*token);
        }
        auto body = json_body(http_.send(request), platform);
        if (!body) return without_secrets(body.error(), platform);
        return value_of(*body, args[1]);
    }

    // Sheets leaves "values" out for an empty cell (empty trailing rows and columns are dropped).
    Reading value_of(const boost::json::value& body, std::string_view range) {
        const auto shown = core::truncate_utf8(range, 40);
        auto cell = find_pointer(body, "/values/0/0");
        if (cell && (*cell)->is_number()) return Reading{(*cell)->to_number<double>(), {}, false, std::nullopt};
        const auto* text = cell ? (*cell)->if_string() : nullptr;
        if (!cell || (text != nullptr && core::trim_ascii(*text).empty())) {
            return refused(fmt::format("The cell {} is empty: put the number in it, or check the range", shown));
        }
        if (text == nullptr) return refused(fmt::format("Google Sheets answered the cell {} without its value", shown));
        if (auto value = core::parse_checkin_value(core::trim_ascii(*text))) {
            return Reading{*value, {}, false, std::nullopt};
        }
        return refused(
            fmt::format("The cell {} holds \"{}\", which is not a number: put one in it (1,200, 45%, $3,500 "
                        "or done), or check the range",
                        shown, core::truncate_utf8(*text, 40)));
    }
};

}  // namespace

std::unique_ptr<Source> make_sheets(const config::SourcesSettings& settings, OutboundHttp& http) {
    return std::make_unique<Sheets>(settings, http);
}

}  // namespace goalpost::bot::sources
