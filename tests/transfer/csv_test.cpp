// The CSV writer: RFC 4180 cells, a byte order mark, formula defence, the same bytes every time.
#include <boost/test/unit_test.hpp>

#include "tests/support/transfer_document.hpp"
#include "transfer/csv.hpp"

using namespace goalpost;
using namespace goalpost::transfer;
using goalpost::testing::a_transfer_workspace;

namespace {

const std::string bom = "\xEF\xBB\xBF";

std::map<std::string, std::string> files_of(std::vector<Workspace> workspaces) {
    Document d;
    d.workspaces = std::move(workspaces);
    return to_csv(d);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_csv)

BOOST_AUTO_TEST_CASE(a_cell_is_quoted_only_when_it_must_be) {
    BOOST_TEST(csv_cell("a\r\nb") == "\"a\r\nb\"");
    BOOST_TEST(csv_cell("\"") == "\"\"\"\"");
    BOOST_TEST(csv_cell("semi;colon") == "semi;colon");
    BOOST_TEST(csv_cell("'already quoted") == "''already quoted");  // the reader removes one quote
    BOOST_TEST(csv_cell("a = b") == "a = b");  // only a leading = starts a formula
}

BOOST_AUTO_TEST_CASE(the_reader_removes_exactly_the_guard_the_writer_adds) {
    for (const std::string text : {"=SUM(A1)", "+49 30", "-3 bugs", "@ana", "\tx", "'quoted'", "''", "'", "plain", ""}) {
        BOOST_TEST_INFO(text);
        BOOST_TEST(csv_text(csv_cell(text).starts_with("\"") ? csv_cell(text).substr(1, csv_cell(text).size() - 2)
                                                            : csv_cell(text)) == text);
    }
    BOOST_TEST(csv_text("'hello") == "'hello");  // typed in a sheet: not a guard
}

BOOST_AUTO_TEST_CASE(a_checkins_csv_row_spanning_lines_keeps_later_line_numbers_right) {
    Problems problems;
    const auto rows = read_checkins_csv("kr,value,date,user,note\r\nKR-1,5,2027-01-02,U1,\"two\r\nlines\"\r\nKR-2,x,2027-01-02,U1,\r\n",
                                        "checkins.csv", "slack:T1", problems, goalpost::testing::utc(2027, 2, 1));
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    BOOST_TEST(rows[0].where == "checkins.csv:2");
    BOOST_TEST(rows[0].checkin.note == "two\r\nlines");
    BOOST_REQUIRE_EQUAL(problems.size(), 1u);
    BOOST_TEST(problems[0].where == "checkins.csv:4 (value)");
}

BOOST_AUTO_TEST_CASE(numbers_ids_and_times_are_never_prefixed) {
    BOOST_TEST(csv_cell("-0.5", false) == "-0.5");
    BOOST_TEST(csv_cell("+1", false) == "+1");
    BOOST_TEST(csv_cell("@", true) == "'@");
    BOOST_TEST(csv_cell("@", false) == "@");
}

BOOST_AUTO_TEST_CASE(every_file_is_written_even_without_rows) {
    // Act
    const auto files = files_of({});

    // Check: a byte order mark and the header, CRLF.
    BOOST_TEST(files.size() == 10u);
    BOOST_TEST(files.at("teams.csv") == bom +
                                            "workspace,name,parent,channel,timezone,reminder,digest,summary,"
                                            "stakeholder_channel,created_by,created_at\r\n");
    BOOST_TEST(files.at("team_members.csv") == bom + "workspace,team,user,lead,added_at\r\n");
    BOOST_TEST(files.at("retros.csv") == bom + "workspace,objective,user,text,created_at\r\n");
    for (const char* name : {"cycles.csv", "objectives.csv", "key_results.csv", "checkins.csv", "wins.csv",
                             "grade_overrides.csv", "edits.csv"}) {
        BOOST_TEST_INFO(name);
        BOOST_TEST(files.count(name) == 1u);
    }
}

BOOST_AUTO_TEST_CASE(rows_are_written_byte_for_byte) {
    // Act
    const auto files = files_of({a_transfer_workspace()});

    // Check
    BOOST_TEST(files.at("checkins.csv") ==
               bom +
                   "workspace,kr,user,value,confidence,note,created_at\r\n"
                   "slack:T1,KR-1,U2,300,7,\"Hi, \"\"there\"\"\nsecond line\",2027-01-08T09:00:00Z\r\n"
                   "slack:T1,KR-1,U2,612.5,6,日本語のメモ,2027-01-15T09:00:00Z\r\n"
                   "slack:T1,KR-2,U3,-3,,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",2027-01-16T00:00:00Z\r\n");
    BOOST_TEST(files.at("objectives.csv") ==
               bom +
                   "workspace,objective,title,team,parent,cycle,visibility,commitment,archived,grade,graded_by,"
                   "graded_at,created_by,created_at\r\n"
                   "slack:T1,O-1,Win the market,company,,2027-Q1,public,committed,false,,,,U1,"
                   "2026-12-01T00:00:00Z\r\n"
                   "slack:T1,O-2,\"Grow, \"\"fast\"\"\",growth,O-1,FY27-H1,internal,aspirational,true,0.35,U4,"
                   "2027-06-30T12:00:00Z,U2,2026-12-02T00:00:00Z\r\n");
    BOOST_TEST(files.at("key_results.csv") ==
               bom +
                   "workspace,kr,objective,title,start,target,current,unit,due,owner,binary,carried_from,"
                   "created_at\r\n"
                   "slack:T1,KR-1,O-2,Qualified leads,0,1200,612.5,leads,2027-03-31,U2,false,,"
                   "2026-12-02T00:00:00Z\r\n"
                   "slack:T1,KR-2,O-1,Launch v2,0,1,0,,,U1,true,KR-1,2026-12-01T00:00:00Z\r\n");
    BOOST_TEST(files.at("wins.csv") == bom +
                                           "workspace,team,kr,title,user,created_at\r\n"
                                           "slack:T1,growth,KR-1,\"First 300 leads, yay\",U2,2027-01-09T00:00:00Z\r\n"
                                           "slack:T1,company,,Offsite,U1,2027-01-10T00:00:00Z\r\n");
    BOOST_TEST(files.at("team_members.csv") == bom +
                                                   "workspace,team,user,lead,added_at\r\n"
                                                   "slack:T1,company,U1,true,2026-10-01T00:00:00Z\r\n"
                                                   "slack:T1,growth,U2,false,2026-10-02T00:00:00Z\r\n"
                                                   "slack:T1,growth,U3,false,2026-10-02T00:00:00Z\r\n");
}

BOOST_AUTO_TEST_CASE(rows_of_every_workspace_share_one_file_each) {
    // Act
    const auto files = files_of({a_transfer_workspace("slack:T1"), a_transfer_workspace("teams:x")});

    // Check
    const std::string& cycles = files.at("cycles.csv");
    BOOST_TEST(cycles == bom +
                             "workspace,name,start,end,created_by,created_at\r\n"
                             "slack:T1,FY27-H1,2027-01-01,2027-06-30,U1,2026-09-20T00:00:00Z\r\n"
                             "teams:x,FY27-H1,2027-01-01,2027-06-30,U1,2026-09-20T00:00:00Z\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
