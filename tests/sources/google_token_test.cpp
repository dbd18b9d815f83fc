// The service-account token for private sheets: the RS256 assertion, the exchange at the token
// endpoint, the cache, and what the owner is told when Google refuses.
#include <boost/test/unit_test.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "bot/crypto/hmac.hpp"
#include "bot/sources/google_token.hpp"
#include "tests/sources/support.hpp"

using namespace goalpost;
using namespace goalpost::testing;
using namespace std::chrono_literals;
namespace json = boost::json;
namespace crypto = goalpost::bot::crypto;

namespace {

const std::string client_email = "goalpost-test@goalpost-test-not-real.iam.gserviceaccount.com";
const std::string sheet_id = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
const std::string jwt_bearer_grant = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";

// A service-account key file (JSON) around the throwaway test key, written for the test and
// removed after it: no file of type service_account with a private key is committed.
class KeyFile {
public:
    explicit KeyFile(const std::string& token_uri, const std::string& type = "service_account") {
        static std::atomic<int> count{0};
        path_ = std::filesystem::temp_directory_path() /
                ("goalpost-test-key-" + std::to_string(::getpid()) + "-" + std::to_string(count++) + ".json");
        const json::object key{{"type", type},
                               {"project_id", "goalpost-test-not-real"},
                               {"private_key_id", "0000000000000000000000000000000000000000"},
                               {"private_key", source_fixture("THROWAWAY-TEST-ONLY-service-account.key.pem")},
                               {"client_email", client_email},
                               {"client_id", "000000000000000000000"},
                               {"token_uri", token_uri},
                               {"universe_domain", "googleapis.com"}};
        std::ofstream(path_) << json::serialize(key);
    }
    ~KeyFile() { std::filesystem::remove(path_); }
    std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

// Sheets by service account only, its token endpoint at `fake`'s /token unless `token_url`.
config::SourcesSettings service_account_settings(const FakePlatform& fake, const KeyFile& key) {
    auto settings = settings_for(fake);
    settings.sheets.api_key.reset();
    settings.sheets.service_account_file = key.path();
    return settings;
}

std::string token_answer(const std::string& token, int expires_in = 3600) {
    auto answer = json::parse(source_fixture("google-oauth-token-response.json")).as_object();
    answer["access_token"] = token;
    answer["expires_in"] = expires_in;
    return json::serialize(answer);
}

std::string base64url_decode(std::string text) {
    for (char& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (text.size() % 4 != 0) text += '=';
    return crypto::base64_decode(text).value_or("");
}

// The JWT's signature checks out with the throwaway key's public half (RS256).
bool verifies_with_the_public_key(const std::string& jwt) {
    const auto dot = jwt.rfind('.');
    const auto input = jwt.substr(0, dot);
    const auto signature = base64url_decode(jwt.substr(dot + 1));
    const auto pem = source_fixture("THROWAWAY-TEST-ONLY-service-account.pub.pem");
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    const bool ok =
        key != nullptr && EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    EVP_MD_CTX_free(context);
    EVP_PKEY_free(key);
    BIO_free(bio);
    return ok;
}

json::object claims_of(const std::string& jwt) {
    const auto first = jwt.find('.');
    return json::parse(base64url_decode(jwt.substr(first + 1, jwt.rfind('.') - first - 1))).as_object();
}

// "name: value" lines of the test vector.
std::string vector_line(const std::string& name) {
    std::istringstream in(source_fixture("google-oauth-jwt.test-vector.txt"));
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with(name + ": ")) return line.substr(name.size() + 2);
    }
    BOOST_FAIL("no " << name << " in the test vector");
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(google_token)

BOOST_AUTO_TEST_CASE(signs_the_test_vector_byte_for_byte) {
    // Setup: RS256 (PKCS#1 v1.5) is deterministic, so the same key and claims give the same JWT
    const bot::sources::ServiceAccountKey key{client_email,
                                              source_fixture("THROWAWAY-TEST-ONLY-service-account.key.pem"), ""};

    // Act
    const auto jwt =
        bot::sources::sign_assertion(key, bot::sources::sheets_readonly_scope, "https://oauth2.googleapis.com/token",
                                     core::Time{std::chrono::seconds{1893456000}});

    // Check
    BOOST_TEST_REQUIRE(jwt.has_value());
    BOOST_TEST(*jwt == vector_line("jwt"));
    BOOST_TEST(source_fixture("google-oauth-token-request.form") == jwt_bearer_grant + *jwt);
    BOOST_TEST(verifies_with_the_public_key(*jwt));
}

BOOST_AUTO_TEST_CASE(a_key_that_is_not_rsa_signs_nothing) {
    const bot::sources::ServiceAccountKey key{client_email,
                                              "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n", ""};

    BOOST_TEST(!bot::sources::sign_assertion(key, bot::sources::sheets_readonly_scope, "https://x", t0).has_value());
}

BOOST_AUTO_TEST_CASE(reads_a_private_sheet_with_a_token_fetched_once_and_kept_until_a_minute_before_it_expires) {
    // Setup
    FakePlatform fake;
    const KeyFile key(fake.base_url("/token"));
    const auto settings = service_account_settings(fake, key);
    auto http = test_http();
    const auto sheet = ok(source_fixture("sheets-values-get.single-cell.json"));
    fake.script({ok(token_answer(google_access_token)), sheet, sheet, ok(token_answer("ya29.second-token")), sheet});
    auto source = bot::sources::make_source("sheets", settings, *http);

    // Act
    const auto first = source->read({sheet_id, "Sheet1!B2"}, t0);
    const auto cached = source->read({sheet_id, "Sheet1!B2"}, t0 + 3539s);
    const auto renewed = source->read({sheet_id, "Sheet1!B2"}, t0 + 3540s);

    // Check: the values
    for (const auto& reading : {first, cached, renewed}) check_reading(reading);
    BOOST_TEST(first.value.value_or(-1) == 20.5);
    BOOST_TEST(cached.value.value_or(-1) == 20.5);
    BOOST_TEST(renewed.value.value_or(-1) == 20.5);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 5u);
    // the exchange: a form with the signed assertion
    const auto& exchange = requests[0];
    BOOST_TEST(exchange.method == "POST");
    BOOST_TEST(exchange.target == "/token");
    BOOST_TEST(exchange.header("Content-Type") == "application/x-www-form-urlencoded");
    BOOST_TEST_REQUIRE(exchange.body.starts_with(jwt_bearer_grant));
    const auto jwt = exchange.body.substr(jwt_bearer_grant.size());
    BOOST_TEST(verifies_with_the_public_key(jwt));
    BOOST_TEST(jwt.substr(0, jwt.find('.')) == crypto::base64url_encode(R"({"alg":"RS256","typ":"JWT"})"));
    const auto claims = claims_of(jwt);
    BOOST_TEST(claims.at("iss").as_string() == client_email);
    BOOST_TEST(claims.at("scope").as_string() == "https://www.googleapis.com/auth/spreadsheets.readonly");
    BOOST_TEST(claims.at("aud").as_string() == fake.base_url("/token"));
    BOOST_TEST(claims.at("iat").to_number<std::int64_t>() == t0.time_since_epoch().count());
    BOOST_TEST(claims.at("exp").to_number<std::int64_t>() == t0.time_since_epoch().count() + 3600);
    // the reads: the token as a bearer, no key in the query
    for (std::size_t i : {1u, 2u, 4u}) {
        BOOST_TEST(requests[i].method == "GET");
        BOOST_TEST(requests[i].target == "/v4/spreadsheets/" + sheet_id + "/values/Sheet1%21B2");
    }
    BOOST_TEST(requests[1].header("Authorization") == "Bearer " + google_access_token);
    BOOST_TEST(requests[2].header("Authorization") == "Bearer " + google_access_token);
    BOOST_TEST(requests[3].target == "/token");
    BOOST_TEST(requests[4].header("Authorization") == "Bearer ya29.second-token");
}

BOOST_AUTO_TEST_CASE(sources_sheets_token_url_wins_over_the_key_files_token_uri) {
    FakePlatform fake;
    const KeyFile key("https://oauth2.googleapis.com/token");
    auto settings = service_account_settings(fake, key);
    settings.sheets.token_url = fake.base_url("/oauth2/token");
    auto http = test_http();
    fake.script({ok(token_answer(google_access_token)), ok(source_fixture("sheets-values-get.single-cell.json"))});

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(reading.value.value_or(-1) == 20.5);
    const auto requests = fake.requests();
    BOOST_TEST_REQUIRE(requests.size() == 2u);
    BOOST_TEST(requests[0].target == "/oauth2/token");
    BOOST_TEST(claims_of(requests[0].body.substr(jwt_bearer_grant.size())).at("aud").as_string() ==
               fake.base_url("/oauth2/token"));
}

BOOST_AUTO_TEST_CASE(an_invalid_grant_is_explained_and_not_read_again) {
    FakePlatform fake;
    const KeyFile key(fake.base_url("/token"));
    const auto settings = service_account_settings(fake, key);
    auto http = test_http();
    fake.script({answer(400, source_fixture("google-oauth-token-error-invalid-grant.json"))});

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(!reading.retry);
    BOOST_TEST(reading.error ==
               "Google refused the service account's sign-in (400: invalid_grant: Invalid JWT Signature.): check "
               "sources.sheets.service_account_file (its key may have been deleted) and this machine's clock");
    BOOST_TEST(fake.requests().size() == 1u);  // no read without a token
}

BOOST_AUTO_TEST_CASE(a_token_endpoint_that_fails_is_asked_again_at_the_next_read) {
    FakePlatform fake;
    const KeyFile key(fake.base_url("/token"));
    const auto settings = service_account_settings(fake, key);
    auto http = test_http();
    fake.script({answer(503, R"({"error":"backend_error"})"), ok(token_answer(google_access_token)),
                 ok(source_fixture("sheets-values-get.single-cell.json"))});
    auto source = bot::sources::make_source("sheets", settings, *http);

    const auto failed = source->read({sheet_id, "Sheet1!B2"}, t0);
    const auto next = source->read({sheet_id, "Sheet1!B2"}, t0 + 60s);

    check_reading(failed);
    check_reading(next);
    BOOST_TEST(failed.retry);
    BOOST_TEST(failed.error == "Google had a problem answering (503); goalpost will read again");
    BOOST_TEST(next.value.value_or(-1) == 20.5);
}

BOOST_AUTO_TEST_CASE(a_private_sheet_not_shared_with_the_account_says_so) {
    FakePlatform fake;
    const KeyFile key(fake.base_url("/token"));
    const auto settings = service_account_settings(fake, key);
    auto http = test_http();
    fake.script({ok(token_answer(google_access_token)),
                 answer(403, source_fixture("sheets-error-403-permission-denied.json"))});

    const auto reading = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(reading.error ==
               "Google Sheets refused access (403: The caller does not have permission): share the sheet with the "
               "service account's e-mail (client_email in sources.sheets.service_account_file)");
}

BOOST_AUTO_TEST_CASE(a_key_file_that_is_missing_or_of_another_kind_is_named) {
    FakePlatform fake;
    auto settings = settings_for(fake);
    settings.sheets.api_key.reset();
    settings.sheets.service_account_file = "/nonexistent/goalpost-key.json";
    auto http = test_http();

    const auto missing = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});
    const KeyFile user_key(fake.base_url("/token"), "authorized_user");
    settings.sheets.service_account_file = user_key.path();
    const auto other_kind = read_source("sheets", settings, *http, {sheet_id, "Sheet1!B2"});

    BOOST_TEST(!missing.retry);
    BOOST_TEST(missing.error == "goalpost could not open the file sources.sheets.service_account_file names");
    BOOST_TEST(
        other_kind.error ==
        "sources.sheets.service_account_file holds a key of type \"authorized_user\": create a key for a service "
        "account (JSON)");
    BOOST_TEST(fake.requests().empty());
}

BOOST_AUTO_TEST_CASE(threads_asking_at_once_share_one_exchange) {
    FakePlatform fake;
    const KeyFile key(fake.base_url("/token"));
    auto http = test_http();
    fake.script({ok(token_answer(google_access_token))});
    bot::sources::GoogleToken token(key.path(), std::nullopt, std::string(bot::sources::sheets_readonly_scope), *http);

    std::vector<std::string> got(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < got.size(); ++i) {
        threads.emplace_back([&, i] {
            auto t = token.access_token(t0);
            got[i] = t ? *t : t.error().error;
        });
    }
    for (auto& t : threads) t.join();

    for (const auto& g : got) BOOST_TEST(g == google_access_token);
    BOOST_TEST(fake.requests().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
