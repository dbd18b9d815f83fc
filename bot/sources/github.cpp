// GitHub: how many issues or pull requests a search finds.
// https://docs.github.com/en/rest/search/search#search-issues-and-pull-requests
#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "bot/sources/http_reading.hpp"
#include "bot/sources/kinds.hpp"

namespace goalpost::bot::sources {

namespace {

std::optional<long long> epoch_seconds(std::optional<std::string> text) {
    long long value = 0;
    if (!text) return std::nullopt;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size()) return std::nullopt;
    return value;
}

// GitHub says a rate limit with 403 or 429: wait Retry-After if given, else until
// x-ratelimit-reset when x-ratelimit-remaining is 0, else at least a minute.
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
std::optional<int> rate_limit_wait(const PostResult& r, core::Time now) {
    if (r.network_error || (r.status != 403 && r.status != 429)) return std::nullopt;
    if (r.retry_after_seconds) return r.retry_after_seconds;
    if (r.header("x-ratelimit-remaining") == "0") {
        if (auto reset = epoch_seconds(r.header("x-ratelimit-reset"))) {
            return static_cast<int>(std::clamp<long long>(*reset - now.time_since_epoch().count(), 1, 86400));
        }
        return 60;
    }
    // A secondary limit may come without headers; a 403 without them is a refusal.
    if (r.status == 429 || platform_message(r).find("rate limit") != std::string::npos) return 60;
    return std::nullopt;
}

class GitHub final : public PlatformSource {
public:
    GitHub(const config::SourcesSettings& settings, OutboundHttp& http)
        : PlatformSource(settings, http,
                         {.name = "GitHub",
                    .address_key = "sources.github.api_base_url",
                    .credentials = "sources.github.token",
                    .request = "the search",
                    .request_hint = "check the query; GitHub needs is:issue or is:pr",
                    .forbidden_hint = "check sources.github.token and that it may see the repositories searched",
                    .secrets = credentials_in(settings)}) {}

private:
    Reading count(const std::vector<std::string>& args, core::Time now) override {
        if (args.size() != 1 || args[0].empty()) {
            return refused(
                "A github source needs one search query, in quotes: github \"repo:acme/app is:pr is:merged\"");
        }
        OutboundRequest request;
        // per_page=1: only total_count matters, and items are large.
        request.url = url_of(settings_.github.api_base_url,
                             fmt::format("/search/issues?q={}&per_page=1", percent_encode(args[0])));
        request.headers = {{"Accept", "application/vnd.github+json"},
                           {"X-GitHub-Api-Version", "2022-11-28"},
                           {"User-Agent", "goalpost"}};
        // Public repositories are searchable without a token, at a lower rate limit.
        const bool has_token = settings_.github.token && !settings_.github.token->empty();
        if (has_token) request.headers.emplace_back("Authorization", "Bearer " + *settings_.github.token);
        const auto result = http_.send(request);
        if (auto wait = rate_limit_wait(result, now)) {
            return retry_later(fmt::format("GitHub's search rate limit is used up ({}); goalpost will read again when "
                                           "it resets{}",
                                           result.status, has_token ? "" : " (a sources.github.token raises it)"),
                               wait);
        }
        auto body = json_body(result, platform_);
        if (!body) return body.error();
        // incomplete_results: the search timed out and the count may be low; it is still GitHub's count.
        return number_at(*body, "/total_count", "a total_count", platform_);
    }
};

}  // namespace

std::unique_ptr<Source> make_github(const config::SourcesSettings& settings, OutboundHttp& http) {
    return std::make_unique<GitHub>(settings, http);
}

}  // namespace goalpost::bot::sources
