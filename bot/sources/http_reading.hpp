#pragma once
// What every source does with an HTTP answer: turn a failure into a Reading an OKR owner can
// act on (retry or not, and which setting to fix), and a body into JSON and a number. The six
// kinds differ in the request and in where the number is; the rest is here, said once.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include "bot/http/client.hpp"
#include "bot/sources/source.hpp"

namespace goalpost::bot::sources {

// A platform as its error messages name it. Every member has an initializer, so a kind names
// only the ones it needs (designated initializers).
struct Platform {
    std::string name{};                   // "Jira": what people call it
    std::string address_key{};            // "sources.jira.base_url": where goalpost sends the request
    std::string credentials{};            // "sources.jira.email and sources.jira.api_token"; empty: none needed
    std::string request = "the request";  // what a 400 or 422 refused: "the JQL query"
    std::string request_hint{};           // how to fix a refused request (400, 404, 422): "check the query"
    std::string not_found_hint{};         // what fixes a 404; empty: request_hint
    // What fixes a 403; empty: check the credentials and that they may read it.
    std::string forbidden_hint{};
    // How long a 429 without Retry-After waits, when the platform documents it.
    std::optional<int> rate_limit_wait{};
    // Never in an error, even when the platform echoes one back: tokens, keys, header values.
    std::vector<std::string> secrets{};
};

// A failed read that reading again will not fix.
Reading refused(std::string error);
// A failed read worth trying again, after `after` seconds when the platform said so.
Reading retry_later(std::string error, std::optional<int> after = std::nullopt);

// The Reading for an answer that is not a 2xx, or nothing when it is one.
std::optional<Reading> failure(const PostResult& result, const Platform& platform);

// A 2xx answer's body as JSON; the failure or "X answered with something that is not JSON".
boost::system::result<boost::json::value, Reading> json_body(const PostResult& result, const Platform& platform);

// The number at `pointer` (RFC 6901) in `body`; `what` names it for the error ("count").
Reading number_at(const boost::json::value& body, std::string_view pointer, std::string_view what,
                  const Platform& platform);

// The platform's own words for a refused request, one line of at most `max_bytes`, if its
// body has them: Jira's errorMessages, Asana's errors[].message, Google's error.message,
// GitHub's message, OAuth's error_description, or a short plain-text body (Trello).
std::string platform_message(const PostResult& result, std::size_t max_bytes = 200);

// `base` (a configured base URL, with or without a final "/") followed by `path`.
std::string url_of(std::string_view base, std::string_view path);

// `text` percent-encoded for a path segment or a query value: all but A-Z a-z 0-9 - . _ ~.
std::string percent_encode(std::string_view text);

// Every credential in `settings`, also in the forms it travels in (percent-encoded, base64,
// without "Bearer "): a kind's Platform::secrets, so that no error shows any of them.
std::vector<std::string> credentials_in(const config::SourcesSettings& settings);

// `reading` with every secret of `platform` taken out of its error.
Reading without_secrets(Reading reading, const Platform& platform);

// A kind that reads one platform: its settings, the client, and what its errors say. read()
// hides every credential in whatever count() answers, so no kind can forget to.
class PlatformSource : public Source {
public:
    PlatformSource(const config::SourcesSettings& settings, OutboundHttp& http, Platform platform)
        : settings_(settings), http_(http), platform_(std::move(platform)) {}
    Reading read(const std::vector<std::string>& args, core::Time now) final {
        return without_secrets(count(args, now), platform_);
    }

protected:
    virtual Reading count(const std::vector<std::string>& args, core::Time now) = 0;

    const config::SourcesSettings& settings_;
    OutboundHttp& http_;
    Platform platform_;
};

}  // namespace goalpost::bot::sources
