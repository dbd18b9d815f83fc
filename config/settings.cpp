#include "config/settings.hpp"

#include "config/reader.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>
#include <utility>

namespace goalpost::config {
namespace {

using namespace detail;

unsigned default_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

// The sections read in the order their problems are listed: server, storage, slack, teams,
// scheduler, limits, admins.
std::string without_trailing_slash(std::string url) {
    while (url.size() > 1 && url.back() == '/') url.pop_back();
    return url;
}

void read_server_and_storage(const json::object& root, Reader& reader, Settings& s) {
    const json::object* server = reader.section(root, "server");
    if (server)
        reader.reject_unknown(*server, "server",
                              {"bind", "port", "threads", "worker_threads", "max_body_bytes",
                               "read_timeout_seconds", "max_connections", "public_url"});
    if (auto v = reader.string(server, "server", "bind", {false, check_bind, nullptr}))
        s.server.bind = *v;
    if (auto v = reader.integer(server, "server", "port", 0, 65535))
        s.server.port = static_cast<std::uint16_t>(*v);
    if (auto v = reader.integer(server, "server", "threads", 1, 256))
        s.server.threads = static_cast<unsigned>(*v);
    if (auto v = reader.integer(server, "server", "worker_threads", 1, 1024))
        s.server.worker_threads = static_cast<unsigned>(*v);
    if (auto v = reader.integer(server, "server", "max_body_bytes", 1024, 64 * 1024 * 1024))
        s.server.max_body_bytes = static_cast<std::size_t>(*v);
    if (auto v = reader.integer(server, "server", "read_timeout_seconds", 1, 3600))
        s.server.read_timeout = std::chrono::seconds{*v};
    if (auto v = reader.integer(server, "server", "max_connections", 1, 1000000))
        s.server.max_connections = static_cast<std::size_t>(*v);
    if (auto v = reader.string(server, "server", "public_url", {false, check_url, "GOALPOST_PUBLIC_URL"}))
        s.server.public_url = without_trailing_slash(*v);

    const json::object* storage = reader.section(root, "storage");
    if (storage) reader.reject_unknown(*storage, "storage", {"path", "url", "pool_size", "outbox_retention_days"});
    if (auto v = reader.string(storage, "storage", "path", {false, check_not_empty, "GOALPOST_DB"}))
        s.storage.path = *v;
    s.storage.url = reader.string(storage, "storage", "url", {true, check_database_url, "GOALPOST_DATABASE_URL"});
    if (auto v = reader.integer(storage, "storage", "pool_size", 1, 256))
        s.storage.pool_size = static_cast<unsigned>(*v);
    if (auto v = reader.integer(storage, "storage", "outbox_retention_days", 1, 3650))
        s.storage.outbox_retention_days = static_cast<unsigned>(*v);
}

void read_platforms(const json::object& root, Reader& reader, Settings& s) {
    const json::object* slack = reader.section(root, "slack");
    if (slack)
        reader.reject_unknown(*slack, "slack", {"signing_secret", "bot_token", "api_base_url", "command"});
    s.slack.signing_secret = reader.string(slack, "slack", "signing_secret",
                                           {true, check_secret, "GOALPOST_SLACK_SIGNING_SECRET"});
    s.slack.bot_token =
        reader.string(slack, "slack", "bot_token", {true, check_secret, "GOALPOST_SLACK_BOT_TOKEN"});
    if (auto v = reader.string(slack, "slack", "api_base_url",
                               {false, check_url, "GOALPOST_SLACK_API_BASE_URL"})) {
        // Endpoints are appended as "{api_base_url}/chat.postMessage".
        while (v->size() > 1 && v->back() == '/') v->pop_back();
        s.slack.api_base_url = *v;
    }
    if (auto v = reader.string(slack, "slack", "command", {false, check_command, nullptr}))
        s.slack.command = *v;

    const json::object* teams = reader.section(root, "teams");
    if (teams) reader.reject_unknown(*teams, "teams", {"outgoing_webhook_secret"});
    s.teams.outgoing_webhook_secret = reader.string(
        teams, "teams", "outgoing_webhook_secret", {true, check_base64_secret, "GOALPOST_TEAMS_SECRET"});
}

// `parent`'s object `leaf` (a problem at `section.leaf` when it is not an object).
const json::object* subsection(Reader& reader, const json::object* parent, std::string_view section,
                               std::string_view leaf) {
    if (!parent) return nullptr;
    const json::value* v = parent->if_contains(leaf);
    if (!v) return nullptr;
    if (const json::object* o = v->if_object()) return o;
    reader.problem(fmt::format("{}.{}", section, leaf), fmt::format("expected an object {{ ... }}, got {}", show(*v, false)));
    return nullptr;
}

std::optional<std::string> check_source_name(std::string_view s) {
    if (s.empty() || s.size() > 32 || !std::all_of(s.begin(), s.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        })) {
        return "a URL's name is up to 32 lower-case letters, digits, - and _ (people type it in chat)";
    }
    return std::nullopt;
}

// sources.NAME.url and its headers (name -> value; values may be secrets, never shown).
void read_source_urls(const json::object* urls, Reader& reader, SourcesSettings& out) {
    if (!urls) return;
    for (const auto& entry : *urls) {
        const std::string name(entry.key());
        const std::string key = "sources.urls." + name;
        if (auto wrong = check_source_name(name)) {
            reader.problem(key, *wrong);
            continue;
        }
        const json::object* u = entry.value().if_object();
        if (!u) {
            reader.problem(key, fmt::format("expected an object {{\"url\": ..., \"headers\": {{...}}}}, got {}",
                                            show(entry.value(), false)));
            continue;
        }
        reader.reject_unknown(*u, key, {"url", "headers"});
        SourcesSettings::Url url;
        if (auto v = reader.string(u, key, "url", {false, check_url, nullptr})) {
            url.url = *v;
        } else if (!u->if_contains("url")) {
            reader.problem(key + ".url", "is missing: the address of the JSON document to read");
        }
        if (const json::value* h = u->if_contains("headers")) {
            if (const json::object* headers = h->if_object()) {
                for (const auto& header : *headers) {
                    const json::string* value = header.value().if_string();
                    if (!value) {
                        reader.problem(fmt::format("{}.headers.{}", key, std::string(header.key())),
                                       fmt::format("expected a string, got {}", show(header.value(), true)));
                    } else {
                        url.headers.emplace_back(std::string(header.key()), std::string(*value));
                    }
                }
            } else {
                reader.problem(key + ".headers", fmt::format("expected an object of header names and values, got {}",
                                                             show(*h, true)));
            }
        }
        out.urls.emplace_back(name, std::move(url));
    }
}

void read_sources(const json::object& root, Reader& reader, SourcesSettings& s) {
    const json::object* sources = reader.section(root, "sources");
    if (sources)
        reader.reject_unknown(*sources, "sources",
                              {"interval_minutes", "jira", "asana", "trello", "github", "sheets", "urls"});
    if (auto v = reader.integer(sources, "sources", "interval_minutes", 1, 10080))
        s.interval_minutes = static_cast<unsigned>(*v);

    const json::object* jira = subsection(reader, sources, "sources", "jira");
    if (jira) reader.reject_unknown(*jira, "sources.jira", {"base_url", "email", "api_token"});
    if (auto v = reader.string(jira, "sources.jira", "base_url", {false, check_url, nullptr}))
        s.jira.base_url = without_trailing_slash(*v);
    s.jira.email = reader.string(jira, "sources.jira", "email", {false, check_secret, nullptr});
    s.jira.api_token =
        reader.string(jira, "sources.jira", "api_token", {true, check_secret, "GOALPOST_JIRA_API_TOKEN"});

    const json::object* asana = subsection(reader, sources, "sources", "asana");
    if (asana) reader.reject_unknown(*asana, "sources.asana", {"base_url", "token"});
    if (auto v = reader.string(asana, "sources.asana", "base_url", {false, check_url, nullptr}))
        s.asana.base_url = without_trailing_slash(*v);
    s.asana.token = reader.string(asana, "sources.asana", "token", {true, check_secret, "GOALPOST_ASANA_TOKEN"});

    const json::object* trello = subsection(reader, sources, "sources", "trello");
    if (trello) reader.reject_unknown(*trello, "sources.trello", {"base_url", "api_key", "token"});
    if (auto v = reader.string(trello, "sources.trello", "base_url", {false, check_url, nullptr}))
        s.trello.base_url = without_trailing_slash(*v);
    s.trello.api_key = reader.string(trello, "sources.trello", "api_key", {true, check_secret, nullptr});
    s.trello.token = reader.string(trello, "sources.trello", "token", {true, check_secret, "GOALPOST_TRELLO_TOKEN"});

    const json::object* github = subsection(reader, sources, "sources", "github");
    if (github) reader.reject_unknown(*github, "sources.github", {"api_base_url", "token"});
    if (auto v = reader.string(github, "sources.github", "api_base_url", {false, check_url, nullptr}))
        s.github.api_base_url = without_trailing_slash(*v);
    s.github.token = reader.string(github, "sources.github", "token", {true, check_secret, "GOALPOST_GITHUB_TOKEN"});

    const json::object* sheets = subsection(reader, sources, "sources", "sheets");
    if (sheets)
        reader.reject_unknown(*sheets, "sources.sheets", {"base_url", "api_key", "service_account_file", "token_url"});
    if (auto v = reader.string(sheets, "sources.sheets", "base_url", {false, check_url, nullptr}))
        s.sheets.base_url = without_trailing_slash(*v);
    s.sheets.api_key = reader.string(sheets, "sources.sheets", "api_key", {true, check_secret, "GOALPOST_SHEETS_API_KEY"});
    s.sheets.service_account_file =
        reader.string(sheets, "sources.sheets", "service_account_file", {false, check_not_empty, nullptr});
    s.sheets.token_url = reader.string(sheets, "sources.sheets", "token_url", {false, check_url, nullptr});

    read_source_urls(subsection(reader, sources, "sources", "urls"), reader, s);
}

void read_settings(const json::object& root, Reader& reader, Settings& s) {
    reader.reject_unknown(root, "", {"server", "storage", "slack", "teams", "scheduler", "limits", "sources", "admins"});
    read_server_and_storage(root, reader, s);
    read_platforms(root, reader, s);

    const json::object* scheduler = reader.section(root, "scheduler");
    if (scheduler) reader.reject_unknown(*scheduler, "scheduler", {"grace_hours"});
    if (auto v = reader.integer(scheduler, "scheduler", "grace_hours", 0, 168))
        s.scheduler.grace = std::chrono::hours{*v};

    const json::object* limits = reader.section(root, "limits");
    if (limits)
        reader.reject_unknown(*limits, "limits",
                              {"commands_per_user_per_minute", "commands_per_workspace_per_minute"});
    if (auto v = reader.integer(limits, "limits", "commands_per_user_per_minute", 1, 100000000))
        s.limits.commands_per_user_per_minute = static_cast<unsigned>(*v);
    if (auto v = reader.integer(limits, "limits", "commands_per_workspace_per_minute", 1, 100000000))
        s.limits.commands_per_workspace_per_minute = static_cast<unsigned>(*v);

    read_sources(root, reader, s.sources);
    reader.admins(root, s.admins);
}

struct FileText {
    std::optional<std::string> text;
    std::string error;  // why it could not be read
};

FileText read_file(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found) return {std::nullopt, "no such file"};
    if (ec) return {std::nullopt, ec.message()};
    if (fs::is_directory(status)) return {std::nullopt, "it is a directory, not a file"};
    std::ifstream in(path, std::ios::binary);
    if (!in) return {std::nullopt, "it cannot be opened (check its permissions)"};
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) return {std::nullopt, "reading it failed"};
    return {std::move(content).str(), {}};
}

// Reads and parses one file; `flag` names where the path came from in a read problem.
Loaded load_file(const std::string& path, const std::string& flag, const EnvLookup& env) {
    FileText file = read_file(path);
    if (!file.text) {
        Loaded loaded = parse_settings("{}", env);
        loaded.problems.insert(loaded.problems.begin(),
                               Problem{flag, fmt::format("cannot read {}: {}", path, file.error)});
        return loaded;
    }
    Loaded loaded = parse_settings(*file.text, env);
    // Problems about the file as a whole (syntax, shape) say which file.
    for (Problem& p : loaded.problems)
        if (p.key.empty()) p.message = fmt::format("{}: {}", path, p.message);
    return loaded;
}

}  // namespace

EnvLookup process_env() {
    return [](const char* name) -> std::optional<std::string> {
        if (const char* value = std::getenv(name)) return std::string(value);
        return std::nullopt;
    };
}

Loaded parse_settings(std::string_view json_text, const EnvLookup& env) {
    Loaded loaded;
    loaded.settings.server.threads = default_threads();
    // Editors on Windows may save a byte order mark, which JSON does not allow.
    constexpr std::string_view bom = "\xEF\xBB\xBF";
    if (json_text.substr(0, bom.size()) == bom) json_text.remove_prefix(bom.size());

    Reader reader(loaded.problems, env);
    const std::optional<json::value> document = parse_json(json_text, loaded.problems);
    const json::object empty;
    const json::object* root = &empty;
    if (document) {
        if (const json::object* o = document->if_object()) {
            root = o;
        } else {
            reader.problem("", fmt::format("the configuration must be a JSON object {{ ... }}, got {}",
                                           show(*document, false)));
        }
    }
    // Even when the file is unusable, read the defaults and the environment, so that every
    // problem with the environment is reported in the same run.
    read_settings(*root, reader, loaded.settings);
    return loaded;
}

Loaded load_settings(const std::optional<std::string>& path, const EnvLookup& env) {
    if (path) return load_file(*path, "--config", env);
    const std::string default_path = "goalpost.json";
    std::error_code ec;
    if (std::filesystem::exists(default_path, ec)) return load_file(default_path, "", env);
    return parse_settings("{}", env);
}

std::string format_problem(const Problem& problem) {
    if (problem.key.empty()) return problem.message;
    return fmt::format("{}: {}", problem.key, problem.message);
}

std::string describe(const Settings& s) {
    const auto secret = [](const std::optional<std::string>& v) {
        return v ? "(set)" : "(not set)";
    };
    std::string admins;
    for (const std::string& id : s.admins) admins += (admins.empty() ? "" : ", ") + id;
    if (admins.empty()) admins = "(none: anyone may manage teams)";

    std::string out;
    const auto line = [&out](std::string_view key, const auto& value) {
        out += fmt::format("{} = {}\n", key, value);
    };
    line("server.bind", s.server.bind);
    line("server.port", s.server.port);
    line("server.threads", s.server.threads);
    line("server.worker_threads", s.server.worker_threads);
    line("server.max_body_bytes", s.server.max_body_bytes);
    line("server.read_timeout_seconds", s.server.read_timeout.count());
    line("server.public_url", s.server.public_url ? *s.server.public_url
                                                  : std::string("(not set: /okr dashboard cannot give links)"));
    line("storage.path", s.storage.url ? "(not used: storage.url is set)" : s.storage.path);
    line("storage.url", s.storage.url ? "(set: PostgreSQL)" : "(not set: SQLite at storage.path)");
    line("storage.pool_size", s.storage.pool_size);
    line("storage.outbox_retention_days", s.storage.outbox_retention_days);
    line("slack.signing_secret", secret(s.slack.signing_secret));
    line("slack.bot_token", secret(s.slack.bot_token));
    line("slack.api_base_url", s.slack.api_base_url);
    line("slack.command", s.slack.command);
    line("teams.outgoing_webhook_secret", secret(s.teams.outgoing_webhook_secret));
    line("scheduler.grace_hours", std::chrono::duration_cast<std::chrono::hours>(s.scheduler.grace).count());
    line("limits.commands_per_user_per_minute", s.limits.commands_per_user_per_minute);
    line("limits.commands_per_workspace_per_minute", s.limits.commands_per_workspace_per_minute);
    line("sources.interval_minutes", s.sources.interval_minutes);
    line("sources.jira.base_url", s.sources.jira.base_url.value_or("(not set)"));
    line("sources.jira.email", s.sources.jira.email ? "(set)" : "(not set)");
    line("sources.jira.api_token", secret(s.sources.jira.api_token));
    line("sources.asana.base_url", s.sources.asana.base_url);
    line("sources.asana.token", secret(s.sources.asana.token));
    line("sources.trello.base_url", s.sources.trello.base_url);
    line("sources.trello.api_key", secret(s.sources.trello.api_key));
    line("sources.trello.token", secret(s.sources.trello.token));
    line("sources.github.api_base_url", s.sources.github.api_base_url);
    line("sources.github.token", secret(s.sources.github.token));
    line("sources.sheets.base_url", s.sources.sheets.base_url);
    line("sources.sheets.api_key", secret(s.sources.sheets.api_key));
    line("sources.sheets.service_account_file", s.sources.sheets.service_account_file.value_or("(not set)"));
    for (const auto& [name, url] : s.sources.urls) {
        std::string headers;
        for (const auto& h : url.headers) headers += (headers.empty() ? "" : ", ") + h.first;
        // The URL may carry a key in its query: only its scheme and host are shown.
        const auto host_end = url.url.find('/', url.url.find("//") + 2);
        line("sources.urls." + name, fmt::format("{}/... (headers: {})", url.url.substr(0, host_end),
                                                 headers.empty() ? std::string("none") : headers));
    }
    line("admins", admins);
    return out;
}

}  // namespace goalpost::config
