#pragma once
// Key-result sources: a number a machine already knows (Jira issues done, GitHub PRs merged, a
// cell of a sheet, ...), read for a key result that has one (`/okr kr source`). One kind per
// file in this folder, each behind Source; the sync (bot/sources/sync.hpp) decides when to read
// and what a value becomes.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/settings.hpp"
#include "core/types.hpp"

namespace goalpost::bot {
class OutboundHttp;
}

namespace goalpost::bot::sources {

// What one read gave: the number, or why not.
struct Reading {
    std::optional<double> value;
    // In words a KR owner can act on ("Jira refused the API token (401): check
    // sources.jira.email and sources.jira.api_token"). Never holds a credential, a full URL
    // with a key in it, or a response body longer than a line.
    std::string error;
    // A network error, timeout, 5xx or 429: worth reading again before the next interval.
    bool retry = false;
    // How long the platform asked to wait (Retry-After, or GitHub's x-ratelimit-reset).
    std::optional<int> retry_after_seconds;
};

class Source {
public:
    virtual ~Source() = default;
    // `args` as `/okr kr source KR-7 KIND ARGS...` stored them (see core/sources.hpp for the
    // arguments of each kind). `now` for what expires (a cached access token).
    virtual Reading read(const std::vector<std::string>& args, core::Time now) = 0;
};

// The source of `kind` (jira, asana, trello, github, sheets, url), reading through `http`
// with `settings`; nullptr for an unknown kind. `settings` and `http` outlive it.
std::unique_ptr<Source> make_source(const std::string& kind, const config::SourcesSettings& settings,
                                    OutboundHttp& http);

// The settings `kind` still needs before it can read ("sources.jira.api_token"), or nothing.
std::optional<std::string> missing_setting(const std::string& kind, const config::SourcesSettings& settings);

}  // namespace goalpost::bot::sources
