#pragma once
// An OAuth 2.0 access token for a Google service account, so that sheets shared only with the
// account can be read: a JWT signed with the account's key (RS256) is exchanged at the token
// endpoint, and the token is kept until a minute before it expires.
// https://developers.google.com/identity/protocols/oauth2/service-account#httprest
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

#include "bot/sources/source.hpp"
#include "core/types.hpp"

namespace goalpost::bot::sources {

inline constexpr std::string_view sheets_readonly_scope = "https://www.googleapis.com/auth/spreadsheets.readonly";

// What goalpost needs from a service-account key file; other fields are ignored.
struct ServiceAccountKey {
    std::string client_email;
    std::string private_key;  // PEM
    std::string token_uri;
};

// The key file's JSON, or what is wrong with it in words (never the key).
boost::system::result<ServiceAccountKey, std::string> parse_service_account(std::string_view json_text);

// The JWT asserting `key`'s identity for `scope` to `audience` (the token URL), issued at `now`
// and valid for an hour: header {"alg":"RS256","typ":"JWT"}, claims {iss, scope, aud, exp, iat},
// signed with RSASSA-PKCS1-v1_5 and SHA-256. Nothing when the private key is not a usable RSA key.
std::optional<std::string> sign_assertion(const ServiceAccountKey& key, std::string_view scope,
                                          std::string_view audience, core::Time now);

class GoogleToken {
public:
    // `key_file`: the key (JSON) as Google Cloud's console downloads it, read at the first
    // request; `token_url`: where to exchange the assertion, else the file's token_uri.
    // `http` outlives it. Safe to share between threads.
    GoogleToken(std::string key_file, std::optional<std::string> token_url, std::string scope, OutboundHttp& http);

    // A token valid at `now`, or the failed read that says why there is none.
    boost::system::result<std::string, Reading> access_token(core::Time now);

private:
    const std::string key_file_;
    const std::optional<std::string> token_url_;
    const std::string scope_;
    OutboundHttp& http_;

    std::mutex mutex_;  // one exchange at a time; the others then use its token
    std::optional<ServiceAccountKey> key_;
    std::string token_;
    core::Time renew_at_{};  // a minute before the token expires

    boost::system::result<std::string, Reading> exchange(core::Time now);
};

}  // namespace goalpost::bot::sources
