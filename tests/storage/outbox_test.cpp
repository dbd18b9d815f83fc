// The outbox table through the Outbox port of a SQLite storage.
#include <boost/test/unit_test.hpp>

#include "tests/storage/builders.hpp"
#include "storage/outbox.hpp"

using namespace goalpost;
using namespace goalpost::storage;
using namespace goalpost::storage::test;
using namespace std::chrono_literals;

namespace {

NewOutboxItem a_message(std::string channel, std::string text = "hello",
                        std::optional<std::string> dedupe = std::nullopt) {
    NewOutboxItem item;
    item.platform = core::Platform::slack;
    item.destination_kind = DestinationKind::channel;
    item.destination = std::move(channel);
    item.payload = R"({"text":")" + text + R"("})";
    item.dedupe_key = std::move(dedupe);
    return item;
}

NewOutboxItem a_webhook(std::string team_id) {
    NewOutboxItem item;
    item.platform = core::Platform::teams;
    item.destination_kind = DestinationKind::teams_webhook;
    item.destination = std::move(team_id);
    item.payload = R"({"type":"message"})";
    return item;
}

std::string last_error(Store& store, std::int64_t id) {
    return store.with_connection([&](Database& db) {
        auto& statement = db.cached("SELECT last_error FROM outbox WHERE id = ?");
        ResetOnExit reset_statement(statement);
        statement.bind(1, id);
        return statement.step() ? statement.text(0) : std::string("(no row)");
    });
}

std::vector<std::int64_t> ids_of(const std::vector<OutboxItem>& items) {
    std::vector<std::int64_t> ids;
    for (const auto& item : items) ids.push_back(item.id);
    return ids;
}

struct Fixture {
    Store store{":memory:"};
    Outbox& outbox = store.outbox();
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(outbox_store, Fixture)

BOOST_AUTO_TEST_CASE(enqueued_rows_come_back_due_with_everything_they_were_given) {
    // Setup
    const auto now = at(5);

    // Act
    const int inserted = outbox.enqueue(ws_a, {a_message("C1", "one"), a_webhook("7")}, now);
    const auto due = outbox.due(now, 10);

    // Check
    BOOST_TEST(inserted == 2);
    BOOST_TEST_REQUIRE(due.size() == 2u);
    BOOST_TEST(due[0].workspace == ws_a);
    BOOST_TEST((due[0].platform == core::Platform::slack));
    BOOST_TEST((due[0].destination_kind == DestinationKind::channel));
    BOOST_TEST(due[0].destination == "C1");
    BOOST_TEST(due[0].payload == R"({"text":"one"})");
    BOOST_TEST(due[0].attempts == 0);
    BOOST_TEST((due[0].next_attempt_at == now));
    BOOST_TEST((due[0].created_at == now));
    BOOST_TEST((due[1].platform == core::Platform::teams));
    BOOST_TEST((due[1].destination_kind == DestinationKind::teams_webhook));
    BOOST_TEST(due[1].destination == "7");
}

BOOST_AUTO_TEST_CASE(a_second_insert_with_the_same_dedupe_key_is_ignored) {
    // Setup
    outbox.enqueue(ws_a, {a_message("C1", "digest", "digest:3:2027-W05")}, at(5));

    // Act
    const int again = outbox.enqueue(ws_a, {a_message("C1", "digest again", "digest:3:2027-W05"),
                                            a_message("C1", "other", "digest:3:2027-W06"), a_message("C1", "free")},
                                     at(6));

    // Check
    BOOST_TEST(again == 2);
    BOOST_TEST(outbox.counts().pending == 3);
    for (const auto& item : outbox.due(at(6), 10)) BOOST_TEST(item.payload != R"({"text":"digest again"})");
}

BOOST_AUTO_TEST_CASE(dedupe_keys_and_rows_are_scoped_to_their_workspace) {
    // Setup / Act
    const int in_a = outbox.enqueue(ws_a, {a_message("C1", "for a", "reminder:U1:2027-W05")}, at(5));
    const int in_b = outbox.enqueue(ws_b, {a_message("C1", "for b", "reminder:U1:2027-W05")}, at(5));
    const auto due = outbox.due(at(5), 10);

    // Check
    BOOST_TEST(in_a == 1);
    BOOST_TEST(in_b == 1);
    BOOST_TEST_REQUIRE(due.size() == 2u);
    BOOST_TEST(due[0].workspace == ws_a);
    BOOST_TEST(due[0].payload == R"({"text":"for a"})");
    BOOST_TEST(due[1].workspace == ws_b);
    BOOST_TEST(due[1].payload == R"({"text":"for b"})");
    const auto workspaces = store.with_connection([](Database& db) {
        auto& statement = db.cached("SELECT COUNT(DISTINCT workspace_id) FROM outbox");
        ResetOnExit reset_statement(statement);
        statement.step();
        return statement.int64(0);
    });
    BOOST_TEST(workspaces == 2);
}

BOOST_AUTO_TEST_CASE(due_is_ordered_by_next_attempt_then_id_and_respects_the_limit) {
    // Setup
    outbox.enqueue(ws_a, {a_message("C1", "first"), a_message("C2", "second"), a_message("C3", "third")}, at(5));
    const auto rows = outbox.due(at(5), 10);
    outbox.postpone(rows[0].id, at(5) + 10s);  // the first now waits behind the others

    // Act
    const auto two = outbox.due(at(5) + 10s, 2);
    const auto all = outbox.due(at(5) + 10s, 10);
    const auto early = outbox.due(at(5) + 9s, 10);

    // Check
    BOOST_TEST((ids_of(two) == std::vector<std::int64_t>{rows[1].id, rows[2].id}));
    BOOST_TEST((ids_of(all) == std::vector<std::int64_t>{rows[1].id, rows[2].id, rows[0].id}));
    BOOST_TEST(early.size() == 2u);
    BOOST_TEST(outbox.due(at(4), 10).empty());
    BOOST_TEST(outbox.due(at(5), 0).empty());
}

BOOST_AUTO_TEST_CASE(due_and_next_due_can_be_limited_to_platforms) {
    // Setup
    outbox.enqueue(ws_a, {a_message("C1")}, at(5));
    outbox.enqueue(ws_a, {a_webhook("7")}, at(6));

    // Act / Check
    BOOST_TEST(outbox.due(at(6), 10, {core::Platform::teams}).size() == 1u);
    BOOST_TEST((outbox.due(at(6), 10, {core::Platform::teams})[0].platform == core::Platform::teams));
    BOOST_TEST((outbox.due(at(6), 10, {core::Platform::slack})[0].platform == core::Platform::slack));
    BOOST_TEST(outbox.due(at(6), 10, {}).empty());
    BOOST_TEST((outbox.next_due({core::Platform::teams}) == at(6)));
    BOOST_TEST((outbox.next_due({core::Platform::slack}) == at(5)));
    BOOST_TEST((outbox.next_due({core::Platform::slack, core::Platform::teams}) == at(5)));
    BOOST_TEST(!outbox.next_due({}).has_value());
}

BOOST_AUTO_TEST_CASE(a_retry_records_the_attempt_and_waits_until_its_time) {
    // Setup
    outbox.enqueue(ws_a, {a_message("C1")}, at(5));
    const auto id = outbox.due(at(5), 1)[0].id;

    // Act
    outbox.mark_retry(id, 1, at(5) + 4s, "HTTP 500");

    // Check
    BOOST_TEST(outbox.due(at(5) + 3s, 10).empty());
    const auto again = outbox.due(at(5) + 4s, 10);
    BOOST_TEST_REQUIRE(again.size() == 1u);
    BOOST_TEST(again[0].attempts == 1);
    BOOST_TEST(last_error(store, id) == "HTTP 500");
    BOOST_TEST(outbox.counts().pending == 1);
}

BOOST_AUTO_TEST_CASE(postpone_moves_later_without_counting_an_attempt_and_never_earlier) {
    // Setup
    outbox.enqueue(ws_a, {a_message("C1")}, at(5));
    const auto id = outbox.due(at(5), 1)[0].id;
    outbox.mark_retry(id, 2, at(5) + 30s, "HTTP 429");

    // Act
    outbox.postpone(id, at(5) + 1s);   // earlier than the Retry-After wait: ignored
    const auto kept = outbox.next_due();
    outbox.postpone(id, at(5) + 40s);  // later: taken

    // Check
    BOOST_TEST((kept == at(5) + 30s));
    BOOST_TEST((outbox.next_due() == at(5) + 40s));
    BOOST_TEST(outbox.due(at(5) + 40s, 1)[0].attempts == 2);
}

BOOST_AUTO_TEST_CASE(sent_and_dead_rows_leave_the_queue_and_are_counted) {
    // Setup
    outbox.enqueue(ws_a, {a_message("C1", "a"), a_message("C2", "b"), a_message("C3", "c")}, at(5));
    const auto rows = outbox.due(at(5), 10);

    // Act
    outbox.mark_sent(rows[0].id, at(5));
    outbox.mark_dead(rows[1].id, 3, "Slack error channel_not_found");

    // Check
    const auto counts = outbox.counts();
    BOOST_TEST(counts.pending == 1);
    BOOST_TEST(counts.sent == 1);
    BOOST_TEST(counts.dead == 1);
    BOOST_TEST((ids_of(outbox.due(at(9), 10)) == std::vector<std::int64_t>{rows[2].id}));
    BOOST_TEST(last_error(store, rows[1].id) == "Slack error channel_not_found");
    const auto sent = store.with_connection([&](Database& db) {
        auto& statement = db.cached("SELECT attempts, sent_at FROM outbox WHERE id = ?");
        ResetOnExit reset_statement(statement);
        statement.bind(1, rows[0].id);
        statement.step();
        return std::pair{statement.int64(0), statement.int64(1)};
    });
    BOOST_TEST(sent.first == 1);
    BOOST_TEST(sent.second == at(5).time_since_epoch().count());
}

BOOST_AUTO_TEST_CASE(retention_drops_old_sent_bodies_but_keeps_every_dedupe_key) {
    // Setup: sent at 5 (two rows, one guarding a celebration), sent at 20, pending, dead.
    outbox.enqueue(ws_a, {a_message("C1", "plain"), a_message("C1", "party", "celebrate:kr:1:70"),
                          a_message("C2", "recent"), a_message("C3", "waiting"), a_message("C4", "broken")},
                   at(1));
    const auto rows = outbox.due(at(1), 10);
    outbox.mark_sent(rows[0].id, at(5));
    outbox.mark_sent(rows[1].id, at(5));
    outbox.mark_sent(rows[2].id, at(20));
    outbox.mark_dead(rows[4].id, 8, "gave up");

    // Act: everything sent before 10 is past retention.
    const auto compacted = outbox.compact(at(10));
    const auto again = outbox.compact(at(10));

    // Check: the plain old row is gone, the celebration's row stays without its body, so the
    // same celebration is still refused; the recent, pending and dead rows are untouched.
    BOOST_TEST(compacted.deleted == 1);
    BOOST_TEST(compacted.emptied == 1);
    BOOST_TEST(again.deleted + again.emptied == 0);
    const auto rows_left = store.with_connection([&](Database& db) {
        auto& statement = db.cached("SELECT id, status, payload FROM outbox ORDER BY id");
        ResetOnExit reset_statement(statement);
        std::string out;
        while (statement.step()) {
            out += std::to_string(statement.int64(0) - rows[0].id) + ":" + statement.text(1) + ":" + statement.text(2) + ";";
        }
        return out;
    });
    BOOST_TEST(rows_left == R"(1:sent:;2:sent:{"text":"recent"};3:pending:{"text":"waiting"};4:dead:{"text":"broken"};)");
    BOOST_TEST(outbox.enqueue(ws_a, {a_message("C1", "party again", "celebrate:kr:1:70")}, at(30)) == 0);
    BOOST_TEST(last_error(store, rows[4].id) == "gave up");
}

BOOST_AUTO_TEST_CASE(a_finished_row_is_not_revived_by_a_late_update) {
    // Setup
    outbox.enqueue(ws_a, {a_message("C1")}, at(5));
    const auto id = outbox.due(at(5), 1)[0].id;
    outbox.mark_sent(id, at(5));

    // Act
    outbox.mark_retry(id, 2, at(6), "late");
    outbox.postpone(id, at(6));
    outbox.mark_dead(id, 2, "late");

    // Check
    BOOST_TEST(outbox.counts().sent == 1);
    BOOST_TEST(outbox.counts().pending == 0);
    BOOST_TEST(outbox.counts().dead == 0);
}

BOOST_AUTO_TEST_CASE(next_due_is_the_earliest_pending_row_or_nothing) {
    // Setup
    BOOST_TEST(!outbox.next_due().has_value());
    outbox.enqueue(ws_a, {a_message("C1")}, at(7));
    outbox.enqueue(ws_b, {a_message("C2")}, at(6));

    // Act
    const auto first = outbox.next_due();
    for (const auto& item : outbox.due(at(7), 10)) outbox.mark_sent(item.id, at(7));

    // Check
    BOOST_TEST((first == at(6)));
    BOOST_TEST(!outbox.next_due().has_value());
}

BOOST_AUTO_TEST_CASE(insert_outbox_joins_the_callers_transaction_and_rolls_back_with_it) {
    // Setup / Act
    store.with_connection([&](Database& db) {
        Transaction transaction(db);
        const int inserted = insert_outbox(db, "slack:TNEW", {a_message("C1"), a_message("C2")}, at(5));
        BOOST_TEST(inserted == 2);
        BOOST_TEST(db.in_transaction());
        // no commit: the destructor rolls back
    });

    // Check
    BOOST_TEST(outbox.counts().pending == 0);
    BOOST_TEST(!outbox.next_due().has_value());
    const auto workspaces = store.with_connection([](Database& db) {
        auto& statement = db.cached("SELECT COUNT(*) FROM workspaces WHERE key = 'slack:TNEW'");
        ResetOnExit reset_statement(statement);
        statement.step();
        return statement.int64(0);
    });
    BOOST_TEST(workspaces == 0);
}

BOOST_AUTO_TEST_CASE(insert_outbox_commits_with_the_callers_other_writes) {
    // Setup / Act
    store.with_connection([&](Database& db) {
        Transaction transaction(db);
        insert_outbox(db, ws_a, {a_message("C1")}, at(5));
        insert_outbox(db, ws_a, {a_message("C2")}, at(5));  // the workspace row exists by now
        transaction.commit();
    });

    // Check
    BOOST_TEST(outbox.counts().pending == 2);
    BOOST_TEST(outbox.due(at(5), 10)[1].workspace == ws_a);
}

BOOST_AUTO_TEST_CASE(rows_survive_reopening_the_file) {
    // Setup
    TempDir dir;
    {
        Store first(dir.file());
        Outbox& queue = first.outbox();
        queue.enqueue(ws_a, {a_message("C1", "kept")}, at(5));
    }

    // Act
    Store reopened(dir.file());
    Outbox& queue = reopened.outbox();
    const auto due = queue.due(at(5), 10);

    // Check
    BOOST_TEST_REQUIRE(due.size() == 1u);
    BOOST_TEST(due[0].payload == R"({"text":"kept"})");
}

BOOST_AUTO_TEST_SUITE_END()
