#pragma once
// The cadence subcommands (run-due, digest, summary) and the pieces they share with serve.
#include <map>
#include <memory>
#include <string>

#include "bot/service/cadence_service.hpp"
#include "bot/outbox/delivery.hpp"
#include "config/settings.hpp"
#include "storage/storage.hpp"

namespace goalpost::bot {

class Metrics;

// Value flags given after the subcommand: --at, --team, --workspace, --format, --month.
using Flags = std::map<std::string, std::string>;

// Cadence and delivery over one open store, as serve and run-due use them.
struct CadenceWiring {
    CadenceWiring(const config::Settings& settings, storage::Storage& store, Metrics* metrics);
    storage::ScheduleRuns& cadence_store;
    storage::Outbox& outbox;
    std::unique_ptr<OutboundHttp> http;
    Delivery delivery;
    CadenceService service;
};

// --at ISO-8601, or the clock when not given; nothing (exit_code set to a usage error, the
// reason printed) when it is not an instant.
std::optional<core::Time> at_flag(const Flags& flags, int& exit_code);

// goalpost sync [--at ISO-8601] [--kr KR-7 --workspace KEY]: one round of key-result sources.
int sync_command(const config::Settings& settings, const Flags& flags);
int run_due_command(const config::Settings& settings, const Flags& flags);
int digest_command(const config::Settings& settings, const Flags& flags);
int summary_command(const config::Settings& settings, const Flags& flags);

}  // namespace goalpost::bot
