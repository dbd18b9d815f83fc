#include "config/reader.hpp"

#include <boost/json/parse_options.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace goalpost::config::detail {
namespace {

// Every key the file may hold, for "did you mean" suggestions.
constexpr std::string_view known_keys[] = {
    "server",
    "server.bind",
    "server.port",
    "server.threads",
    "server.worker_threads",
    "server.max_body_bytes",
    "server.read_timeout_seconds",
    "server.max_connections",
    "server.public_url",
    "storage",
    "storage.path",
    "storage.url",
    "storage.pool_size",
    "storage.outbox_retention_days",
    "slack",
    "slack.signing_secret",
    "slack.bot_token",
    "slack.api_base_url",
    "slack.command",
    "teams",
    "teams.outgoing_webhook_secret",
    "scheduler",
    "scheduler.grace_hours",
    "limits",
    "limits.commands_per_user_per_minute",
    "limits.commands_per_workspace_per_minute",
    "sources",
    "sources.interval_minutes",
    "sources.jira",
    "sources.jira.base_url",
    "sources.jira.email",
    "sources.jira.api_token",
    "sources.asana",
    "sources.asana.base_url",
    "sources.asana.token",
    "sources.trello",
    "sources.trello.base_url",
    "sources.trello.api_key",
    "sources.trello.token",
    "sources.github",
    "sources.github.api_base_url",
    "sources.github.token",
    "sources.sheets",
    "sources.sheets.base_url",
    "sources.sheets.api_key",
    "sources.sheets.service_account_file",
    "sources.sheets.token_url",
    "sources.urls",
    "admins",
};

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, so the
// common typo "prot" for "port" counts as one edit.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    const std::size_t m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

std::string_view leaf_of(std::string_view key) {
    const auto dot = key.rfind('.');
    return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The known key closest to an unknown one, within two edits. A key whose last part is
// known but sits in the wrong section (a top-level "port") counts as one edit away, so
// "server.path" suggests storage.path rather than server.port.
std::optional<std::string_view> closest_known_key(std::string_view unknown) {
    const std::string wanted = lowercase(unknown);
    const std::string_view wanted_leaf = leaf_of(wanted);
    std::optional<std::string_view> best;
    std::size_t best_score = 3;
    for (std::string_view known : known_keys) {
        std::size_t score = edit_distance(wanted, known);
        if (wanted_leaf.size() >= 3)
            score = std::min(score, edit_distance(wanted_leaf, leaf_of(known)) + 1);
        if (score < best_score) {
            best = known;
            best_score = score;
        }
    }
    return best;
}

std::string join_key(std::string_view section, std::string_view leaf) {
    if (section.empty()) return std::string(leaf);
    return fmt::format("{}.{}", section, leaf);
}


bool has_whitespace(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    });
}

// "line 3, column 7" for a byte offset, counting columns in characters (UTF-8 aware).
std::string position_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return fmt::format("line {}, column {}", line, column);
}

}  // namespace

// How a value is shown in a message. Secrets are described by their type only.
std::string show(const json::value& v, bool secret) {
    switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return secret ? "a boolean" : (v.get_bool() ? "true" : "false");
    case json::kind::int64:
    case json::kind::uint64: return secret ? "a number" : json::serialize(v);
    // fmt prints 2.5 where Boost.JSON would print 2.5E0.
    case json::kind::double_: return secret ? "a number" : fmt::format("{}", v.get_double());
    case json::kind::string: {
        if (secret) return "a string";
        std::string shown = json::serialize(v);
        constexpr std::size_t limit = 40;
        if (shown.size() > limit) {
            std::size_t cut = limit - 4;
            // Cut on a character boundary, not inside a UTF-8 sequence.
            while (cut > 1 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
            shown = shown.substr(0, cut) + "...\"";
        }
        return shown;
    }
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
    }
    return "a value";
}


// Strict, padded, standard-alphabet base64 (the form Teams shows for the webhook key).
bool is_base64(std::string_view s) {
    if (s.empty() || s.size() % 4 != 0) return false;
    std::size_t padding = 0;
    while (padding < 2 && s[s.size() - 1 - padding] == '=') ++padding;
    const std::string_view body = s.substr(0, s.size() - padding);
    const auto is_alphabet = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '+' || c == '/';
    };
    return !body.empty() && std::all_of(body.begin(), body.end(), is_alphabet);
}


std::optional<std::string> check_not_empty(std::string_view s) {
    if (s.empty()) return "must not be empty";
    return std::nullopt;
}

std::optional<std::string> check_bind(std::string_view s) {
    if (s.empty()) return "must not be empty (use 127.0.0.1, 0.0.0.0 or ::)";
    if (has_whitespace(s)) return "must be an address without spaces, like 127.0.0.1";
    return std::nullopt;
}

std::optional<std::string> check_secret(std::string_view s) {
    if (has_whitespace(s)) return "must not contain spaces or line breaks (check the copy and paste)";
    return std::nullopt;
}

std::optional<std::string> check_base64_secret(std::string_view s) {
    if (!is_base64(s))
        return "is not valid base64 (paste the security token Teams showed when the "
               "outgoing webhook was created)";
    return std::nullopt;
}

std::optional<std::string> check_url(std::string_view s) {
    for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
        if (s.substr(0, scheme.size()) == scheme) {
            if (s.size() == scheme.size()) return "must name a host after the scheme";
            if (has_whitespace(s)) return "must be a URL without spaces";
            return std::nullopt;
        }
    }
    return "must start with http:// or https://";
}

std::optional<std::string> check_database_url(std::string_view s) {
    for (std::string_view scheme : {std::string_view("postgresql://"), std::string_view("postgres://")}) {
        if (s.substr(0, scheme.size()) == scheme) {
            if (has_whitespace(s)) return "must be a URI without spaces";
            return std::nullopt;
        }
    }
    return "must be a PostgreSQL URI starting with postgresql://, like postgresql://goalpost@db.internal/goalpost";
}

std::optional<std::string> check_command(std::string_view s) {
    if (s.size() < 2 || s.front() != '/') return "must start with '/' followed by a name, like \"/okr\"";
    if (has_whitespace(s)) return "must be a single word, like \"/okr\"";
    return std::nullopt;
}

// How one string key is read and validated.

void Reader::problem(std::string key, std::string message) {
    problems_.push_back(Problem{std::move(key), std::move(message)});
}

void Reader::reject_unknown(const json::object& object, std::string_view section,
                    std::initializer_list<std::string_view> known) {
    for (const auto& entry : object) {
        const std::string_view name = entry.key();
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        std::string key = join_key(section, name);
        if (auto suggestion = closest_known_key(key))
            problem(std::move(key), fmt::format("unknown key; did you mean {}?", *suggestion));
        else
            problem(std::move(key), "unknown key");
    }
}

const json::object* Reader::section(const json::object& root, std::string_view name) {
    const json::value* v = root.if_contains(name);
    if (!v) return nullptr;
    if (const json::object* o = v->if_object()) return o;
    problem(std::string(name), fmt::format("expected an object {{ ... }}, got {}", show(*v, false)));
    return nullptr;
}

std::optional<std::int64_t> Reader::integer(const json::object* object, std::string_view section,
                                    std::string_view leaf, std::int64_t min, std::int64_t max) {
    if (!object) return std::nullopt;
    const json::value* v = object->if_contains(leaf);
    if (!v) return std::nullopt;
    std::optional<std::int64_t> n;
    if (v->is_int64()) {
        n = v->get_int64();
    } else if (v->is_uint64()) {
        if (v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            n = static_cast<std::int64_t>(v->get_uint64());
    } else if (v->is_double()) {
        // JSON does not tell 8080 from 8080.0; accept whole numbers written either way.
        const double d = v->get_double();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
            n = static_cast<std::int64_t>(d);
    }
    if (n && *n >= min && *n <= max) return n;
    problem(join_key(section, leaf),
            fmt::format("expected an integer from {} to {}, got {}", min, max, show(*v, false)));
    return std::nullopt;
}

std::optional<std::string> Reader::string(const json::object* object, std::string_view section,
                                  std::string_view leaf, const StringRule& rule) {
    const std::string key = join_key(section, leaf);
    std::optional<std::string> result;
    if (object) {
        if (const json::value* v = object->if_contains(leaf)) {
            if (const json::string* s = v->if_string()) {
                const std::string_view text = *s;
                if (rule.secret && text.empty()) {
                    // An empty secret in the file reads as "not set", like an empty variable.
                } else if (auto wrong = rule.check ? rule.check(text) : std::nullopt) {
                    problem(key, *wrong);
                } else {
                    result = std::string(text);
                }
            } else {
                problem(key, fmt::format("expected a string, got {}", show(*v, rule.secret)));
            }
        }
    }
    if (rule.env) {
        std::optional<std::string> value = env_ ? env_(rule.env) : std::nullopt;
        if (value && !value->empty()) {
            if (auto wrong = rule.check ? rule.check(*value) : std::nullopt)
                problem(fmt::format("{} ({})", rule.env, key), *wrong);
            else
                result = std::move(value);
        }
    }
    return result;
}

void Reader::admins(const json::object& root, std::vector<std::string>& out) {
    const json::value* v = root.if_contains("admins");
    if (!v) return;
    const json::array* list = v->if_array();
    if (!list) {
        problem("admins", fmt::format("expected an array of user id strings, got {}", show(*v, false)));
        return;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json::value& item = (*list)[i];
        const json::string* id = item.if_string();
        const std::string key = fmt::format("admins[{}]", i);
        if (!id) {
            problem(key, fmt::format("expected a user id string, got {}", show(item, false)));
        } else if (id->empty() || has_whitespace(*id)) {
            problem(key, "expected a user id without spaces, like \"U024BE7LH\"");
        } else {
            out.emplace_back(*id);
        }
    }
}

std::optional<json::value> parse_json(std::string_view text, std::vector<Problem>& problems) {
    json::parse_options options;
    options.allow_comments = true;
    options.allow_trailing_commas = true;
    json::parser parser({}, options);
    json::error_code ec;
    const std::size_t consumed = parser.write(text.data(), text.size(), ec);
    if (ec) {
        problems.push_back(Problem{
            "", fmt::format("invalid JSON at {}: {}", position_of(text, consumed), ec.message())});
        return std::nullopt;
    }
    return parser.release();
}

}  // namespace goalpost::config::detail
