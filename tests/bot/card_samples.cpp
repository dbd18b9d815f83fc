// Writes the Teams payloads of every kind of message goalpost produces into a directory, for
// tests/bot/validate_cards.py to check against the official Adaptive Card 1.5 schema:
// the reply to every command (and to its common mistakes) from a seeded in-memory database,
// a large team (30 objectives, 150 key results), the scheduled reminder, digest and
// summary, and hand-made messages that exercise every block kind and every escape.
//
//   card_samples DIR      writes DIR/<name>.reply.json and DIR/<name>.webhook.json
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>

#include "bot/teams/adaptive_card.hpp"
#include "core/commands/dispatch.hpp"
#include "core/schedule/digest.hpp"
#include "core/text.hpp"
#include "tests/support/world.hpp"

using namespace goalpost;

namespace {

class Samples {
public:
    explicit Samples(std::filesystem::path dir) : dir_(std::move(dir)) {
        names_.users = {{"aad-ana", "Ana Lima"}, {"aad-ben", "Ben Okafor"}, {"aad-cy", "Cy"}};
        names_.channels = {{"19:growth@thread.skype", "this channel"}};
    }

    void write(const std::string& name, const core::Message& message) {
        auto file = [&](const char* kind, const std::string& body) {
            std::ofstream out(dir_ / fmt::format("{:03}-{}.{}.json", count_, name, kind), std::ios::binary);
            out << body;
            if (!out) throw std::runtime_error("card_samples: cannot write into " + dir_.string());
        };
        file("reply", bot::render_teams_reply(message, names_));
        file("webhook", bot::render_teams_webhook_payload(message, names_));
        ++count_;
    }
    int count() const { return count_; }

private:
    std::filesystem::path dir_;
    bot::TeamsNames names_;
    int count_ = 0;
};

// Commands typed in a Teams channel, as "@goalpost ...".
struct World : testing::World {
    World() {
        channel = "19:growth@thread.skype";
        command_name = "@goalpost";
    }
    core::Message okr(const std::string& ws, const std::string& user, const std::string& text) {
        return run(user, text, ws).message;
    }
};

void commands(World& w, Samples& s) {
    const std::string ws = "teams:tenant-a";
    auto run = [&](const std::string& name, const std::string& text, const std::string& user = "aad-ana") {
        s.write(name, w.okr(ws, user, text));
    };
    run("help", "help");
    run("help-kr", "help kr");
    run("help-unknown", "help nothing");
    run("list-all-empty", "list all");
    run("list-mine-empty", "list mine");
    run("objective-add-no-team", "objective add \"Grow\"");
    run("team-create", "team create growth tz=Europe/Berlin");
    run("team-create-again", "team create growth");
    run("team-create-bad-tz", "team create platform tz=Mars/Olympus");
    run("team-add", "team add growth <@aad-ben> <@aad-cy>");
    run("team-add-again", "team add growth <@aad-ben>");
    run("team-remove", "team remove growth <@aad-cy>");
    run("team-unknown", "team add nowhere <@aad-ben>");
    run("list-team-empty", "list team growth");
    run("objective-add", "objective add \u201cGrow the pipeline \U0001F680 <script> [x](http://evil)\u201d public committed");
    run("objective-add-internal", "objective add \"Hire *two* engineers & keep _them_\" internal");
    run("show-objective-empty", "show O-2");
    run("kr-add", "kr add O-1 \"Qualified leads\" from=0 to=1,200 owner=<@aad-ben> due=2027-03-31");
    run("kr-add-decreasing", "kr add O-1 \"Churn\" from=5% to=3% due=2027-03-31");
    run("kr-add-binary", "kr add O-1 \"Launch the beta\" binary");
    run("kr-add-no-numbers", "kr add O-1 \"Be loved\"");
    run("kr-add-same", "kr add O-1 \"Nothing to do\" from=3 to=3");
    run("kr-add-unknown-objective", "kr add O-9 \"x\" from=0 to=1");
    run("show-kr-no-checkins", "show KR-1");
    run("checkin", "checkin KR-1 600 on-track \u201chalf way, <@aad-ana> & co\u201d", "aad-ben");
    run("checkin-decreasing", "checkin KR-2 4% confidence=3");
    run("checkin-binary", "checkin KR-3 done");
    run("checkin-binary-number", "checkin KR-3 7");
    run("checkin-unknown", "checkin KR-99 5");
    run("checkin-not-a-number", "checkin KR-1 lots");
    run("checkin-not-member", "checkin KR-1 5", "aad-zed");
    run("list-mine", "list mine", "aad-ben");
    run("list-team", "list team growth");
    run("list-all", "list all");
    run("show-objective", "show O-1");
    run("show-kr", "show KR-1");
    run("show-unknown", "show O-42");
    run("team-set", "team set growth reminder=mon 09:00 digest=fri 16:00 tz=Europe/Berlin");
    run("digest", "digest team growth");
    run("summary", "summary team growth");
    run("win", "win \"Shipped the <b>beta</b> & more\" kr=KR-3");
    run("tree", "tree");
    run("tree-team", "tree team growth");
    run("edit", "edit KR-1 to=1,500 because \"the market grew\"");
    run("grade", "grade O-1");
    run("retro", "retro O-1 \"Start earlier; *talk* to [sales](http://x)\"");
    run("archive", "archive O-2");
    run("list-after-archive", "list team growth");
    run("unknown-command", "frobnicate");
    run("open-quote", "objective add \"never closed");
    run("empty", "");
}

void large_team(World& w, Samples& s) {
    const std::string ws = "teams:big";
    auto run = [&](const std::string& text, const std::string& user = "aad-ana") { return w.okr(ws, user, text); };
    run("team create big");
    run("team add big <@aad-ben> <@aad-cy>");
    for (int o = 1; o <= 30; ++o) {
        run(fmt::format("objective add \"Objective {} \u2014 become the default choice for mid-market teams in EMEA & "
                        "the Nordics\" {}",
                        o, o % 3 == 0 ? "internal" : "public"));
        for (int k = 1; k <= 5; ++k) {
            run(fmt::format("kr add O-{} \"Key result {}.{}: qualified pipeline from partner-sourced leads\" "
                            "from=0 to=100 owner=<@aad-{}>",
                            o, o, k, k % 2 ? "ana" : "ben"));
        }
    }
    w.now += std::chrono::hours(24 * 3);
    for (int kr = 1; kr <= 150; kr += 2) run(fmt::format("checkin KR-{} {} confidence={}", kr, kr % 100, 1 + kr % 10));
    s.write("big-list-team", run("list team big"));
    s.write("big-list-all", run("list all"));
    s.write("big-list-mine", run("list mine"));
    s.write("big-show-objective", run("show O-1"));
    s.write("big-show-kr", run("show KR-1"));
    s.write("big-digest-command", run("digest team big"));

    auto repos = w.repos();
    auto team = *w.store.find_team(ws, "big");
    w.now += std::chrono::hours(24 * 4);
    s.write("big-weekly-digest", core::weekly_digest(repos, ws, team, "Europe/Berlin", w.now));
    s.write("big-monthly-summary",
            core::monthly_summary(repos, ws, team, w.now - std::chrono::hours(24 * 30), w.now, "2026-11"));
    auto week = core::gather_report(repos, ws, team, w.now - std::chrono::hours(24 * 7), w.now, false);
    s.write("big-channel-reminder", core::build_channel_reminder(week, false, "@goalpost"));
    s.write("big-channel-nudge", core::build_channel_reminder(week, true, "@goalpost"));
    int i = 0;
    for (const auto& personal : core::build_reminders(week, false, "@goalpost")) {
        s.write(fmt::format("big-personal-reminder-{}", i++), personal.message);
    }
}

void hand_made(Samples& s) {
    core::Message every_kind;
    every_kind.audience = core::Audience::channel;
    every_kind.text = "<@aad-ana> and <@aad-unknown> in <#19:growth@thread.skype> and <#C9|growth>";
    every_kind.header(":tada: O-1 <at>x</at> [a](http://b) *header*");
    every_kind.section(core::progress_bar(0.75) + " *O-1* " + core::escape_text("<!channel> [link](http://x) & <b>"));
    every_kind.section(core::progress_bar(0.45) + " _yellow_ `code <b> *x*`");
    every_kind.divider();
    every_kind.section(core::progress_bar(0.05) + " <@aad-ana> <@aad-ben> <@aad-ana> <@aad-unknown|Dee>");
    every_kind.context(":bulb: context with a line\nbreak and a > quote");
    every_kind.section("with a button", core::Button{"Check in", "checkin_open", "KR-7"});
    every_kind.divider();
    s.write("hand-every-kind", every_kind);

    s.write("hand-empty", core::Message{});

    core::Message only_divider;
    only_divider.divider();
    s.write("hand-only-divider", only_divider);

    core::Message huge;
    huge.header("Huge");
    for (int i = 0; i < 400; ++i) huge.section(fmt::format("*KR-{}* {}", i, std::string(300, 'x')));
    huge.section(std::string(100000, '<'));
    s.write("hand-huge", huge);

    core::Message unicode;
    unicode.text = "\u00e9\u00e8 \u4e2d\u6587 \U0001F680 \u043e\u0442\u043b\u0438\u0447\u043d\u043e";
    unicode.section(unicode.text + " \"quotes\" \\ backslash \t tab");
    s.write("hand-unicode", unicode);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: card_samples DIR\n";
        return 2;
    }
    try {
        std::filesystem::path dir = argv[1];
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        Samples samples(dir);
        World world;
        commands(world, samples);
        large_team(world, samples);
        hand_made(samples);
        std::cout << "card_samples: wrote " << samples.count() << " messages (reply and webhook each) to " << dir
                  << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "card_samples: " << e.what() << "\n";
        return 1;
    }
}
