#include "bot/crypto/hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace goalpost::bot::crypto {
namespace {

// One EVP_MAC context per thread: EVP_MAC_init with a NULL key starts a new message with the
// key already scheduled.
class KeyedMac {
public:
    KeyedMac() : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)), ctx_(mac_ ? EVP_MAC_CTX_new(mac_) : nullptr) {}
    ~KeyedMac() {
        EVP_MAC_CTX_free(ctx_);
        EVP_MAC_free(mac_);
    }
    KeyedMac(const KeyedMac&) = delete;
    KeyedMac& operator=(const KeyedMac&) = delete;

    // The MAC over `parts`; empty if OpenSSL could not keep a context.
    std::string sign(std::string_view key, std::initializer_list<std::string_view> parts) {
        if (ctx_ == nullptr) return {};
        bool ok;
        if (keyed_ && key == key_) {
            ok = EVP_MAC_init(ctx_, nullptr, 0, nullptr) == 1;
        } else {
            char digest[] = "SHA256";
            OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                   OSSL_PARAM_construct_end()};
            ok = EVP_MAC_init(ctx_, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) == 1;
            keyed_ = ok;
            if (ok) key_.assign(key);
        }
        for (auto part : parts) {
            ok = ok && EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(part.data()), part.size()) == 1;
        }
        unsigned char out[EVP_MAX_MD_SIZE];
        std::size_t len = 0;
        ok = ok && EVP_MAC_final(ctx_, out, &len, sizeof out) == 1;
        return ok ? std::string(reinterpret_cast<const char*>(out), len) : std::string();
    }

private:
    EVP_MAC* mac_;
    EVP_MAC_CTX* ctx_;
    std::string key_;
    bool keyed_ = false;
};

// The one-shot call, for when no context could be kept.
std::string one_shot(std::string_view key, std::initializer_list<std::string_view> parts) {
    std::string message;
    for (auto part : parts) message.append(part);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &len) == nullptr) {
        throw std::runtime_error("OpenSSL could not compute an HMAC-SHA256");
    }
    return std::string(reinterpret_cast<const char*>(out), len);
}

bool is_base64_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::initializer_list<std::string_view> parts) {
    thread_local KeyedMac mac;
    auto out = mac.sign(key, parts);
    return out.empty() ? one_shot(key, parts) : out;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(bytes.size() * 2, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        out[2 * i] = digits[b >> 4];
        out[2 * i + 1] = digits[b & 0xF];
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t padding = 0;
    if (!text.empty() && text.back() == '=') ++padding;
    if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
    for (std::size_t i = 0; i + padding < text.size(); ++i) {
        if (!is_base64_char(text[i])) return std::nullopt;
    }
    if (text.empty()) return std::string();
    std::string out(text.size() / 4 * 3, '\0');
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0 || static_cast<std::size_t>(n) < padding) return std::nullopt;
    // EVP_DecodeBlock counts the padding as zero bytes.
    out.resize(static_cast<std::size_t>(n) - padding);
    return out;
}

std::string base64_encode(std::string_view bytes) {
    std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string base64url_encode(std::string_view bytes) {
    std::string out = base64_encode(bytes);
    for (char& ch : out) {
        if (ch == '+') ch = '-';
        else if (ch == '/') ch = '_';
    }
    while (!out.empty() && out.back() == '=') out.pop_back();
    return out;
}

std::string sha256(std::string_view data) {
    std::string out(sha256_bytes, '\0');
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &size, EVP_sha256(),
                   nullptr) != 1 ||
        size != sha256_bytes) {
        throw std::runtime_error("SHA-256 failed");
    }
    return out;
}

std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        throw std::runtime_error("no random bytes from OpenSSL");
    }
    return out;
}

}  // namespace goalpost::bot::crypto
