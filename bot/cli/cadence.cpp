#include "bot/cli/cadence.hpp"

#include "bot/outbox/writer.hpp"
#include "bot/service/metrics.hpp"
#include "bot/sources/sync.hpp"
#include "core/commands/grammar.hpp"

#include <iostream>
#include <random>
#include <thread>

#include "bot/teams/adaptive_card.hpp"
#include "bot/cli/database.hpp"
#include "bot/cli/exit.hpp"
#include "bot/service/log.hpp"
#include "bot/slack/block_kit.hpp"
#include "core/schedule/cadence.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::bot {
namespace {


double jitter() {
    thread_local std::mt19937 rng{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

DeliveryOptions delivery_options(const config::Settings& s) {
    DeliveryOptions o;
    o.slack_api_base_url = s.slack.api_base_url;
    o.slack_bot_token = s.slack.bot_token;
    o.sent_retention = std::chrono::hours(24 * s.storage.outbox_retention_days);
    return o;
}

core::Time wall_now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::optional<std::string> flag(const Flags& flags, const std::string& name) {
    auto it = flags.find(name);
    if (it == flags.end()) return std::nullopt;
    return it->second;
}

struct FoundTeam {
    core::WorkspaceKey workspace;
    core::Team team;
};

// --team NAME (and --workspace KEY when the name is in several workspaces).
std::optional<FoundTeam> find_team(storage::ScheduleRuns& cadence, const Flags& flags, int& exit_code) {
    auto name = flag(flags, "team");
    if (!name) {
        std::cerr << "goalpost: --team NAME is required\n";
        exit_code = exit_usage;
        return std::nullopt;
    }
    auto workspace = flag(flags, "workspace");
    std::vector<FoundTeam> found;
    for (auto& t : cadence.all_teams()) {
        if (core::ascii_lower(t.team.name) != core::ascii_lower(*name)) continue;
        if (workspace && t.workspace != *workspace) continue;
        found.push_back({t.workspace, t.team});
    }
    if (found.empty()) {
        std::cerr << "goalpost: --team: no team called '" << *name << "'" << (workspace ? " in " + *workspace : "")
                  << "\n";
        exit_code = exit_usage;
        return std::nullopt;
    }
    if (found.size() > 1) {
        std::cerr << "goalpost: --team: '" << *name << "' exists in several workspaces; add --workspace with one of:";
        for (auto& f : found) std::cerr << " " << f.workspace;
        std::cerr << "\n";
        exit_code = exit_usage;
        return std::nullopt;
    }
    return found.front();
}

int print(const core::Message& m, const Flags& flags) {
    std::string format = flag(flags, "format").value_or("text");
    if (format == "text") {
        std::cout << core::plain_text(m);
    } else if (format == "slack") {
        std::cout << render_slack_message(m) << "\n";
    } else if (format == "teams") {
        std::cout << render_teams_webhook_payload(m) << "\n";
    } else {
        std::cerr << "goalpost: --format must be text, slack or teams, not '" << format << "'\n";
        return exit_usage;
    }
    return exit_ok;
}

template <typename Body>
int with_store(const config::Settings& settings, Body body) {
    try {
        auto store = open_database(settings);
        CadenceWiring wiring(settings, *store, nullptr);
        return body(*store, wiring);
    } catch (const std::exception& e) {
        std::cerr << "goalpost: " << e.what() << "\n";
        return exit_failure;
    }
}

// Delivers what is due; pacing (one message per second per channel) may need a few passes,
// each at `at` plus the real time spent so far. Bounded to two minutes.
Delivery::Pass deliver_due(CadenceWiring& w, core::Time at) {
    auto started = std::chrono::steady_clock::now();
    Delivery::Pass total;
    for (;;) {
        auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
        auto pass = w.delivery.run_once(at + elapsed);
        total.sent += pass.sent;
        total.retried += pass.retried;
        total.dead += pass.dead;
        if (!pass.next_due || *pass.next_due > at + elapsed + std::chrono::seconds(5) ||
            elapsed > std::chrono::minutes(2)) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    return total;
}

}  // namespace

std::optional<core::Time> at_flag(const Flags& flags, int& exit_code) {
    auto at = flag(flags, "at");
    if (!at) return wall_now();
    auto t = core::parse_instant(*at);
    if (!t) {
        std::cerr << "goalpost: --at: '" << *at << "' is not an ISO-8601 instant like 2026-11-23T09:00:00Z\n";
        exit_code = exit_usage;
    }
    return t;
}

CadenceWiring::CadenceWiring(const config::Settings& settings, storage::Storage& store, Metrics* metrics)
    : cadence_store(store.schedule_runs()), outbox(store.outbox()), http(make_outbound_http(std::chrono::seconds(10))),
      delivery(outbox, *http, delivery_options(settings), jitter,
               [this](const storage::OutboxItem& item) -> std::optional<std::string> {
                   try {
                       return outbox.teams_webhook_url(std::stoll(item.destination));
                   } catch (const std::exception&) {
                       return std::nullopt;
                   }
               },
               metrics),
      service(store, settings.scheduler.grace, settings.slack.command, settings.server.public_url) {}

int run_due_command(const config::Settings& settings, const Flags& flags) {
    int code = exit_ok;
    auto at = at_flag(flags, code);
    if (!at) return code;
    return with_store(settings, [&](storage::Storage&, CadenceWiring& w) {
        auto fired = w.service.run_due(*at);
        const auto total = deliver_due(w, *at);
        auto counts = w.outbox.counts();
        std::cout << "run-due at " << core::iso_instant(*at) << ": " << fired.fired << " fired, " << fired.skipped
                  << " skipped, " << fired.messages << " message(s) queued; delivered " << total.sent << ", retrying "
                  << total.retried << ", dead " << total.dead << ", pending " << counts.pending << "\n";
        return exit_ok;
    });
}

int digest_command(const config::Settings& settings, const Flags& flags) {
    int code = exit_ok;
    auto at = at_flag(flags, code);
    if (!at) return code;
    return with_store(settings, [&](storage::Storage&, CadenceWiring& w) {
        int c = exit_ok;
        auto found = find_team(w.cadence_store, flags, c);
        if (!found) return c;
        return print(w.service.digest(found->workspace, found->team, *at), flags);
    });
}

int summary_command(const config::Settings& settings, const Flags& flags) {
    auto month = flag(flags, "month");
    if (!month) {
        std::cerr << "goalpost: --month YYYY-MM is required\n";
        return exit_usage;
    }
    return with_store(settings, [&](storage::Storage&, CadenceWiring& w) {
        int c = exit_ok;
        auto found = find_team(w.cadence_store, flags, c);
        if (!found) return c;
        auto m = w.service.summary(found->workspace, found->team, *month);
        if (!m) {
            std::cerr << "goalpost: --month: '" << *month << "' is not a month like 2027-01\n";
            return exit_usage;
        }
        return print(*m, flags);
    });
}

int sync_command(const config::Settings& settings, const Flags& flags) {
    int code = exit_ok;
    auto at = at_flag(flags, code);
    if (!at) return code;
    const auto kr_flag = flag(flags, "kr");
    std::optional<int> kr_number;
    if (kr_flag) {
        kr_number = core::parse_ref(*kr_flag, "kr");
        if (!kr_number) {
            std::cerr << "goalpost: --kr: '" << *kr_flag << "' is not a key result like KR-7\n";
            return exit_usage;
        }
        if (!flag(flags, "workspace")) {
            std::cerr << "goalpost: --kr needs --workspace KEY too (KR numbers are per workspace)\n";
            return exit_usage;
        }
    }
    return with_store(settings, [&](storage::Storage& store, CadenceWiring& w) {
        Metrics metrics;
        auto repos = store.repositories();
        OutboxWriter writer(w.outbox, *repos.cadence, metrics);
        SourceSync sync(store, settings, *w.http, writer, metrics);
        SourceSync::Round round;
        if (kr_number) {
            const auto ws = *flag(flags, "workspace");
            auto kr = repos.objectives.find_key_result(ws, *kr_number);
            if (!kr) {
                std::cerr << "goalpost: --kr: workspace " << ws << " has no KR-" << *kr_number << "\n";
                return exit_usage;
            }
            if (!repos.sources || !repos.sources->source_of(ws, kr->id)) {
                std::cerr << "goalpost: --kr: KR-" << *kr_number << " of " << ws << " has no source\n";
                return exit_usage;
            }
            const auto report = sync.sync_now(ws, *kr, *at);
            round.read = 1;
            round.changed = report.changed ? 1 : 0;
            round.failed = report.error.empty() ? 0 : 1;
            if (!report.error.empty()) std::cerr << "goalpost: KR-" << *kr_number << ": " << report.error << "\n";
        } else {
            round = sync.run_round(*at);
        }
        const auto total = deliver_due(w, *at);
        std::cout << "sync at " << core::iso_instant(*at) << ": " << round.read << " source(s) read, " << round.changed
                  << " changed, " << round.failed << " failed; delivered " << total.sent << ", retrying "
                  << total.retried << ", dead " << total.dead << "\n";
        return exit_ok;
    });
}

}  // namespace goalpost::bot
