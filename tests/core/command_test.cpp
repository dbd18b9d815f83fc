#include <boost/test/unit_test.hpp>

#include "core/commands/dispatch.hpp"

using namespace goalpost::core;

namespace {
template <typename T>
T parsed(std::string_view text) {
    auto r = parse_command(text);
    BOOST_REQUIRE_MESSAGE(r.command.has_value(), "expected a command for: " << text << " got error: "
                                                                              << (r.error ? r.error->what : ""));
    BOOST_REQUIRE(std::holds_alternative<T>(*r.command));
    return std::get<T>(*r.command);
}

UserError failed(std::string_view text) {
    auto r = parse_command(text);
    BOOST_REQUIRE_MESSAGE(r.error.has_value(), "expected an error for: " << text);
    BOOST_TEST(!r.command.has_value());
    return *r.error;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(command_parser)

BOOST_AUTO_TEST_CASE(checkin_with_value_confidence_and_quoted_note) {
    auto c = parsed<CheckinCmd>("checkin KR-7 42 at-risk \"blocked on legal\"");
    BOOST_TEST(c.kr == 7);
    BOOST_TEST(c.value == 42);
    BOOST_TEST(*c.confidence == 5);
    BOOST_TEST(c.note == "blocked on legal");
}

BOOST_AUTO_TEST_CASE(checkin_as_people_type_it) {
    auto c = parsed<CheckinCmd>("checkin kr7 $1,200 confidence=9 \u201cbig deal \U0001F389 closed\u201d");
    BOOST_TEST(c.kr == 7);
    BOOST_TEST(c.value == 1200);
    BOOST_TEST(*c.confidence == 9);
    BOOST_TEST(c.note == "big deal \U0001F389 closed");
    auto p = parsed<CheckinCmd>("checkin KR-3 5% shipped the fix for <@U1|ana>");
    BOOST_TEST(p.value == 5);
    BOOST_TEST(!p.confidence.has_value());
    BOOST_TEST(p.note == "shipped the fix for <@U1|ana>");
    auto d = parsed<CheckinCmd>("checkin KR-4 done");
    BOOST_TEST(d.value == 1);
    auto n = parsed<CheckinCmd>("CHECKIN KR-4 -3 off-track");
    BOOST_TEST(n.value == -3);
    BOOST_TEST(*n.confidence == 2);
}

BOOST_AUTO_TEST_CASE(checkin_mistakes_say_what_to_type) {
    auto e = failed("checkin KR-7 lots");
    BOOST_TEST(e.what.find("`lots` isn't a number") != std::string::npos);
    BOOST_TEST(e.hint.find("/okr checkin KR-7") != std::string::npos);
    BOOST_TEST(failed("checkin 7x 4").what.find("isn't a key result id") != std::string::npos);
    BOOST_TEST(failed("checkin KR-7").what.find("current value") != std::string::npos);
    BOOST_TEST(failed("checkin").hint.find("checkin KR-7") != std::string::npos);
    BOOST_TEST(failed("checkin KR-7 4 confidence=11").what.find("1 to 10") != std::string::npos);
    BOOST_TEST(failed("checkin KR-7 4 \"open quote").what.find("quote") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(objective_add_with_options_and_non_latin_title) {
    auto o = parsed<ObjectiveAddCmd>(
        "objective add \u201c\u5e02\u5834\u30b7\u30a7\u30a2\u3092\u62e1\u5927 \U0001F680\u201d team=growth parent=O-2 "
        "cycle=2027-Q1 internal committed");
    BOOST_TEST(o.title == "\u5e02\u5834\u30b7\u30a7\u30a2\u3092\u62e1\u5927 \U0001F680");
    BOOST_TEST(*o.team == "growth");
    BOOST_TEST(*o.parent == 2);
    BOOST_TEST(*o.cycle == "2027-Q1");
    BOOST_TEST((*o.visibility == Visibility::internal));
    BOOST_TEST((*o.kind == ObjectiveKind::committed));
    auto unquoted = parsed<ObjectiveAddCmd>("objective add Grow the community");
    BOOST_TEST(unquoted.title == "Grow the community");
    BOOST_TEST(!unquoted.visibility.has_value());
}

BOOST_AUTO_TEST_CASE(objective_mistakes) {
    BOOST_TEST(failed("objective add team=growth").what.find("needs a title") != std::string::npos);
    BOOST_TEST(failed("objective add \"\"").what.find("needs a title") != std::string::npos);
    BOOST_TEST(failed("objective add x cycle=2027Q5").what.find("isn't a cycle") != std::string::npos);
    BOOST_TEST(failed("objective add x parent=KR-2").what.find("isn't an objective id") != std::string::npos);
    BOOST_TEST(failed("objective add x colour=red").what.find("`colour=` isn't an option") != std::string::npos);
    BOOST_TEST(failed("objective remove x").hint.find("objective add") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(kr_add_increasing_decreasing_binary) {
    auto inc = parsed<KrAddCmd>("kr add O-3 \u201cWeekly active users\u201d from=1,200 to=2,000 due=2027-03-31 owner=<@U9|bo>");
    BOOST_TEST(inc.objective == 3);
    BOOST_TEST(inc.title == "Weekly active users");
    BOOST_TEST(*inc.from == 1200);
    BOOST_TEST(*inc.to == 2000);
    BOOST_TEST(*inc.due == "2027-03-31");
    BOOST_TEST(*inc.owner == "U9");
    auto dec = parsed<KrAddCmd>("kr add O-3 \"Churn\" from=5% to=3%");
    BOOST_TEST(*dec.from == 5);
    BOOST_TEST(*dec.to == 3);
    BOOST_TEST(dec.unit == "%");
    auto bin = parsed<KrAddCmd>("kr add o3 \"Launch the beta\" binary");
    BOOST_TEST(bin.binary);
    auto unit = parsed<KrAddCmd>("kr add O-1 NPS from=30 to=50 unit=pts");
    BOOST_TEST(unit.unit == "pts");
    BOOST_TEST(unit.title == "NPS");
}

BOOST_AUTO_TEST_CASE(kr_add_mistakes) {
    BOOST_TEST(failed("kr add \"x\" from=1 to=2").what.find("isn't an objective id") != std::string::npos);
    BOOST_TEST(failed("kr add O-1 from=1 to=2").what.find("needs a title") != std::string::npos);
    BOOST_TEST(failed("kr add O-1 x to=lots").what.find("`to=lots` isn't a number") != std::string::npos);
    BOOST_TEST(failed("kr add O-1 x due=2027-02-30").what.find("isn't a date") != std::string::npos);
    BOOST_TEST(failed("kr add O-1 x binary to=3").what.find("binary") != std::string::npos);
    BOOST_TEST(failed("kr add O-1 x owner=ana").what.find("needs a person") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(team_commands) {
    auto c = parsed<TeamCreateCmd>("team create growth channel=<#C123|growth> tz=Europe/Berlin parent=company");
    BOOST_TEST(c.name == "growth");
    BOOST_TEST(*c.channel == "C123");
    BOOST_TEST(*c.timezone == "Europe/Berlin");
    BOOST_TEST(*c.parent == "company");
    auto add = parsed<TeamMembersCmd>("team add growth <@U1|ana> <@U2> @cy");
    BOOST_TEST(add.add);
    BOOST_TEST((add.users == std::vector<std::string>{"U1", "U2", "cy"}));
    auto rm = parsed<TeamMembersCmd>("team remove growth <@U1|ana>");
    BOOST_TEST(!rm.add);
    BOOST_TEST(failed("team create").what.find("needs a name") != std::string::npos);
    BOOST_TEST(failed("team add growth ana").what.find("isn't a person") != std::string::npos);
    BOOST_TEST(failed("team add growth").what.find("Whom") != std::string::npos);
    BOOST_TEST(failed("team create gr<owth").what.find("can't be a team name") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(list_show_help) {
    BOOST_TEST((parsed<ListCmd>("list").scope == ListCmd::Scope::mine));
    BOOST_TEST((parsed<ListCmd>("list all").scope == ListCmd::Scope::all));
    auto t = parsed<ListCmd>("list team growth");
    BOOST_TEST((t.scope == ListCmd::Scope::team));
    BOOST_TEST(*t.team == "growth");
    BOOST_TEST(parsed<ShowCmd>("show O-3").objective);
    BOOST_TEST(!parsed<ShowCmd>("show kr-12").objective);
    BOOST_TEST(parsed<ShowCmd>("show kr-12").number == 12);
    BOOST_TEST(parsed<HelpCmd>("").topic.empty());
    BOOST_TEST(parsed<HelpCmd>("help checkin").topic == "checkin");
    BOOST_TEST(failed("show").what.find("Show what") != std::string::npos);
    BOOST_TEST(failed("list everything").hint.find("list team") != std::string::npos);
    BOOST_TEST(failed("dance").what.find("I don't know the command `dance`") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(team_set_digest_summary) {
    auto set = parsed<TeamSetCmd>("team set growth reminder=mon 09:00 digest=fri 16:00 summary=1 10:00 "
                                  "stakeholders=<#C7|leads> tz=Europe/Berlin");
    BOOST_TEST(set.name == "growth");
    BOOST_TEST(*set.reminder == "mon 09:00");
    BOOST_TEST(*set.digest == "fri 16:00");
    BOOST_TEST(*set.summary == "1 10:00");
    BOOST_TEST(*set.stakeholders == "C7");
    BOOST_TEST(*set.timezone == "Europe/Berlin");
    BOOST_TEST(*parsed<TeamSetCmd>("team set growth reminder=off").reminder == "off");
    BOOST_TEST(*parsed<TeamSetCmd>("team set growth teams_webhook=<https://x.example/h|link>").teams_webhook ==
               "https://x.example/h");
    BOOST_TEST(parsed<TeamSetCmd>("team set growth teams_webhook=off").teams_webhook->empty());
    BOOST_TEST(failed("team set growth reminder=mon").what.find("weekly time") != std::string::npos);
    BOOST_TEST(failed("team set growth digest=fri 25:00").what.find("weekly time") != std::string::npos);
    BOOST_TEST(!parsed<DigestCmd>("digest").team.has_value());
    BOOST_TEST(*parsed<DigestCmd>("digest team growth").team == "growth");
    auto sum = parsed<SummaryCmd>("summary team=growth month=2027-01");
    BOOST_TEST(*sum.team == "growth");
    BOOST_TEST(*sum.month == "2027-01");
    BOOST_TEST(failed("summary month=Jan").what.find("isn't a month") != std::string::npos);
    BOOST_TEST(failed("digest now").what.find("didn't understand") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(user_text_in_errors_is_escaped) {
    auto e = failed("<!channel>");
    BOOST_TEST(e.what.find("<!channel>") == std::string::npos);
    BOOST_TEST(e.what.find("&lt;!channel&gt;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_command_and_the_modal_read_the_same_words_and_numbers) {
    for (const char* yes : {"done", "DONE", "yes", "Yes", "true", "1"}) {
        BOOST_TEST_CONTEXT(yes) { BOOST_TEST(*parse_checkin_value(yes) == 1.0); }
    }
    for (const char* no : {"not-done", "not done", "Not Done", "no", "false", "FALSE", "0"}) {
        BOOST_TEST_CONTEXT(no) { BOOST_TEST(*parse_checkin_value(no) == 0.0); }
    }
    BOOST_TEST(*parse_checkin_value("1,200") == 1200);
    BOOST_TEST(*parse_checkin_value("$1,200") == 1200);
    BOOST_TEST(*parse_checkin_value("5%") == 5);
    BOOST_TEST(*parse_checkin_value("-3") == -3);
    BOOST_TEST(*parse_checkin_value("12.5") == 12.5);
    for (const char* bad : {"", "lots", "done!", "notdone", "yes please"}) {
        BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_checkin_value(bad).has_value()); }
    }
}

BOOST_AUTO_TEST_CASE(a_quoted_not_done_checks_in_a_binary_key_result) {
    BOOST_TEST(parsed<CheckinCmd>("checkin KR-4 \"not done\"").value == 0);
    BOOST_TEST(parsed<CheckinCmd>("checkin KR-4 false").value == 0);
    BOOST_TEST(parsed<CheckinCmd>("checkin KR-4 yes").value == 1);
}

BOOST_AUTO_TEST_SUITE_END()
