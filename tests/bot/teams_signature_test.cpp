// Teams outgoing-webhook signatures and the Activity parser.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "bot/teams/signature.hpp"
#include "bot/crypto/hmac.hpp"
#include "bot/teams/activity.hpp"

using namespace goalpost::bot;
using namespace goalpost::bot::crypto;

namespace {

// Microsoft publishes no key/body/signature triple for outgoing webhooks (see
// /work/shared/fixtures/README.md), so this vector was made here, independently of goalpost:
//   KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
//   printf '%s' "$KEY" | xxd -r -p | base64        # the security token as Teams shows it
//   BODY='{"type":"message","id":"1485983408511","text":"<at>goalpost</at> help"}'
//   printf '%s' "$BODY" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY -binary | base64
// and cross-checked with Python's hmac module.
const std::string vector_secret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const std::string vector_body = R"({"type":"message","id":"1485983408511","text":"<at>goalpost</at> help"})";
const std::string vector_header = "HMAC rTwZ0DthuF3d0q+qMfA99eHdK/Ca87e0Tt1cqZMYfI4=";

std::string fixture(const std::string& name) {
    std::ifstream in(std::string(GOALPOST_FIXTURES) + "/" + name, std::ios::binary);
    BOOST_REQUIRE_MESSAGE(in.good(), name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Microsoft's published example Activity with the tenant Teams sends today added.
std::string fixture_with_tenant() {
    auto v = boost::json::parse(fixture("teams-outgoing-webhook-activity.json"));
    v.as_object()["channelData"].as_object()["tenant"] = {{"id", "72f988bf-86f1-41af-91ab-2d7cd011db47"}};
    return boost::json::serialize(v);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(teams_signing)

BOOST_AUTO_TEST_CASE(the_known_vector_verifies) {
    BOOST_TEST(teams_signature(vector_secret, vector_body) == vector_header);
    BOOST_TEST((verify_teams_signature(vector_secret, vector_header, vector_body) == TeamsSignatureCheck::ok));
    // The scheme name is case-insensitive, surrounding spaces are tolerated.
    BOOST_TEST((verify_teams_signature(vector_secret, "hmac  " + vector_header.substr(5) + " ", vector_body) ==
                TeamsSignatureCheck::ok));
}

BOOST_AUTO_TEST_CASE(a_tampered_body_or_a_wrong_key_is_a_mismatch) {
    BOOST_TEST((verify_teams_signature(vector_secret, vector_header, vector_body + " ") ==
                TeamsSignatureCheck::mismatch));
    std::string tampered = vector_body;
    tampered.replace(tampered.find("help"), 4, "kr add");
    BOOST_TEST((verify_teams_signature(vector_secret, vector_header, tampered) == TeamsSignatureCheck::mismatch));
    // Another valid 32-byte key.
    std::string other_key = base64_encode(std::string(32, '\x07'));
    BOOST_TEST((verify_teams_signature(other_key, vector_header, vector_body) == TeamsSignatureCheck::mismatch));
    // The base64 text of the token used as the key, instead of the bytes it encodes.
    std::string undecoded = "HMAC " + base64_encode(std::string(32, '\0'));
    BOOST_TEST((verify_teams_signature(vector_secret, undecoded, vector_body) == TeamsSignatureCheck::mismatch));
    // A secret that is not base64 matches nothing and signs nothing.
    BOOST_TEST((verify_teams_signature("not base64!", vector_header, vector_body) == TeamsSignatureCheck::mismatch));
    BOOST_TEST(teams_signature("not base64!", vector_body).empty());
}

BOOST_AUTO_TEST_CASE(missing_and_malformed_headers) {
    BOOST_TEST((verify_teams_signature(vector_secret, "", vector_body) == TeamsSignatureCheck::missing));
    BOOST_TEST((verify_teams_signature(vector_secret, "   ", vector_body) == TeamsSignatureCheck::missing));
    for (const std::string& header : std::vector<std::string>{"Bearer x", "HMAC not-base64!!", "HMAC", "HMAC ", "HMACrTwZ0DthuF3d0q",
                               "Basic " + vector_header.substr(5), "HMAC " + base64_encode("sixteen bytes!!!"),
                               vector_header.substr(0, vector_header.size() - 1)}) {
        BOOST_TEST_CONTEXT(header) {
            BOOST_TEST((verify_teams_signature(vector_secret, header, vector_body) == TeamsSignatureCheck::malformed));
        }
    }
}

BOOST_AUTO_TEST_CASE(base64_is_strict) {
    BOOST_TEST(*base64_decode("aGVsbG8=") == "hello");
    BOOST_TEST(*base64_decode("aGVsbG8h") == "hello!");
    BOOST_TEST(*base64_decode("aGk=") == "hi");
    BOOST_TEST(*base64_decode("") == "");
    BOOST_TEST(base64_decode(vector_secret)->size() == 32u);
    BOOST_TEST(base64_encode(*base64_decode(vector_secret)) == vector_secret);
    for (const std::string& bad : std::vector<std::string>{"aGVsbG8", "aGV sbG8=", "aGVs*G8=", "a===", "=aGk", "aG=k"}) {
        BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!base64_decode(bad)); }
    }
}

BOOST_AUTO_TEST_CASE(activity_timestamps) {
    // The fixture's pair: the same instant in UTC and in local time with an offset.
    BOOST_TEST(parse_activity_time("2017-02-01T21:10:07.437Z")->time_since_epoch().count() == 1485983407);
    BOOST_TEST(parse_activity_time("2017-02-01T14:10:07.437-07:00")->time_since_epoch().count() == 1485983407);
    BOOST_TEST(parse_activity_time("2017-02-02T02:40:07+0530")->time_since_epoch().count() == 1485983407);
    BOOST_TEST(parse_activity_time("2017-02-01T21:10:07.4370000Z")->time_since_epoch().count() == 1485983407);
    BOOST_TEST(parse_activity_time("2017-02-01T21:10:07")->time_since_epoch().count() == 1485983407);
    BOOST_TEST(parse_activity_time("2024-02-29T00:00:00Z").has_value());
    for (const std::string& bad : std::vector<std::string>{"", "yesterday", "2017-02-30T21:10:07Z", "2017-02-01 21:10:07Z", "2017-02-01T25:10:07Z",
                            "2017-02-01T21:10:07.Z", "2017-02-01T21:10:07Zjunk", "2017-02-01T21:10:07+7",
                            "2017-2-1T21:10:07Z"}) {
        BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_activity_time(bad)); }
    }
}

BOOST_AUTO_TEST_CASE(microsofts_example_activity_parses) {
    auto parsed = parse_teams_activity(fixture_with_tenant());
    BOOST_TEST_REQUIRE(parsed.activity.has_value(), parsed.problem);
    const auto& a = *parsed.activity;
    BOOST_TEST(a.id == "1485983408511");
    BOOST_TEST(a.timestamp.time_since_epoch().count() == 1485983407);
    BOOST_TEST(a.tenant == "72f988bf-86f1-41af-91ab-2d7cd011db47");
    // No aadObjectId in this (2017) example: the Bot Framework id stands in.
    BOOST_TEST(a.user_id ==
               "29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85gQtHieVkHilBZ9XHoq9j7Zaqt7CZ-NJWi7me2kHTL3Bw");
    BOOST_TEST(a.user_name == "Tim Jones");
    BOOST_TEST(a.channel_id == "19:253b1f341670408fb6fe51050b6e5ceb@thread.skype");
    BOOST_TEST(a.conversation_id == "19:253b1f341670408fb6fe51050b6e5ceb@thread.skype;messageid=1485983194839");
    BOOST_TEST(a.bot_name == "MyCustomBot");
    // The webhook's mention is gone; Larry's became a mention goalpost's grammar reads.
    BOOST_TEST(a.text ==
               "Hello <@29:1jnFbZYs0qXMLH-O4S9-sDLNc3NVEIMWMnC-q0tVdEa-8BRosfojI35QdNoB-yW8iutWLJzHUm_mqEZSSU8si0Q>");
    BOOST_TEST(a.names.at("29:1jnFbZYs0qXMLH-O4S9-sDLNc3NVEIMWMnC-q0tVdEa-8BRosfojI35QdNoB-yW8iutWLJzHUm_mqEZSSU8si0Q") ==
               "Larry Brown");
}

BOOST_AUTO_TEST_CASE(an_activity_without_tenant_id_timestamp_or_sender_is_refused) {
    auto no_tenant = parse_teams_activity(fixture("teams-outgoing-webhook-activity.json"));
    BOOST_TEST(!no_tenant.activity.has_value());
    BOOST_TEST(no_tenant.problem.find("tenant") != std::string::npos);

    auto without = [](const char* key) {
        auto v = boost::json::parse(fixture_with_tenant());
        v.as_object().erase(key);
        return parse_teams_activity(boost::json::serialize(v));
    };
    BOOST_TEST(!without("id").activity.has_value());
    BOOST_TEST(!without("timestamp").activity.has_value());
    BOOST_TEST(!without("from").activity.has_value());
    BOOST_TEST(parse_teams_activity("{\"id\":").problem == "body is not JSON");
    BOOST_TEST(parse_teams_activity("[1,2]").problem == "body is not a JSON object");
    BOOST_TEST(!parse_teams_activity("").activity.has_value());
}

BOOST_AUTO_TEST_CASE(text_is_cleaned_of_what_teams_adds) {
    std::map<std::string, std::string> mentions{{"<at>Larry Brown</at>", "29:larry"}, {"<at>Ben</at>", "aad-ben"}};
    std::string bot;
    BOOST_TEST(clean_teams_text("<at>goalpost</at> checkin KR-1 5", mentions, &bot) == "checkin KR-1 5");
    BOOST_TEST(bot == "goalpost");
    // Either way of typing the command works.
    BOOST_TEST(clean_teams_text("<at>goalpost</at> /okr checkin KR-1 5", mentions) == "checkin KR-1 5");
    BOOST_TEST(clean_teams_text("<at>goalpost</at> OKR help", mentions) == "help");
    BOOST_TEST(clean_teams_text("<at>goalpost</at> okr", mentions) == "");
    BOOST_TEST(clean_teams_text("<at>goalpost</at> okrs", mentions) == "okrs");
    // HTML the Teams client wraps a message in, and its entities.
    BOOST_TEST(clean_teams_text("<p><at>goalpost</at>&nbsp;checkin KR-1 5 &quot;half&nbsp;way&quot;</p>", mentions) ==
               "checkin KR-1 5 \"half way\"");
    BOOST_TEST(clean_teams_text("<div><at>goalpost</at> team add growth <at>Larry Brown</at> <at>Ben</at><br></div>",
                                mentions) == "team add growth <@29:larry> <@aad-ben>");
    BOOST_TEST(clean_teams_text("<at>goalpost</at> objective add &#8220;Grow &amp; win&#8221; &#x1F680;", mentions) ==
               "objective add \u201cGrow & win\u201d \U0001F680");
    BOOST_TEST(clean_teams_text("<at>goalpost</at> list<br/>mine", mentions) == "list mine");
    BOOST_TEST(clean_teams_text("<at>goalpost</at> <span itemscope=\"\">show</span> O-1", mentions) == "show O-1");
    // A mention without an entity reads as a plain @name.
    BOOST_TEST(clean_teams_text("<at>goalpost</at> team add growth <at>Zoe</at>", mentions) == "team add growth @Zoe");
    // Characters typed as entities stay text: they cannot become tags afterwards.
    BOOST_TEST(clean_teams_text("<at>goalpost</at> checkin KR-1 5 &lt;b&gt;x&lt;/b&gt; a &lt; b", mentions) ==
               "checkin KR-1 5 <b>x</b> a < b");
    BOOST_TEST(clean_teams_text("<at>goalpost</at> checkin KR-1 5 &#0; &#xD800; &bogus;", mentions) ==
               "checkin KR-1 5 &#0; &#xD800; &bogus;");
}

BOOST_AUTO_TEST_SUITE_END()
