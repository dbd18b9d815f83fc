#pragma once
// The real server on a loopback port 0 with a file database (or, when the suite runs against
// PostgreSQL, a schema of its own on the test server), and a clock the test sets.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>

#include "bot/service/app.hpp"
#include "bot/http/server.hpp"
#include "config/settings.hpp"
#include "tests/support/store.hpp"
#include "tests/support/slack_request.hpp"
#include "tests/support/teams_request.hpp"

namespace goalpost::testing {

struct RunningServer {
    std::filesystem::path dir;
    config::Settings settings;
    std::unique_ptr<testing::Store> store;
    std::unique_ptr<bot::App> app;
    std::unique_ptr<bot::HttpServer> server;
    std::atomic<long long> now_s{1795000000};

    // `adjust` may change settings (limits, a bot token, the Slack API URL) before the app is built.
    explicit RunningServer(std::size_t max_body = 65536, const std::function<void(config::Settings&)>& adjust = {}) {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() / ("goalpost-e2e-" + std::to_string(rd()));
        std::filesystem::create_directories(dir);
        settings.storage.path = (dir / "goalpost.db").string();
        settings.slack.signing_secret = sample_secret;
        settings.teams.outgoing_webhook_secret = teams_sample_secret;
        settings.server.max_body_bytes = max_body;
        // Sessions script dozens of commands in one injected second; the rate limits have
        // their own tests, which set them back.
        settings.limits.commands_per_user_per_minute = 100000;
        settings.limits.commands_per_workspace_per_minute = 100000;
        if (adjust) adjust(settings);
        store = test_database_url().empty() ? std::make_unique<testing::Store>(settings.storage.path)
                                            : std::make_unique<testing::Store>();
        if (store->on_postgres()) settings.storage.url = store->database_url();
        app = std::make_unique<bot::App>(settings, *store);
        bot::HttpServer::Options o;
        o.port = 0;
        o.threads = 2;
        o.max_body_bytes = max_body;
        o.read_timeout = std::chrono::seconds(30);  // a loaded CI machine may pause a test for seconds
        server = bot::make_server(*app, o, [this] { return core::Time{std::chrono::seconds{now_s.load()}}; });
        server->start();
    }
    ~RunningServer() {
        server->stop();
        server->wait();
        server.reset();
        app.reset();
        store.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    unsigned short port() const { return server->port(); }
    // The SQLite file, or the PostgreSQL schema's URL: what db_query.hpp's query() reads.
    std::string db_path() const { return store->on_postgres() ? store->database_url() : settings.storage.path; }
    // The "storage" member of a config file for a goalpost process on this server's database.
    std::string storage_json() const {
        return store->on_postgres() ? R"("storage": {"url": ")" + store->database_url() + R"("})"
                                    : R"("storage": {"path": ")" + settings.storage.path + R"("})";
    }
};

}  // namespace goalpost::testing
