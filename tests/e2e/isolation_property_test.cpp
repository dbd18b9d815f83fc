// Workspace isolation as a property. Two Slack workspaces build the same shape (teams with the
// same names, O-1.., KR-1.., check-ins, wins, edits, grades, retros, team settings); A's
// titles, notes, channels and webhook carry a marker. Then every command of the /okr grammar
// (and the Check in button and modal) runs from workspace B against ids that exist only in A
// and ids that exist in both, and B's cadence, digests and summaries are produced the way
// `goalpost serve`, `run-due`, `digest` and `summary` produce them.
//
// What must hold: every row of A (every table, read with the SQLite C API from the file) is
// byte-identical before and after; nothing B is answered, queued or shown contains A's marker.
//
// The command list is data: one line per command form. The test fails when a command of the
// parser (a Command alternative) or a topic of `/okr help` has no line here.
#include <sqlite3.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "bot/cli/cadence.hpp"
#include "bot/http/client.hpp"
#include "core/commands/dispatch.hpp"
#include "tests/e2e/db_query.hpp"
#include "tests/e2e/server.hpp"
#include "tests/support/clock.hpp"
#include "tests/support/fake_slack.hpp"
#include "tests/support/http_client.hpp"

using namespace goalpost;
using namespace goalpost::testing;

namespace {

const std::string marker = "ALPHASECRET";
const std::string ws_a = "slack:TA";
const std::string ws_b = "slack:TB";

// ---------------------------------------------------------------------------------------------
// Every command form B runs. {O} and {KR} stand for each id in the lists below; {TOPIC} for each
// `/okr help` topic. Add a command: add a line.
const std::vector<std::string> command_forms = {
    // Reading and changing what exists: these run while the ids below are laid out as built.
    "",
    "help",
    "help {TOPIC}",
    "list",
    "list mine",
    "list team growth",
    "list team platform cycle=2027-Q1",
    "list all",
    "list all cycle=2026-Q4",
    "show {O}",
    "show {O} history",
    "show {KR}",
    "show {KR} history",
    "tree",
    "tree team company",
    "digest",
    "digest team growth",
    "summary",
    "summary team growth month=2026-11",
    "template",
    "template sales",
    "cycle 2027-Q1",
    "cycle",
    "cycle list",
    "cycle remove FY27",
    "cycle add FY27 start=2027-01-01 end=2027-12-31",
    "cycle remove FY27",
    "token",
    "token create iso-bot",
    "token create iso-team scope=team:growth",
    "token list",
    "token revoke iso-bot",
    "token revoke iso-team",
    "list all cycle=FY27",
    "tree cycle=FY27",
    "team lead growth <@U7|gus>",
    "team lead company <@U7|gus> off",
    "team show growth",
    "team show company",
    "team show platform",
    "team add growth <@U7|gus> <@U8|hal>",
    "team remove growth <@U8|hal>",
    "team set growth reminder=tue 08:30 digest=thu 15:00 summary=2 09:00 stakeholders=<#CB9|leads> tz=Europe/Berlin",
    "team set platform channel=<#CB2|plat> teams_webhook=https://bravo.example/hook",
    "checkin {KR} 5 on-track bravo note",
    "checkin {KR} done confidence=3",
    "kr source {KR} github \"repo:bravo/app is:pr\"",
    "kr source {KR} url metrics /bravo",
    "kr sync {KR}",
    "kr source {KR} off",
    "dashboard",
    "dashboard team growth",
    "win \"Bravo win\" team=growth kr={KR}",
    "win \"Bravo quick win\"",
    "edit {KR} to=60 because \"bravo reason\"",
    "edit {KR} title=\"Bravo renamed\" due=2027-03-31 owner=<@U2|ben>",
    "edit {O} title=\"Bravo renamed objective\" public aspirational because \"bravo\"",
    "grade {O}",
    "grade {O} {KR}=0.5 because \"bravo override\"",
    "retro {O} \"bravo lesson\"",
    "archive {O} because \"bravo done\"",
    // Creating: last, since new objectives and key results take the next free ids in B.
    "team create growth",
    "team create newteam parent=growth channel=<#CB7|new> tz=Europe/Berlin",
    "objective add \"Bravo new goal\" team=growth parent={O}",
    "objective add \"Bravo internal goal\" internal committed cycle=2027-Q1",
    "kr add {O} \"Bravo new kr\" from=0 to=10 unit=pts due=2027-03-31 owner=<@U1|ana>",
    "kr add {O} \"Bravo launch\" binary",
    "carry {O}",
    "carry {O} to=2027-Q2",
};
// Ids that exist in both workspaces (O-1, O-3 internal, KR-1, KR-4), only in A (O-4 carried,
// O-5 archived, KR-5 on A's internal objective, KR-7 carried), and nowhere (O-99, KR-99).
const std::vector<std::string> objective_ids = {"O-1", "O-3", "O-4", "O-5", "O-99"};
const std::vector<std::string> kr_ids = {"KR-1", "KR-4", "KR-5", "KR-7", "KR-99"};
// B's users: U1 is in B's teams (and, with the same id, in A's: Enterprise Grid ids repeat);
// U7 owns KRs in A and is in no team of B until a command adds them.
const std::vector<std::string> b_users = {"U1", "U7"};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

std::vector<std::string> expand(const std::vector<std::string>& topics) {
    std::vector<std::string> out;
    for (const auto& form : command_forms) {
        std::vector<std::string> step{form};
        auto over = [&](const std::string& key, const std::vector<std::string>& values) {
            std::vector<std::string> next;
            for (const auto& s : step) {
                if (s.find(key) == std::string::npos) {
                    next.push_back(s);
                    continue;
                }
                for (const auto& v : values) next.push_back(replace_all(s, key, v));
            }
            step = std::move(next);
        };
        over("{TOPIC}", topics);
        over("{O}", objective_ids);
        over("{KR}", kr_ids);
        out.insert(out.end(), step.begin(), step.end());
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// A's rows, every table, exactly: each value with its storage class, text and blobs as bytes,
// reals in hex-float. Rows of a table with workspace_id are A's by it; team_members by its
// team; workspaces by id; a table with neither (handled_activities) is taken whole.
struct Dump {
    std::string text;
    long rows = 0;
    std::set<std::string> tables;
};

std::vector<std::string> column_names(sqlite3* db, const std::string& table) {
    std::vector<std::string> names;
    sqlite3_stmt* st = nullptr;
    BOOST_REQUIRE(sqlite3_prepare_v2(db, ("PRAGMA table_info(\"" + table + "\")").c_str(), -1, &st, nullptr) ==
                  SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
    sqlite3_finalize(st);
    return names;
}

// On PostgreSQL: every table of the schema, each row as the server writes the whole row (floats
// in their shortest exact form), in one fixed order.
Dump dump_workspace_postgres(const std::string& url, const std::string& workspace) {
    const std::string ws_id = query(url, "SELECT id FROM workspaces WHERE key = '" + workspace + "'");
    BOOST_REQUIRE(!ws_id.empty());
    std::istringstream tables(query(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                         "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"));
    Dump dump;
    for (std::string table; std::getline(tables, table);) {
        const auto columns = "\n" + query(url, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                                               "current_schema() AND table_name = '" + table + "'") + "\n";
        auto has = [&](const char* c) { return columns.find("\n" + std::string(c) + "\n") != std::string::npos; };
        std::string where;
        if (table == "workspaces") where = " WHERE id = " + ws_id;
        else if (has("workspace_id")) where = " WHERE workspace_id = " + ws_id;
        else if (has("team_id")) where = " WHERE team_id IN (SELECT id FROM teams WHERE workspace_id = " + ws_id + ")";
        const std::string from = " FROM \"" + table + "\" t" + where;
        dump.tables.insert(table);
        dump.rows += std::stol(query(url, "SELECT count(*)" + from));
        dump.text += "## " + table + "\n" + query(url, "SELECT t::text" + from + " ORDER BY t::text COLLATE \"C\"") + "\n";
    }
    return dump;
}

Dump dump_workspace(const std::string& path, const std::string& workspace) {
    if (is_postgres_url(path)) return dump_workspace_postgres(path, workspace);
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    const std::string ws_id = query(path, "SELECT id FROM workspaces WHERE key = '" + workspace + "'");
    BOOST_REQUIRE(!ws_id.empty());
    std::vector<std::string> tables;
    {
        sqlite3_stmt* st = nullptr;
        BOOST_REQUIRE(sqlite3_prepare_v2(db,
                                         "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                         "'sqlite_%' ORDER BY name",
                                         -1, &st, nullptr) == SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
    }
    Dump dump;
    for (const auto& table : tables) {
        const auto columns = column_names(db, table);
        auto has = [&](const char* c) { return std::find(columns.begin(), columns.end(), c) != columns.end(); };
        std::string where;
        if (table == "workspaces") where = " WHERE id = " + ws_id;
        else if (has("workspace_id")) where = " WHERE workspace_id = " + ws_id;
        else if (has("team_id")) where = " WHERE team_id IN (SELECT id FROM teams WHERE workspace_id = " + ws_id + ")";
        // A WITHOUT ROWID table (checkin_weeks) has no rowid: its rows in the order of every column.
        std::string order = "rowid";
        sqlite3_stmt* probe = nullptr;
        if (sqlite3_prepare_v2(db, ("SELECT rowid FROM \"" + table + "\"").c_str(), -1, &probe, nullptr) != SQLITE_OK) {
            order.clear();
            for (std::size_t i = 1; i <= columns.size(); ++i) order += (i > 1 ? ", " : "") + std::to_string(i);
        }
        sqlite3_finalize(probe);
        const std::string sql = "SELECT * FROM \"" + table + "\"" + where + " ORDER BY " + order;
        sqlite3_stmt* st = nullptr;
        BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
        dump.tables.insert(table);
        dump.text += "## " + table + "\n";
        while (sqlite3_step(st) == SQLITE_ROW) {
            ++dump.rows;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                dump.text += i ? "|" : "";
                switch (sqlite3_column_type(st, i)) {
                    case SQLITE_NULL: dump.text += "N"; break;
                    case SQLITE_INTEGER: dump.text += "I" + std::to_string(sqlite3_column_int64(st, i)); break;
                    case SQLITE_FLOAT: {
                        char buf[64];
                        std::snprintf(buf, sizeof buf, "R%a", sqlite3_column_double(st, i));
                        dump.text += buf;
                        break;
                    }
                    default: {
                        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(st, i));
                        const int n = sqlite3_column_bytes(st, i);
                        dump.text += (sqlite3_column_type(st, i) == SQLITE_TEXT ? "T" : "B") + std::to_string(n) + ":";
                        if (n > 0) dump.text.append(bytes, static_cast<std::size_t>(n));
                    }
                }
            }
            dump.text += "\n";
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return dump;
}

// The first line that differs, for a readable failure.
std::string first_difference(const std::string& a, const std::string& b) {
    std::istringstream ia(a), ib(b);
    std::string la, lb;
    for (int line = 1;; ++line) {
        const bool ga = static_cast<bool>(std::getline(ia, la)), gb = static_cast<bool>(std::getline(ib, lb));
        if (!ga && !gb) return "no difference";
        if (!ga || !gb || la != lb) return "line " + std::to_string(line) + ":\n  before: " + la + "\n  after:  " + lb;
    }
}

// ---------------------------------------------------------------------------------------------

struct World {
    FakeSlack slack;
    RunningServer server{65536, [this](config::Settings& s) {
                             s.slack.bot_token = "xoxb-isolation-test";
                             s.slack.api_base_url = slack.base_url();
                         }};
    std::unique_ptr<bot::OutboundHttp> http = bot::make_outbound_http(std::chrono::seconds(5));
    HttpClient client{server.port()};
    // Every body answered to B (and sent on B's behalf), with the request that caused it.
    std::vector<std::pair<std::string, std::string>> b_replies;

    World() { server.app->set_outbound(http.get(), {}); }

    std::string reply_text(const HttpClient::Reply& reply) {
        BOOST_REQUIRE_EQUAL(reply.status, 200);
        return reply.body;
    }

    std::string okr(const std::string& team, const std::string& user, const std::string& text) {
        SlashCommand c;
        c.team_id = team;
        c.user_id = user;
        c.user_name = user == "U1" ? "ana" : user;
        c.channel_id = team == "TA" ? "C" + marker + "0" : "CB0";
        c.text = text;
        const auto body = reply_text(client.send(signed_request(c.body(), server.now_s.load())));
        if (team == "TB") b_replies.emplace_back("/okr " + text + " (as " + user + ")", body);
        return body;
    }

    // The reply's plain text; fails the test on an error message during the build-up.
    std::string build(const std::string& team, const std::string& user, const std::string& text) {
        auto body = okr(team, user, text);
        BOOST_CHECK_MESSAGE(!has(body, ":warning:"), team << ": /okr " << text << " -> " << body);
        return body;
    }

    std::string interaction(const std::string& user, const boost::json::object& payload, const std::string& what) {
        const auto body = "payload=" + form_encode(boost::json::serialize(payload));
        const auto reply = client.send(signed_request(body, server.now_s.load(), sample_secret, "/slack/interactions"));
        BOOST_TEST(reply.status == 200);
        b_replies.emplace_back(what + " (as " + user + ")", reply.body);
        return reply.body;
    }
};

boost::json::object button(const std::string& team, const std::string& user, const std::string& kr) {
    return {{"type", "block_actions"},
            {"team", {{"id", team}, {"domain", "bravo"}}},
            {"user", {{"id", user}, {"username", user}}},
            {"trigger_id", "13345224609.738474920.8088930838d88f008e0"},
            {"actions", boost::json::array{{{"action_id", "checkin_open"}, {"value", kr}, {"type", "button"}}}}};
}

boost::json::object submission(const std::string& team, const std::string& user, const std::string& kr,
                               const std::string& value) {
    boost::json::object values{
        {"value", {{"value", {{"type", "plain_text_input"}, {"value", value}}}}},
        {"confidence", {{"confidence", {{"type", "static_select"}, {"selected_option", {{"value", "8"}}}}}}},
        {"note", {{"note", {{"type", "plain_text_input"}, {"value", "bravo modal note"}}}}}};
    return {{"type", "view_submission"},
            {"team", {{"id", team}, {"domain", "bravo"}}},
            {"user", {{"id", user}, {"username", user}}},
            {"view", {{"callback_id", "checkin"}, {"private_metadata", kr}, {"state", {{"values", values}}}}}};
}

// Workspace `team` builds its teams, objectives and key results; `tag` goes into every text.
void build_workspace(World& w, const std::string& team, const std::string& tag, bool schedules_on) {
    const std::string ch = team == "TA" ? "C" + marker : "CB";
    auto b = [&](const std::string& user, const std::string& text) { return w.build(team, user, text); };
    b("U1", "team create company channel=<#" + ch + "1|company>");
    b("U1", "team create growth channel=<#" + ch + "2|growth> tz=Europe/Berlin parent=company");
    b("U2", "team create platform channel=<#" + ch + "3|platform> parent=company");
    b("U1", "team add growth <@U2|ben> <@U3|cy>");
    if (team == "TA") b("U2", "team add platform <@U7|gus>");
    for (const char* t : {"company", "growth", "platform"}) {
        std::string set = std::string("team set ") + t + " stakeholders=<#" + ch + "9|leads> teams_webhook=https://" +
                          tag + ".example/workflows/" + t + "?sig=" + tag + "-sig";
        // A's schedules are off, so that running B's cadence cannot touch A's rows.
        if (!schedules_on) set += " reminder=off digest=off summary=off";
        b("U1", set);
    }
    b("U1", "objective add \"" + tag + " grow revenue\" team=company public committed");             // O-1
    b("U1", "objective add \"" + tag + " fill the pipeline\" team=growth parent=O-1");                 // O-2
    b("U2", "objective add \"" + tag + " hire the platform team\" team=platform internal parent=O-1"); // O-3
    b("U1", "kr add O-1 \"" + tag + " ARR\" from=0 to=100 unit=k due=2026-12-31");                     // KR-1
    b("U1", "kr add O-1 \"" + tag + " NPS\" from=10 to=50");                                          // KR-2
    b("U1", "kr add O-2 \"" + tag + " qualified leads\" from=0 to=1,200 owner=<@U2|ben>");             // KR-3
    b("U1", "kr add O-2 \"" + tag + " launch the beta\" binary");                                     // KR-4
    if (team == "TA") {
        b("U2", "kr add O-3 \"" + tag + " platform hires\" from=0 to=5 owner=<@U7|gus>");  // KR-5 (internal)
        b("U2", "kr add O-3 \"" + tag + " churn\" from=5% to=3% owner=<@U7|gus>");         // KR-6 (internal)
    }
    b("U1", "checkin KR-1 40 on-track \"" + tag + " note one\"");
    w.server.now_s += 3600;
    b("U1", "checkin KR-1 75 at-risk \"" + tag + " note two\"");
    b("U2", "checkin KR-3 900 confidence=7 " + tag + " third note");
    b("U1", "checkin KR-4 done");
    if (team == "TA") b("U7", "checkin KR-5 2 off-track \"" + tag + " hiring is slow\"");
    b("U2", "win \"" + tag + " shipped the partner portal\" team=growth kr=KR-3");
    b("U1", "edit KR-2 to=60 title=\"" + tag + " NPS v2\" because \"" + tag + " new survey\"");
    b("U1", "edit O-2 title=\"" + tag + " fill the pipeline faster\" committed because \"" + tag + " board ask\"");
    b("U1", "grade O-1 KR-2=0.5 because \"" + tag + " survey late\"");
    b("U1", "retro O-1 \"" + tag + " start surveys earlier\"");
    if (team == "TA") {
        b("U1", "carry O-2");                                                   // O-4 with KR-7 (KR-3 carried)
        b("U1", "objective add \"" + tag + " old goal\" team=growth");          // O-5
        b("U1", "kr add O-5 \"" + tag + " old metric\" from=0 to=3");          // KR-8
        b("U1", "archive O-5 because \"" + tag + " dropped\"");
        // Custom cycles: one named after A, one whose name B uses too, and a lead.
        b("U1", "cycle add " + tag + "-H1 start=2027-01-01 end=2027-06-30");
        b("U1", "cycle add FY27 start=2026-10-01 end=2027-09-30");
        b("U1", "team lead company <@U7|gus>");
    }
}

std::vector<std::string> help_topics(World& w) {
    auto json = boost::json::parse(w.okr("TB", "U1", "help")).as_object();
    std::string text(json.at("text").as_string());
    // "/okr help: team, objective, kr, ..."
    auto colon = text.find("help:");
    BOOST_REQUIRE(colon != std::string::npos);
    std::vector<std::string> topics;
    std::istringstream in(text.substr(colon + 5));
    for (std::string t; std::getline(in, t, ',');) {
        t.erase(0, t.find_first_not_of(' '));
        t.erase(t.find_last_not_of(' ') + 1);
        if (!t.empty()) topics.push_back(t);
    }
    return topics;
}

// The command keywords `/okr help` documents: "team create", "team add", "kr add", "checkin", ...
std::set<std::string> help_keywords(World& w) {
    std::set<std::string> keywords;
    auto json = boost::json::parse(w.okr("TB", "U1", "help")).as_object();
    for (const auto& block : json.at("blocks").as_array()) {
        const auto* text = block.as_object().if_contains("text");
        if (!text || !text->is_object()) continue;
        std::string s(text->as_object().at("text").as_string());
        if (!s.starts_with("`/okr ")) continue;
        s = s.substr(1, s.find('`', 1) - 1);
        for (std::size_t at = 0; at != std::string::npos;) {
            auto bar = s.find("  |  ", at);
            std::string usage = s.substr(at, bar == std::string::npos ? std::string::npos : bar - at);
            at = bar == std::string::npos ? bar : bar + 5;
            if (usage.starts_with("/okr ")) usage = usage.substr(5);
            std::istringstream words(usage);
            std::string first, second;
            words >> first >> second;
            keywords.insert(first == "team" || first == "objective" || first == "kr" ? first + " " + second : first);
        }
    }
    return keywords;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(isolation_property)

BOOST_AUTO_TEST_CASE(nothing_of_workspace_a_reaches_or_changes_through_workspace_b) {
    World w;
    const auto db = w.server.db_path();
    build_workspace(w, "TA", marker, false);
    build_workspace(w, "TB", "Bravo", true);
    BOOST_REQUIRE(has(query(db, "SELECT " + concat_all(db, "title") + " FROM objectives o JOIN workspaces s ON s.id = o.workspace_id "
                                "WHERE s.key = 'slack:TA'"),
                      marker));
    BOOST_REQUIRE_EQUAL(query(db, "SELECT count(*) FROM key_results k JOIN workspaces s ON s.id = k.workspace_id "
                                  "WHERE s.key = 'slack:TA'"),
                        "8");
    w.b_replies.clear();

    // Coverage: every parser command and every documented keyword has a line above.
    const auto topics = help_topics(w);
    BOOST_TEST_REQUIRE(topics.size() >= 10u);
    const auto commands = expand(topics);
    std::set<std::size_t> alternatives;
    for (const auto& text : commands) {
        auto parsed = core::parse_command(text);
        if (parsed.command) alternatives.insert(parsed.command->index());
    }
    for (std::size_t i = 0; i < std::variant_size_v<core::Command>; ++i) {
        BOOST_CHECK_MESSAGE(alternatives.count(i), "Command alternative " << i
                                                        << " of core/commands/command.hpp is parsed by no line of command_forms");
    }
    const auto keywords = help_keywords(w);
    BOOST_TEST_REQUIRE(keywords.size() >= topics.size());
    for (const auto& keyword : keywords) {
        bool covered = false;
        for (const auto& form : command_forms) covered = covered || form.starts_with(keyword);
        BOOST_CHECK_MESSAGE(covered, "`/okr help` documents `" << keyword << "`, which no line of command_forms runs");
    }
    for (const auto& topic : topics) BOOST_CHECK_MESSAGE(keywords.count(topic) || keywords.count(topic + " add") ||
                                                             keywords.count(topic + " create"),
                                                         "help topic " << topic << " has no usage line");

    const auto before = dump_workspace(db, ws_a);
    BOOST_TEST_MESSAGE("workspace A: " << before.rows << " rows in " << before.tables.size() << " tables");

    // Act 1: every command, from B, as a member and as a stranger.
    for (const auto& text : commands) {
        for (const auto& user : b_users) w.okr("TB", user, text);
    }
    // Act 2: the Check in button and modal, from B, for every KR id.
    for (const auto& user : b_users) {
        for (const auto& kr : kr_ids) {
            w.interaction(user, button("TB", user, kr), "button " + kr);
            w.interaction(user, submission("TB", user, kr, "7"), "modal " + kr);
            w.interaction(user, submission("TB", user, kr, "done"), "modal done " + kr);
        }
    }
    // Act 3: B's cadence as serve and run-due run it, every 6 hours over five weeks (each
    // reminder, nudge, digest and summary falls within the 12 h grace of one of them).
    int fired = 0;
    {
        bot::CadenceWiring wiring(w.server.settings, *w.server.store, nullptr);
        for (auto t = utc(2026, 11, 18, 12); t <= utc(2026, 12, 23); t += std::chrono::hours(6)) {
            fired += wiring.service.run_due(t).fired;
        }
    }
    BOOST_TEST_MESSAGE("B's cadence fired " << fired << " schedule run(s)");
    BOOST_TEST(fired >= 10);
    // Act 4: `goalpost digest` and `goalpost summary` for each of B's teams, in every format.
    std::vector<std::pair<std::string, std::string>> printed;
    for (const char* team : {"company", "growth", "platform", "newteam"}) {
        for (const char* format : {"text", "slack", "teams"}) {
            for (const char* sub : {"digest", "summary"}) {
                bot::Flags flags{{"team", team}, {"workspace", ws_b}, {"format", format}};
                if (std::string(sub) == "digest") flags["at"] = "2026-11-20T16:00:00Z";
                else flags["month"] = "2026-11";
                std::ostringstream out, err;
                auto* old_out = std::cout.rdbuf(out.rdbuf());
                auto* old_err = std::cerr.rdbuf(err.rdbuf());
                const int code = std::string(sub) == "digest" ? bot::digest_command(w.server.settings, flags)
                                                              : bot::summary_command(w.server.settings, flags);
                std::cout.rdbuf(old_out);
                std::cerr.rdbuf(old_err);
                BOOST_TEST(code == 0, sub << " --team " << team << ": " << err.str());
                if (std::string(team) == "growth") BOOST_TEST(has(out.str(), "Bravo"), sub << " --format " << format);
                printed.emplace_back(std::string(sub) + " --team " + team + " --format " + format, out.str() + err.str());
            }
        }
    }

    // Check 1: A is byte for byte what it was.
    const auto after = dump_workspace(db, ws_a);
    BOOST_TEST(after.rows == before.rows);
    BOOST_CHECK_MESSAGE(after.text == before.text,
                        "workspace A changed; first difference at " << first_difference(before.text, after.text));

    // Check 2: nothing B saw, or will be sent, mentions A.
    long leaks = 0;
    auto check = [&](const std::string& what, const std::string& text) {
        if (has(text, marker) && ++leaks <= 10) BOOST_ERROR(what << " shows workspace A's data:\n" << text);
    };
    for (const auto& [what, body] : w.b_replies) check(what, body);
    for (const auto& [what, text] : printed) check(what, text);
    const auto b_outbox = query(db, "SELECT o.destination || ' ' || o.payload FROM outbox o JOIN workspaces s ON "
                                    "s.id = o.workspace_id WHERE s.key <> 'slack:TA'");
    std::istringstream rows(b_outbox);
    long b_messages = 0;
    for (std::string row; std::getline(rows, row);) {
        ++b_messages;
        check("an outbox message of B", row);
    }
    const auto to_slack = w.slack.requests();
    for (const auto& r : to_slack) check("a request to Slack " + r.path, r.body);
    BOOST_TEST(leaks == 0);

    // The attack did reach B: it ran commands there, opened modals and queued B's messages.
    BOOST_TEST(w.slack.requests_to("views.open").size() >= 2u);
    BOOST_TEST(b_messages >= 10);
    BOOST_TEST(has(query(db, "SELECT " + concat_all(db, "note") + " FROM checkins"), "bravo modal note"));
    BOOST_TEST_MESSAGE(command_forms.size() << " command forms, " << commands.size() << " commands x "
                                            << b_users.size() << " users; " << w.b_replies.size()
                                            << " replies to B, " << b_messages << " outbox messages of B, "
                                            << printed.size() << " digests/summaries and " << to_slack.size()
                                            << " Slack requests checked; " << after.rows << " rows of A compared");
}

BOOST_AUTO_TEST_SUITE_END()
