// The JSON codec of the export document: exact bytes out, the same rows back in, and every
// problem a file can have named by its place.
#include <boost/test/unit_test.hpp>
#include <cmath>

#include "tests/support/transfer_document.hpp"
#include "transfer/json.hpp"

using namespace goalpost;
using namespace goalpost::transfer;
using goalpost::testing::a_transfer_workspace;
using goalpost::testing::utc;

namespace {

const core::Time now = utc(2027, 2, 1, 8);

Document one(Workspace ws, int schema_version = 8) {
    Document d;
    d.schema_version = schema_version;
    d.workspaces.push_back(std::move(ws));
    return d;
}

// A workspace with one row of a few kinds: nested objects, escapes, empty arrays.
Workspace small_workspace() {
    Workspace ws;
    ws.key = "teams:tenant-x";
    Team team{.name = "R&D", .channel = "19:abc", .created_by = "U1", .created_at = utc(2026, 10, 1)};
    team.members = {Member{"U1", true, utc(2026, 10, 1)}};
    ws.teams = {team};
    ws.key_results = {KeyResult{.number = 7, .objective = 3, .title = "Latency < 200 ms", .start = 310,
                                .target = 200, .current = 250.25, .unit = "ms", .owner = "U1",
                                .created_at = utc(2026, 12, 1)}};
    ws.checkins = {Checkin{7, "U1", 250.25, 8, "tab\there \\ \"quoted\"", utc(2027, 1, 8, 9, 30)}};
    return ws;
}

struct Read {
    std::optional<Document> document;
    Problems problems;
};

Read read(std::string_view text) {
    Read r;
    r.document = read_json(text, "in.json", r.problems, now);
    return r;
}

// The problems as "place: message" lines, for messages that must match exactly.
std::vector<std::string> lines(const Problems& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.where + ": " + p.message);
    return out;
}

bool has(const Problems& problems, const std::string& line) {
    for (const auto& l : lines(problems)) {
        if (l == line) return true;
    }
    return false;
}

std::string with_workspace(const std::string& body, int schema_version = 8) {
    return R"({"format": "goalpost-export", "version": 1, "schema_version": )" + std::to_string(schema_version) +
           R"(, "workspaces": [{"key": "slack:T1", )" + body + "}]}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_json)

BOOST_AUTO_TEST_CASE(a_document_is_written_byte_for_byte) {
    // Act
    const std::string text = to_json(one(small_workspace()), now);

    // Check: rows of scalars on one line, nested objects indented, numbers in their shortest form.
    BOOST_TEST(text == R"({
  "format": "goalpost-export",
  "version": 1,
  "schema_version": 8,
  "exported_at": "2027-02-01T08:00:00Z",
  "workspaces": [
    {
      "key": "teams:tenant-x",
      "cycles": [],
      "teams": [
        {
          "name": "R&D",
          "parent": null,
          "channel": "19:abc",
          "timezone": "UTC",
          "reminder": "mon 09:00",
          "digest": "fri 16:00",
          "summary": "1 10:00",
          "stakeholder_channel": "",
          "created_by": "U1",
          "created_at": "2026-10-01T00:00:00Z",
          "members": [
            {"user": "U1", "lead": true, "added_at": "2026-10-01T00:00:00Z"}
          ]
        }
      ],
      "objectives": [],
      "key_results": [
        {"number": "KR-7", "objective": "O-3", "title": "Latency < 200 ms", "binary": false, "start": 310, "target": 200, "current": 250.25, "unit": "ms", "due": null, "owner": "U1", "carried_from": null, "created_at": "2026-12-01T00:00:00Z"}
      ],
      "checkins": [
        {"kr": "KR-7", "user": "U1", "value": 250.25, "confidence": 8, "note": "tab\there \\ \"quoted\"", "created_at": "2027-01-08T09:30:00Z"}
      ],
      "wins": [],
      "grade_overrides": [],
      "retros": [],
      "edits": []
    }
  ]
}
)");
}

BOOST_AUTO_TEST_CASE(a_document_without_workspaces_and_a_number_that_is_not_finite) {
    // Setup
    Workspace ws;
    ws.key = "slack:T1";
    ws.checkins = {Checkin{1, "U1", std::nan(""), {}, "", utc(2027, 1, 1)}};

    // Act
    const std::string empty = to_json(Document{}, now);
    const std::string nan = to_json(one(ws), now);

    // Check
    BOOST_TEST(empty == "{\n  \"format\": \"goalpost-export\",\n  \"version\": 1,\n  \"schema_version\": 0,\n"
                        "  \"exported_at\": \"2027-02-01T08:00:00Z\",\n  \"workspaces\": []\n}\n");
    BOOST_TEST(nan.find(R"("value": null, "confidence": null)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(what_is_written_reads_back_as_the_same_rows) {
    // Setup
    const Document original = one(a_transfer_workspace());
    const std::string text = to_json(original, now);

    // Act
    auto back = read(text);

    // Check
    BOOST_TEST(lines(back.problems).empty(), lines(back.problems).size() << " problems");
    BOOST_REQUIRE(back.document.has_value());
    BOOST_TEST(back.document->schema_version == 0);  // of no database: the file's rows are read as of now
    back.document->schema_version = original.schema_version;
    BOOST_TEST(to_json(*back.document, now) == text);
    const auto& ws = back.document->workspaces.at(0);
    BOOST_TEST(ws.checkins.at(0).note == "Hi, \"there\"\nsecond line");
    BOOST_TEST(ws.checkins.at(2).value == -3.0);
    BOOST_TEST(!ws.checkins.at(2).confidence.has_value());
    BOOST_TEST((ws.objectives.at(1).graded_at.value() == utc(2027, 6, 30, 12)));
    BOOST_TEST(ws.key_results.at(1).carried_from.value() == 1);
}

BOOST_AUTO_TEST_CASE(absent_fields_get_the_defaults_of_okr) {
    // Act
    auto r = read(with_workspace(R"("teams": [{"name": "growth"}],
        "objectives": [{"number": 4, "title": "Grow"}],
        "key_results": [{"number": "kr-2", "objective": "o-4", "title": "Ship", "binary": true},
                        {"number": "KR-3", "objective": "O-4", "title": "Leads", "start": 10, "target": 50}])"));

    // Check
    BOOST_TEST(lines(r.problems).empty());
    const auto& ws = r.document.value().workspaces.at(0);
    const auto& team = ws.teams.at(0);
    BOOST_TEST(team.timezone == "UTC");
    BOOST_TEST(team.reminder == "mon 09:00");
    BOOST_TEST(team.digest == "fri 16:00");
    BOOST_TEST(team.summary == "1 10:00");
    BOOST_TEST((team.created_at == now));
    const auto& o = ws.objectives.at(0);
    BOOST_TEST(o.number == 4);
    BOOST_TEST(o.visibility == "public");
    BOOST_TEST(o.commitment == "aspirational");
    BOOST_TEST(!o.archived);
    BOOST_TEST(ws.key_results.at(0).number == 2);
    BOOST_TEST(ws.key_results.at(0).objective == 4);
    BOOST_TEST(ws.key_results.at(0).target == 1.0);  // a binary KR is done at 1
    BOOST_TEST(ws.key_results.at(1).current == 10.0);  // starts where it starts
}

BOOST_AUTO_TEST_CASE(text_that_is_not_one_json_document_is_placed_by_line_and_column) {
    // The second comma of line 2 is its 16th character.
    auto syntax = read("{\"format\": \"goalpost-export\",\n  \"version\": 1,,\n}");
    BOOST_TEST(!syntax.document.has_value());
    BOOST_REQUIRE(syntax.problems.size() == 1u);
    BOOST_TEST(syntax.problems[0].where == "in.json:2:16");
    BOOST_TEST(syntax.problems[0].message.starts_with("not valid JSON: "));

    auto extra = read("{} {}");
    BOOST_REQUIRE(extra.problems.size() == 1u);
    BOOST_TEST(lines(extra.problems)[0] == "in.json:1:4: not valid JSON: extra text after the document");

    auto array = read("[]");
    BOOST_TEST(!array.document.has_value());
    BOOST_TEST(lines(array.problems) == std::vector<std::string>{"$: must be a JSON object"});
}

BOOST_AUTO_TEST_CASE(the_header_is_checked) {
    auto r = read(R"({"format": "something-else", "version": 2, "exported_at": "now", "extra": 1})");

    BOOST_TEST(r.document.has_value());  // read as far as it goes; the problems say the rest
    BOOST_TEST(has(r.problems, "$.format: is 'something-else', not 'goalpost-export'"));
    BOOST_TEST(has(r.problems, "$.version: 2 is not a version this goalpost reads (1)"));
    BOOST_TEST(has(r.problems, "$.workspaces: is missing"));
    BOOST_TEST(has(r.problems, "$.exported_at: 'now' is not an ISO-8601 instant like 2027-01-31T09:00:00Z"));
    BOOST_TEST(has(r.problems, "$.extra: unknown field"));
    BOOST_TEST(r.problems.size() == 5u);
}

BOOST_AUTO_TEST_CASE(fields_of_the_wrong_type_or_missing_are_named_by_their_place) {
    // Act
    auto r = read(with_workspace(R"("teams": [{"channel": 5, "members": [{"user": "U1", "lead": "yes"}, 3]}],
        "objectives": [{"number": "P-1", "title": "x"}, {"number": "O-2", "grade": "high"}],
        "key_results": [{"number": "KR-1", "objective": "O-2", "title": "k"}],
        "checkins": [{"kr": "KR-1", "value": 1, "confidence": 2.5, "created_at": "2027-01-01T00:00:00Z"}],
        "wins": [{"team": "t"}],
        "edits": [{"target": "X-1", "field": "f"}, {"target": "O-1"}],
        "retros": {},
        "colour": "blue")"));

    // Check
    for (const char* expected : {"workspaces[0].teams[0].name: is missing",
                                 "workspaces[0].teams[0].channel: must be a string",
                                 "workspaces[0].teams[0].members[0].lead: must be true or false",
                                 "workspaces[0].teams[0].members[1]: must be a JSON object",
                                 "workspaces[0].objectives[0].number: \"P-1\" is not like O-3",
                                 "workspaces[0].objectives[1].title: is missing",
                                 "workspaces[0].objectives[1].grade: must be a number",
                                 "workspaces[0].key_results[0].target: is missing",
                                 "workspaces[0].checkins[0].user: is missing",
                                 "workspaces[0].checkins[0].confidence: must be a whole number from 1 to 10",
                                 "workspaces[0].wins[0].title: is missing",
                                 "workspaces[0].wins[0].user: is missing",
                                 "workspaces[0].wins[0].created_at: is missing",
                                 "workspaces[0].edits[0].target: 'X-1' is not like O-3 or KR-7",
                                 "workspaces[0].edits[1].field: is missing",
                                 "workspaces[0].retros: must be an array",
                                 "workspaces[0].colour: unknown field"}) {
        BOOST_TEST_INFO(expected);
        BOOST_TEST(has(r.problems, expected));
    }
    BOOST_TEST(r.problems.size() == 17u);
}

BOOST_AUTO_TEST_CASE(a_workspace_key_twice_is_refused_at_the_later_place) {
    auto r = read(R"({"format": "goalpost-export", "version": 1,
        "workspaces": [{"key": "slack:T1"}, {"key": "slack:T2"}, {"key": "slack:T1"}]})");

    BOOST_TEST(lines(r.problems) == std::vector<std::string>{"workspaces[2].key: slack:T1 appears twice"});
}

BOOST_AUTO_TEST_CASE(slack_text_is_decoded_in_documents_from_before_schema_8_only) {
    // Setup
    const std::string rows = R"("teams": [{"name": "R&amp;D"}],
        "objectives": [{"number": "O-1", "title": "Q&amp;A &lt; 2 days", "team": "R&amp;D"}])";

    // Act
    auto old_doc = read(with_workspace(rows, 7));
    auto new_doc = read(with_workspace(rows, 8));

    // Check
    BOOST_TEST(old_doc.document.value().workspaces.at(0).teams.at(0).name == "R&D");
    BOOST_TEST(old_doc.document.value().workspaces.at(0).objectives.at(0).title == "Q&A < 2 days");
    BOOST_TEST(*old_doc.document.value().workspaces.at(0).objectives.at(0).team == "R&D");
    BOOST_TEST(new_doc.document.value().workspaces.at(0).teams.at(0).name == "R&amp;D");
    BOOST_TEST(new_doc.document.value().workspaces.at(0).objectives.at(0).title == "Q&amp;A &lt; 2 days");
}

BOOST_AUTO_TEST_SUITE_END()
