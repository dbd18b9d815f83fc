#pragma once
// The service's settings, read once at start-up and passed by const reference.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace goalpost::config {

struct ServerSettings {
    std::string bind = "127.0.0.1";
    std::uint16_t port = 8080;
    unsigned threads = 0;  // 1..256; absent from the file: number of cores (>= 1 after load)
    // Threads for request handling that may block (writes waiting for their commit): how many
    // check-ins can share one group commit. 1..1024.
    unsigned worker_threads = 64;
    std::size_t max_body_bytes = 65536;
    std::chrono::seconds read_timeout{30};
    std::size_t max_connections = 10000;  // open connections; more are accepted and closed at once
    // Where people's browsers reach goalpost (https://okr.example.com), for dashboard links;
    // none: `/okr dashboard` says the operator has to set it.
    std::optional<std::string> public_url;
};

struct StorageSettings {
    std::string path = "goalpost.db";
    // A libpq URI (postgresql://user@host/db?sslmode=verify-full) selects PostgreSQL instead
    // of the SQLite file at `path`. It may hold a password: never logged or shown.
    std::optional<std::string> url;
    // Reading connections to PostgreSQL per instance (plus one writer).
    unsigned pool_size = 8;
    // Sent outbound messages are kept this many days, then their bodies are dropped.
    unsigned outbox_retention_days = 30;
};

struct SlackSettings {
    std::optional<std::string> signing_secret;
    std::optional<std::string> bot_token;
    std::string api_base_url = "https://slack.com/api";
    std::string command = "/okr";
};

struct TeamsSettings {
    std::optional<std::string> outgoing_webhook_secret;
};

struct SchedulerSettings {
    // A reminder, digest or summary that fell due while the service was down still fires on
    // start-up within this window; older ones are skipped and logged.
    std::chrono::seconds grace{std::chrono::hours{12}};
};

struct LimitSettings {
    // Commands (slash commands, Teams messages, check-in modals) each user and each
    // workspace may send per minute, in bursts up to that many; more get a friendly
    // "try again in N seconds" and change nothing.
    unsigned commands_per_user_per_minute = 30;
    unsigned commands_per_workspace_per_minute = 600;
};

// Where key results read their values from (`/okr kr source`). Every credential may also come
// from the environment; none is ever logged, shown in chat or exported. Base URLs are settable
// so that tests read loopback fakes.
struct SourcesSettings {
    unsigned interval_minutes = 60;  // 1..10080
    struct Jira {
        std::optional<std::string> base_url;  // https://your-domain.atlassian.net
        std::optional<std::string> email;
        std::optional<std::string> api_token;  // GOALPOST_JIRA_API_TOKEN
    } jira;
    struct Asana {
        std::string base_url = "https://app.asana.com/api/1.0";
        std::optional<std::string> token;  // GOALPOST_ASANA_TOKEN
    } asana;
    struct Trello {
        std::string base_url = "https://api.trello.com";
        std::optional<std::string> api_key;
        std::optional<std::string> token;  // GOALPOST_TRELLO_TOKEN
    } trello;
    struct GitHub {
        std::string api_base_url = "https://api.github.com";
        std::optional<std::string> token;  // GOALPOST_GITHUB_TOKEN
    } github;
    struct Sheets {
        std::string base_url = "https://sheets.googleapis.com";
        std::optional<std::string> api_key;               // GOALPOST_SHEETS_API_KEY; sheets shared by link
        std::optional<std::string> service_account_file;  // a service-account key (JSON) for private sheets
        std::optional<std::string> token_url;             // default: the key file's token_uri
    } sheets;
    // sources.urls.NAME: a JSON document to read a number from.
    struct Url {
        std::string url;
        std::vector<std::pair<std::string, std::string>> headers;  // e.g. Authorization: Bearer ...
    };
    std::vector<std::pair<std::string, Url>> urls;  // by name

    const Url* url(std::string_view name) const {
        for (const auto& [n, u] : urls) {
            if (n == name) return &u;
        }
        return nullptr;
    }
};

struct Settings {
    ServerSettings server;
    StorageSettings storage;
    SlackSettings slack;
    TeamsSettings teams;
    SchedulerSettings scheduler;
    LimitSettings limits;
    SourcesSettings sources;
    std::vector<std::string> admins;  // user ids; empty: anyone may manage teams
};

// One problem found in the configuration, naming the key ("server.port").
struct Problem {
    std::string key;
    std::string message;
};

struct Loaded {
    Settings settings;
    std::vector<Problem> problems;  // empty when the configuration is valid
    bool ok() const { return problems.empty(); }
};

// Reads an environment variable; injected so tests need not touch the process env.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;
EnvLookup process_env();

// Parses JSON text (comments and trailing commas allowed), applies defaults and the
// environment overrides, and validates. Every problem is collected, not just the first.
Loaded parse_settings(std::string_view json_text, const EnvLookup& env);

// Reads `path` if given; with no path, reads ./goalpost.json if it exists, else uses the
// built-in defaults (still applying the environment). A missing explicit file is a problem.
Loaded load_settings(const std::optional<std::string>& path, const EnvLookup& env);

// One line per problem for `goalpost check-config` and logs: "server.port: expected ...",
// or just the message when the problem has no key (a JSON syntax error).
std::string format_problem(const Problem& problem);

// The effective settings as "key = value" lines (one per key, each ending in '\n') for
// `goalpost check-config`. Secrets appear only as "(set)" or "(not set)".
std::string describe(const Settings& settings);

}  // namespace goalpost::config
