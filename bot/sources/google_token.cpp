#include "bot/sources/google_token.hpp"

#include <fstream>
#include <memory>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "bot/crypto/hmac.hpp"
#include "bot/sources/http_reading.hpp"

namespace goalpost::bot::sources {

namespace {

namespace json = boost::json;

constexpr std::chrono::seconds assertion_lifetime{3600};  // Google's maximum
constexpr std::chrono::seconds renew_early{60};
constexpr std::size_t max_key_file_bytes = 64 * 1024;  // a key file is about 2.4 kB
constexpr std::string_view file_key = "sources.sheets.service_account_file";

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct ContextFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::unique_ptr<EVP_PKEY, KeyFree> rsa_key(std::string_view pem) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return nullptr;
    // Without a passphrase callback OpenSSL would prompt on the terminal for an encrypted key.
    auto no_passphrase = [](char*, int, int, void*) { return 0; };
    std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return nullptr;
    return key;
}

std::optional<std::string> sign_sha256(EVP_PKEY* key, std::string_view input) {
    std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    std::size_t size = 0;
    if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &size, data, input.size()) != 1) {
        return std::nullopt;
    }
    std::string signature(size, '\0');
    auto* out = reinterpret_cast<unsigned char*>(signature.data());
    if (EVP_DigestSign(context.get(), out, &size, data, input.size()) != 1) return std::nullopt;
    signature.resize(size);
    return signature;
}

// RSASSA-PKCS1-v1_5 with SHA-256 (RS256); nothing when `pem` is not an RSA private key.
std::optional<std::string> rs256(std::string_view pem, std::string_view input) {
    auto key = rsa_key(pem);
    auto signature = key ? sign_sha256(key.get(), input) : std::nullopt;
    // What failed must not stay on OpenSSL's per-thread error queue, where TLS code would find it.
    ERR_clear_error();
    return signature;
}

std::string string_field(const json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

boost::system::result<ServiceAccountKey, std::string> parse_service_account(std::string_view json_text) {
    // A ServiceAccountKey can be made from a string too (C++20 aggregates), so say which one this is.
    const auto problem = [](std::string text) {
        return boost::system::result<ServiceAccountKey, std::string>(boost::system::in_place_error, std::move(text));
    };
    boost::system::error_code ec;
    const auto doc = json::parse(json_text, ec);
    if (ec || !doc.is_object()) return problem(fmt::format("{} is not a key file (JSON) from Google Cloud", file_key));
    const auto& o = doc.as_object();
    if (const auto type = string_field(o, "type"); type != "service_account") {
        return problem(fmt::format("{} holds a key of type \"{}\": create a key for a service account (JSON)", file_key,
                                   type.substr(0, 40)));
    }
    ServiceAccountKey key{string_field(o, "client_email"), string_field(o, "private_key"),
                          string_field(o, "token_uri")};
    if (key.client_email.empty()) return problem(fmt::format("{} has no client_email", file_key));
    if (key.private_key.empty()) return problem(fmt::format("{} has no private_key", file_key));
    return key;
}

std::optional<std::string> sign_assertion(const ServiceAccountKey& key, std::string_view scope,
                                          std::string_view audience, core::Time now) {
    const auto iat = now.time_since_epoch().count();
    const json::object claims{{"iss", key.client_email},
                              {"scope", scope},
                              {"aud", audience},
                              {"exp", iat + assertion_lifetime.count()},
                              {"iat", iat}};
    const auto input = crypto::base64url_encode(R"({"alg":"RS256","typ":"JWT"})") + "." +
                       crypto::base64url_encode(json::serialize(claims));
    auto signature = rs256(key.private_key, input);
    if (!signature) return std::nullopt;
    return input + "." + crypto::base64url_encode(*signature);
}

GoogleToken::GoogleToken(std::string key_file, std::optional<std::string> token_url, std::string scope,
                         OutboundHttp& http)
    : key_file_(std::move(key_file)), token_url_(std::move(token_url)), scope_(std::move(scope)), http_(http) {}

boost::system::result<std::string, Reading> GoogleToken::access_token(core::Time now) {
    std::lock_guard lock(mutex_);
    if (!token_.empty() && now < renew_at_) return token_;
    return exchange(now);
}

boost::system::result<std::string, Reading> GoogleToken::exchange(core::Time now) {
    if (!key_) {
        // Read once it parses: a key file fixed by the admin is picked up at the next read.
        std::ifstream in(key_file_, std::ios::binary);
        if (!in) return refused(fmt::format("goalpost could not open the file {} names", file_key));
        std::string text(max_key_file_bytes, '\0');
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
        auto parsed = parse_service_account(text);
        if (!parsed) return refused(parsed.error());
        key_ = *parsed;
    }
    const auto url = token_url_.value_or(key_->token_uri);
    if (url.empty()) return refused(fmt::format("{} has no token_uri: set sources.sheets.token_url", file_key));
    const auto assertion = sign_assertion(*key_, scope_, url, now);
    if (!assertion) return refused(fmt::format("The private_key in {} is not an RSA key goalpost can use", file_key));

    OutboundRequest request;
    request.method = "POST";
    request.url = url;
    request.content_type = "application/x-www-form-urlencoded";
    request.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + *assertion;
    const Platform google{
        .name = "Google",
        .address_key = token_url_ ? "sources.sheets.token_url" : "the token_uri of the key file",
        .credentials = std::string(file_key),
        .request = "the service account's sign-in",
        .request_hint = fmt::format("check {} (its key may have been deleted) and this machine's clock", file_key)};
    auto body = json_body(http_.send(request), google);
    if (!body) return body.error();
    const auto* answer = body->if_object();
    const auto token = answer != nullptr ? string_field(*answer, "access_token") : std::string();
    if (token.empty()) {
        return refused("Google's sign-in answered without an access_token: check sources.sheets.token_url");
    }
    const auto* expires_in = answer->if_contains("expires_in");
    const auto lifetime = expires_in != nullptr && expires_in->is_number()
                              ? std::chrono::seconds(static_cast<long long>(expires_in->to_number<double>()))
                              : assertion_lifetime;
    token_ = token;
    renew_at_ = now + lifetime - renew_early;
    return token_;
}

}  // namespace goalpost::bot::sources
