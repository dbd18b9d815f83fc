#include "bot/cli/cli.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "bot/service/app.hpp"
#include "bot/cli/cadence.hpp"
#include "bot/cli/transfer.hpp"
#include "bot/http/server.hpp"
#include "bot/service/scheduler.hpp"
#include "bot/cli/database.hpp"
#include "bot/cli/exit.hpp"
#include "bot/service/log.hpp"
#include "config/settings.hpp"
#include "storage/sqlite/backup.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite_storage.hpp"
#include "bot/sources/sync.hpp"
#include "bot/http/client.hpp"

#ifndef GOALPOST_VERSION
#define GOALPOST_VERSION "0.0.0"
#endif

namespace goalpost::bot {
namespace {


const char* usage_text =
    "usage: goalpost <subcommand> [--config FILE]\n"
    "\n"
    "subcommands:\n"
    "  serve          run the HTTP server until SIGINT/SIGTERM\n"
    "  run-due [--at ISO-8601]\n"
    "                 fire every reminder, digest and summary due at or before that instant (default:\n"
    "                 now) that has not fired for its period, deliver the outbox, exit\n"
    "  digest --team NAME [--at ISO-8601] [--format text|slack|teams] [--workspace KEY]\n"
    "                 print the weekly digest that team would get; posts nothing\n"
    "  summary --team NAME --month YYYY-MM [--format text|slack|teams] [--workspace KEY]\n"
    "                 print the monthly stakeholder summary; posts nothing\n"
    "  check-config   validate the configuration; exit 0, or 2 listing every problem\n"
    "  backup FILE    copy the database to FILE, consistently, even while serve runs\n"
    "  export --out PATH [--format json|csv] [--workspace KEY]\n"
    "                 write teams, cycles, objectives, key results, check-ins, wins, grades and retros\n"
    "                 as one JSON file or a directory of CSV files (goalpost export --help)\n"
    "  import --from PATH [--format json|csv] [--workspace KEY] [--dry-run]\n"
    "                 read a JSON or CSV export (or a sheet's checkins.csv) into the database, all or\n"
    "                 nothing (goalpost import --help)\n"
    "  sync [--at ISO-8601] [--kr KR-7 --workspace KEY]\n"
    "                 read every key-result source due at that instant (or only that KR's), record\n"
    "                 the values that changed, deliver the outbox, exit\n"
    "\n"
    "options:\n"
    "  --config FILE  configuration file (default: ./goalpost.json if present, else built-in defaults)\n"
    "  --help         this text (also: goalpost <subcommand> --help)\n"
    "  --version      print the version\n";

struct Args {
    std::string subcommand;
    std::optional<std::string> config;
    bool help = false;
    std::optional<std::string> backup_file;  // backup FILE
    Flags flags;  // --at, --team, --workspace, --format, --month, --out, --from, --dry-run
};

constexpr const char* value_flags[] = {"--at",  "--team", "--workspace", "--format",
                                       "--month", "--out", "--from",      "--kr"};

std::optional<Args> parse_args(const std::vector<std::string>& args, std::string& error) {
    Args out;
    for (size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a == "--help" || a == "-h") {
            out.help = true;
        } else if (a == "--config") {
            if (i + 1 >= args.size()) {
                error = "--config needs a file name";
                return std::nullopt;
            }
            out.config = args[++i];
        } else if (a.starts_with("--config=")) {
            out.config = a.substr(9);
        } else if (std::find(std::begin(value_flags), std::end(value_flags), a) != std::end(value_flags)) {
            if (i + 1 >= args.size()) {
                error = a + " needs a value";
                return std::nullopt;
            }
            out.flags[a.substr(2)] = args[++i];
        } else if (a == "--dry-run") {
            out.flags["dry-run"] = "";
        } else if (a.starts_with("-") && a != "-") {
            error = "unknown option " + a;
            return std::nullopt;
        } else if (out.subcommand.empty()) {
            out.subcommand = a;
        } else if (out.subcommand == "backup" && !out.backup_file) {
            out.backup_file = a;
        } else {
            error = "unexpected argument " + a;
            return std::nullopt;
        }
    }
    return out;
}

std::optional<config::Settings> load(const Args& args) {
    auto loaded = config::load_settings(args.config, config::process_env());
    if (!loaded.ok()) {
        std::cerr << "goalpost: the configuration has " << loaded.problems.size() << " problem(s):\n";
        for (const auto& p : loaded.problems) {
            std::cerr << "  " << (p.key.empty() ? "(file)" : p.key) << ": " << p.message << "\n";
        }
        return std::nullopt;
    }
    return loaded.settings;
}

core::Time now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

int serve(const config::Settings& settings) {
    std::unique_ptr<storage::Storage> store;
    try {
        store = open_database(settings);
    } catch (const std::exception& e) {
        log::error("cannot open the database {}: {}",
                   settings.storage.url ? "at storage.url" : settings.storage.path, e.what());
        return exit_failure;
    }
    App app(settings, *store);
    HttpServer::Options options;
    options.bind = settings.server.bind;
    options.port = settings.server.port;
    options.threads = settings.server.threads;
    options.max_body_bytes = settings.server.max_body_bytes;
    options.read_timeout = settings.server.read_timeout;
    options.max_connections = settings.server.max_connections;
    options.worker_threads = settings.server.worker_threads;
    std::unique_ptr<HttpServer> server;
    try {
        server = make_server(app, options, now);
    } catch (const std::exception& e) {
        log::error("cannot listen on {}:{}: {}", settings.server.bind, settings.server.port, e.what());
        return exit_failure;
    }
    log::info("goalpost {} listening on http://{}:{} with {} I/O and {} worker thread(s), {} database {} (schema v{})",
              GOALPOST_VERSION, settings.server.bind, server->port(), settings.server.threads,
              settings.server.worker_threads, store->kind(), store->location(), store->schema_version());
    if (!settings.slack.signing_secret) log::warn("slack.signing_secret is not set: /slack/* answers 503");
    if (!settings.slack.bot_token) log::warn("slack.bot_token is not set: nothing is posted to Slack");
    // Reminders, digests and summaries, and the outbox, on their own thread and timer.
    CadenceWiring cadence(settings, *store, &app.metrics());
    Scheduler scheduler(cadence.service, cadence.delivery, now);
    app.set_outbound(cadence.http.get(), [&scheduler] { scheduler.wake(); });
    scheduler.before_each_pass([&app](core::Time at) { return app.outbox().retry_pending(at); });
    // Key-result sources, read with their own client (a slow platform holds up no delivery).
    auto source_http = make_outbound_http(std::chrono::seconds(10));
    SourceSync sources(*store, settings, *source_http, app.outbox(), app.metrics());
    app.set_sources(&sources.hooks());
    SourceLoop source_loop(sources, store->source_jobs(), now);
    scheduler.start();
    source_loop.start();
    server->run_until_signal();
    source_loop.stop();
    scheduler.stop();
    server.reset();
    store.reset();
    log::info("stopped cleanly");
    return exit_ok;
}

int backup_command(const Args& args) {
    if (!args.backup_file) {
        std::cerr << "goalpost: backup needs a FILE to write, e.g. goalpost backup goalpost-backup.db\n\n"
                  << usage_text;
        return exit_usage;
    }
    auto settings = load(args);
    if (!settings) return exit_usage;
    if (settings->storage.url) {
        std::cerr << "goalpost: backup copies a SQLite file; the database is PostgreSQL (storage.url): "
                     "back it up with pg_dump or the server's own backups\n";
        return exit_usage;
    }
    try {
        storage::backup_database(settings->storage.path, *args.backup_file);
    } catch (const std::exception& e) {
        std::cerr << "goalpost: backup failed: " << e.what() << "\n";
        return exit_failure;
    }
    std::cout << "backed up " << settings->storage.path << " to " << *args.backup_file << "\n";
    return exit_ok;
}

int check_config_command(const Args& args) {
    auto loaded = config::load_settings(args.config, config::process_env());
    if (!loaded.ok()) {
        std::cerr << "goalpost: the configuration has " << loaded.problems.size() << " problem(s):\n";
        for (const auto& p : loaded.problems) {
            std::cerr << "  " << (p.key.empty() ? "(file)" : p.key) << ": " << p.message << "\n";
        }
        return exit_usage;
    }
    std::cout << "configuration ok\n" << config::describe(loaded.settings);
    // The database as serve would find it: kind, place and schema version, read without
    // creating or migrating anything (never the URL's password).
    try {
        const auto db = inspect_database(loaded.settings);
        std::cout << "database = " << db.kind << " " << db.location;
        if (!db.exists) {
            std::cout << " (not created yet: serve creates it)\n";
        } else if (db.schema_version < storage::current_schema_version()) {
            std::cout << " (schema " << db.schema_version << ", serve migrates it to "
                      << storage::current_schema_version() << ")\n";
        } else {
            std::cout << " (schema " << db.schema_version << ")\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "goalpost: the configuration is valid but the database cannot be opened: " << e.what() << "\n";
        return exit_failure;
    }
    return exit_ok;
}

}  // namespace

int run_cli(const std::vector<std::string>& argv) {
    if (argv.size() == 1 && argv[0] == "--version") {
        std::cout << "goalpost " << GOALPOST_VERSION << "\n";
        return exit_ok;
    }
    std::string error;
    auto args = parse_args(argv, error);
    if (!args) {
        std::cerr << "goalpost: " << error << "\n\n" << usage_text;
        return exit_usage;
    }
    if (args->help && args->subcommand == "export") {
        std::cout << export_help;
        return exit_ok;
    }
    if (args->help && args->subcommand == "import") {
        std::cout << import_help;
        return exit_ok;
    }
    if (args->help || args->subcommand.empty() || args->subcommand == "help") {
        std::cout << usage_text;
        return args->subcommand.empty() && !args->help ? exit_usage : exit_ok;
    }
    if (args->subcommand == "serve") {
        auto settings = load(*args);
        if (!settings) return exit_usage;
        return serve(*settings);
    }
    if (args->subcommand == "sync") {
        auto settings = load(*args);
        if (!settings) return exit_usage;
        return sync_command(*settings, args->flags);
    }
    if (args->subcommand == "run-due" || args->subcommand == "digest" || args->subcommand == "summary") {
        auto settings = load(*args);
        if (!settings) return exit_usage;
        if (args->subcommand == "run-due") return run_due_command(*settings, args->flags);
        if (args->subcommand == "digest") return digest_command(*settings, args->flags);
        return summary_command(*settings, args->flags);
    }
    if (args->subcommand == "export" || args->subcommand == "import") {
        auto settings = load(*args);
        if (!settings) return exit_usage;
        return args->subcommand == "export" ? export_command(*settings, args->flags)
                                            : import_command(*settings, args->flags);
    }
    if (args->subcommand == "backup") return backup_command(*args);
    if (args->subcommand == "check-config") return check_config_command(*args);
    std::cerr << "goalpost: unknown subcommand '" << args->subcommand << "'\n\n" << usage_text;
    return exit_usage;
}

}  // namespace goalpost::bot
