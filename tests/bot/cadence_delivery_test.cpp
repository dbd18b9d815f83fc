// Reminders, digests and summaries from the scheduler to a fake Slack and a fake Teams
// webhook on loopback, through the outbox, with an injected clock.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "bot/teams/adaptive_card.hpp"
#include "bot/service/cadence_service.hpp"
#include "bot/outbox/delivery.hpp"
#include "bot/slack/block_kit.hpp"
#include "storage/ports.hpp"
#include "tests/support/store.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/clock.hpp"

using namespace goalpost;
using goalpost::testing::utc;
using core::Time;

namespace {


struct World {
    testing::FakeSlack fake;
    testing::Store store{":memory:"};
    core::CadenceRepository& cadence = *store.repositories().cadence;
    storage::Outbox& outbox = store.outbox();
    std::unique_ptr<bot::OutboundHttp> http = bot::make_outbound_http(std::chrono::seconds(2));
    bot::CadenceService service{store, std::chrono::hours(12), "/okr"};
    std::unique_ptr<bot::Delivery> delivery;

    World() {
        bot::DeliveryOptions o;
        o.slack_api_base_url = fake.base_url();
        o.slack_bot_token = "xoxb-test";
        delivery = std::make_unique<bot::Delivery>(
            outbox, *http, o, [] { return 0.0; },
            [this](const storage::OutboxItem& item) { return outbox.teams_webhook_url(std::stoll(item.destination)); });
    }

    void seed(const std::string& ws, const std::string& name) {
        Time created = utc(2026, 10, 1);
        auto t = *store.create_team(ws, core::NewTeam{name, "C-" + name, "Europe/Berlin", {}, "U1", created});
        store.add_member(ws, t.id, "U1", created);
        store.add_member(ws, t.id, "U2", created);
        core::TeamSettingsChange change;
        change.stakeholder_channel = "S-" + name;
        if (ws.starts_with("teams:")) change.teams_webhook_url = fake.webhook_url(name);
        cadence.update_settings(ws, t.id, change);
        auto o = store.add_objective(ws, core::NewObjective{t.id, "Grow " + name, {}, "2026-Q4", core::Visibility::public_,
                                                            core::ObjectiveKind::aspirational, "U1", created});
        store.add_key_result(ws, core::NewKeyResult{o.id, "Leads", false, 0, 100, "", {}, "U1", created});
        store.add_key_result(ws, core::NewKeyResult{o.id, "Demos", false, 0, 10, "", {}, "U2", created});
    }

    // Fires what is due at `at` and delivers until the outbox is empty, advancing the clock.
    void run_at(Time at) {
        service.run_due(at);
        Time now = at;
        for (int i = 0; i < 50; ++i) {
            fake.set_now(now);
            auto pass = delivery->run_once(now);
            if (!pass.next_due) break;
            now = std::max(now + std::chrono::seconds(1), *pass.next_due);
        }
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cadence_delivery)

BOOST_AUTO_TEST_CASE(slack_and_teams_receive_reminders_digests_and_summaries) {
    World w;
    w.seed("slack:T1", "growth");
    w.seed("teams:tenant-1", "platform");
    // U1 of the Slack team checks in before Monday's reminder; U2 does not.
    auto kr = *w.store.find_key_result("slack:T1", 1);
    w.store.record_checkin("slack:T1", core::NewCheckin{kr.id, "U1", 40, 8, "", utc(2026, 11, 30, 6)});

    w.run_at(utc(2026, 11, 30, 8));  // Mon 09:00 CET: reminders
    auto dms = w.fake.requests_to("conversations.open");
    BOOST_REQUIRE_EQUAL(dms.size(), 1u);
    BOOST_TEST(dms[0].field("users") == "U2");
    auto posts = w.fake.requests_to("chat.postMessage");
    BOOST_REQUIRE_EQUAL(posts.size(), 1u);
    BOOST_TEST(posts[0].field("channel") == "DU2");
    BOOST_TEST(posts[0].body.find("checkin_open") != std::string::npos);  // the Check in button
    // Teams: one channel card mentioning both people who have not checked in.
    auto webhook = [&] {
        std::vector<testing::FakeSlack::Request> out;
        for (auto& r : w.fake.requests()) if (r.path.starts_with("/webhook/platform")) out.push_back(r);
        return out;
    };
    BOOST_REQUIRE_EQUAL(webhook().size(), 1u);
    auto card = boost::json::parse(webhook()[0].body);
    BOOST_TEST(card.at("type").as_string() == "message");
    BOOST_TEST(card.at("attachments").at(0).at("contentType").as_string() == "application/vnd.microsoft.card.adaptive");
    BOOST_TEST(webhook()[0].body.size() < bot::teams_max_card_bytes);

    w.run_at(utc(2026, 12, 1, 9));  // Tue: summary of November (1st, 10:00 CET)
    w.run_at(utc(2026, 12, 4, 15)); // Fri 16:00 CET: digests
    bool slack_digest = false, slack_summary = false;
    for (auto& r : w.fake.requests_to("chat.postMessage")) {
        if (r.field("channel") == "C-growth" && r.body.find("Weekly digest") != std::string::npos) slack_digest = true;
        if (r.field("channel") == "S-growth" && r.body.find("Monthly summary") != std::string::npos) slack_summary = true;
    }
    BOOST_TEST(slack_digest);
    BOOST_TEST(slack_summary);
    std::string teams_bodies;
    for (auto& r : webhook()) teams_bodies += r.body;
    BOOST_TEST(webhook().size() == 3u);  // reminder, summary, digest
    BOOST_TEST(teams_bodies.find("Weekly digest") != std::string::npos);
    BOOST_TEST(teams_bodies.find("Monthly summary") != std::string::npos);
    BOOST_TEST(w.outbox.counts().pending == 0);
    BOOST_TEST(w.outbox.counts().dead == 0);
}

BOOST_AUTO_TEST_SUITE_END()
