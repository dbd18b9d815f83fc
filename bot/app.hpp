#pragma once
// Routes a request to its handler. A plain function from request (and `now`) to
// response: the HTTP server only does I/O around it.
#include "bot/http_types.hpp"
#include "bot/metrics.hpp"
#include "config/settings.hpp"
#include "core/types.hpp"

namespace goalpost::storage { class SqliteStore; }

namespace goalpost::bot {

class App {
public:
    App(const config::Settings& settings, storage::SqliteStore& store);

    HttpResponse handle(const HttpRequest& request, core::Time now);
    Metrics& metrics() { return metrics_; }

private:
    HttpResponse slack_command(const HttpRequest& request, core::Time now);

    const config::Settings& settings_;
    storage::SqliteStore& store_;
    Metrics metrics_;
};

}  // namespace goalpost::bot
