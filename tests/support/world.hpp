#pragma once
// A workspace for command tests: the real store in memory with the cadence store, commands
// typed as text, and an outbox that receives announcements exactly as the app does (dedupe
// by key).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/commands/dispatch.hpp"
#include "storage/ports.hpp"
#include "tests/support/clock.hpp"
#include "tests/support/store.hpp"

namespace goalpost::testing {

// The message's fallback text and every block's text, a line each.
inline std::string all_text(const core::Message& m) {
    std::string s = m.text;
    for (const auto& b : m.blocks) s += "\n" + b.text;
    return s;
}

inline bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

struct World {
    Store store{":memory:"};
    core::CadenceRepository& cadence = *store.repositories().cadence;
    storage::Outbox& outbox = store.outbox();
    core::Time now = t0;
    std::vector<std::string> admins;
    core::WorkspaceKey workspace = "slack:T1";  // where the next command is typed
    std::string channel = "C1";                 // likewise
    std::string command_name = "/okr";
    const core::SourceHooks* sources = nullptr;  // `kr source` / `kr sync`, when a test lends them
    std::function<void(const core::Message&)> reply_later;  // the platform's later answer, when a test lends one
    std::map<std::string, int> posted;    // announcement key -> rows the outbox took (0 or 1)
    std::map<std::string, int> emitted;   // announcement key -> times the handler produced it
    std::map<std::string, std::string> post_text;

    core::Repositories repos() {
        auto r = store.repositories();
        return r;
    }
    core::Outcome run(const std::string& user, const std::string& text) { return run(user, text, workspace); }
    core::Outcome run(const std::string& user, const std::string& text, const core::WorkspaceKey& ws) {
        core::HandlerContext ctx{repos(), core::Actor{ws, user, user, channel}, now, admins, command_name};
        ctx.sources = sources;
        ctx.reply_later = reply_later;
        auto out = core::handle_text(text, ctx);
        for (const auto& a : out.announcements) {
            ++emitted[a.key];
            int n = outbox.enqueue(
                ws, {{core::Platform::slack, storage::DestinationKind::channel, "C1", a.message.text, a.key}}, now);
            posted[a.key] += n;
            if (n) post_text[a.key] = all_text(a.message);
        }
        return out;
    }
    std::string say(const std::string& user, const std::string& text) { return all_text(run(user, text).message); }
    std::string say(const std::string& user, const std::string& text, const core::WorkspaceKey& ws) {
        return all_text(run(user, text, ws).message);
    }
    core::KeyResult kr(int n) { return *store.find_key_result("slack:T1", n); }
    core::Objective objective(int n) { return *store.find_objective("slack:T1", n); }
    core::PlaybookRepository& playbook() { return *store.repositories().playbook; }
};

// growth (ana, ben): O-1 "Grow the pipeline" with KR-1 leads 0 -> 100 (ana), KR-2 partners 0 -> 10 (ben).
inline void seed_growth(World& w) {
    w.say("ana", "team create growth");
    w.say("ana", "team add growth <@ben>");
    w.say("ana", "objective add \"Grow the pipeline\"");
    w.say("ana", "kr add O-1 Leads from=0 to=100 owner=<@ana>");
    w.say("ana", "kr add O-1 Partners from=0 to=10 owner=<@ben>");
}

}  // namespace goalpost::testing
