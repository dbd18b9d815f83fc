#pragma once
// A workspace for playbook tests: the real store in memory, with the cadence store and an
// outbox that receives announcements exactly as the app does (dedupe by key).
#include <map>
#include <string>

#include "core/commands/dispatch.hpp"
#include "storage/cadence_store.hpp"
#include "storage/outbox.hpp"
#include "storage/sqlite_store.hpp"

namespace goalpost::testing {

inline std::string all_text(const core::Message& m) {
    std::string s = m.text;
    for (const auto& b : m.blocks) s += "\n" + b.text;
    return s;
}

inline bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

// 2026-11-18 (a Wednesday in 2026-Q4).
inline const core::Time t0 = core::Time{std::chrono::seconds{1795000000}};

struct PlaybookWorld {
    storage::SqliteStore store{":memory:"};
    storage::CadenceStore cadence{store};
    storage::OutboxStore outbox{store};
    core::Time now = t0;
    std::vector<std::string> admins;
    core::WorkspaceKey workspace = "slack:T1";  // where the next command is typed
    std::map<std::string, int> posted;    // announcement key -> rows the outbox took (0 or 1)
    std::map<std::string, int> emitted;   // announcement key -> times the handler produced it
    std::map<std::string, std::string> post_text;

    core::Repositories repos() {
        auto r = store.repositories();
        r.cadence = &cadence;
        r.reports = &cadence;
        return r;
    }
    core::Outcome run(const std::string& user, const std::string& text) {
        core::HandlerContext ctx{repos(), core::Actor{workspace, user, user, "C1"}, now, admins, "/okr"};
        auto out = core::handle_text(text, ctx);
        for (const auto& a : out.announcements) {
            ++emitted[a.key];
            int n = outbox.enqueue(workspace, {{"slack", "channel", "C1", a.message.text, a.key}}, now);
            posted[a.key] += n;
            if (n) post_text[a.key] = all_text(a.message);
        }
        return out;
    }
    std::string say(const std::string& user, const std::string& text) { return all_text(run(user, text).message); }
    core::KeyResult kr(int n) { return *store.find_key_result("slack:T1", n); }
    core::Objective objective(int n) { return *store.find_objective("slack:T1", n); }
    core::PlaybookRepository& playbook() { return *store.repositories().playbook; }
};

}  // namespace goalpost::testing
