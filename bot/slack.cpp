#include "bot/slack.hpp"

#include <boost/json.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/params_view.hpp>
#include <charconv>
#include <initializer_list>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include "core/text.hpp"

namespace goalpost::bot {
namespace {

std::string to_hex(const unsigned char* data, unsigned len) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(len * 2, '0');
    for (unsigned i = 0; i < len; ++i) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 0xF];
    }
    return out;
}

boost::json::object text_object(const char* type, std::string text) {
    boost::json::object o;
    o["type"] = type;
    o["text"] = std::move(text);
    return o;
}

}  // namespace

const char* describe(SignatureCheck c) {
    switch (c) {
        case SignatureCheck::ok: return "ok";
        case SignatureCheck::missing: return "missing signature or timestamp header";
        case SignatureCheck::malformed: return "malformed signature or timestamp";
        case SignatureCheck::stale: return "timestamp more than 300 s from now";
        case SignatureCheck::mismatch: return "signature does not match";
    }
    return "?";
}

namespace {

// HMAC-SHA256 with the key schedule kept per thread: the one-shot HMAC() fetches the digest
// and rebuilds the key pads on every call (a tenth of a check-in's CPU in the profile);
// EVP_MAC_init with a NULL key starts a new message with the same key.
class KeyedMac {
public:
    KeyedMac() : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)), ctx_(mac_ ? EVP_MAC_CTX_new(mac_) : nullptr) {}
    ~KeyedMac() {
        EVP_MAC_CTX_free(ctx_);
        EVP_MAC_free(mac_);
    }
    KeyedMac(const KeyedMac&) = delete;
    KeyedMac& operator=(const KeyedMac&) = delete;

    // HMAC over the concatenation of `parts`; 0 if OpenSSL failed.
    std::size_t sign(std::string_view key, std::initializer_list<std::string_view> parts, unsigned char* out,
                     std::size_t out_size) {
        if (ctx_ == nullptr) return 0;
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
        std::size_t len = 0;
        ok = ok && EVP_MAC_final(ctx_, out, &len, out_size) == 1;
        return ok ? len : 0;
    }

private:
    EVP_MAC* mac_;
    EVP_MAC_CTX* ctx_;
    std::string key_;
    bool keyed_ = false;
};

}  // namespace

std::string slack_signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
    thread_local KeyedMac mac;
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t len = mac.sign(secret, {"v0:", timestamp, ":", body}, digest, sizeof digest);
    if (len == 0) {
        // OpenSSL could not keep a context: fall back to the one-shot call.
        std::string base;
        base.reserve(4 + timestamp.size() + body.size());
        base.append("v0:").append(timestamp).append(":").append(body);
        unsigned one_shot = 0;
        HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(base.data()), base.size(), digest, &one_shot);
        len = one_shot;
    }
    return "v0=" + to_hex(digest, static_cast<unsigned>(len));
}

SignatureCheck verify_slack_signature(std::string_view secret, std::string_view timestamp,
                                      std::string_view signature, std::string_view body, core::Time now,
                                      std::chrono::seconds tolerance) {
    if (timestamp.empty() || signature.empty()) return SignatureCheck::missing;
    long long ts = 0;
    auto [p, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ts);
    if (ec != std::errc{} || p != timestamp.data() + timestamp.size() || ts < 0) return SignatureCheck::malformed;
    if (!signature.starts_with("v0=") || signature.size() != 3 + 64) return SignatureCheck::malformed;
    long long skew = now.time_since_epoch().count() - ts;
    if (skew > tolerance.count() || -skew > tolerance.count()) return SignatureCheck::stale;
    std::string expected = slack_signature(secret, timestamp, body);
    std::string given = core::ascii_lower(signature);
    if (CRYPTO_memcmp(expected.data(), given.data(), expected.size()) != 0) return SignatureCheck::mismatch;
    return SignatureCheck::ok;
}

std::optional<std::map<std::string, std::string>> parse_form(std::string_view body) {
    // Validate without throwing first; the (string, options) constructor then cannot fail.
    if (!boost::urls::parse_query(body)) return std::nullopt;
    boost::urls::encoding_opts opt;
    opt.space_as_plus = true;
    boost::urls::params_view params(boost::core::string_view(body.data(), body.size()), opt);
    std::map<std::string, std::string> out;
    for (auto param : params) {
        // Percent-decoding yields any bytes; keep only well-formed UTF-8 past this point.
        out.emplace(core::sanitize_utf8(param.key),
                    param.has_value ? core::sanitize_utf8(param.value) : std::string());
    }
    return out;
}

namespace {

boost::json::object section_block(const core::Block& b) {
    boost::json::object block;
    block["type"] = "section";
    block["text"] = text_object("mrkdwn", core::truncate_utf8(b.text, slack_max_section_text));
    if (b.button) {
        boost::json::object button;
        button["type"] = "button";
        auto label = text_object("plain_text", core::truncate_utf8(core::escape_text(b.button->label), 75));
        label["emoji"] = true;
        button["text"] = std::move(label);
        button["action_id"] = b.button->action;
        button["value"] = b.button->value;
        block["accessory"] = std::move(button);
    }
    return block;
}

boost::json::object context_block(std::string text) {
    boost::json::object block;
    block["type"] = "context";
    boost::json::array elements;
    elements.push_back(text_object("mrkdwn", core::truncate_utf8(text, slack_max_section_text)));
    block["elements"] = std::move(elements);
    return block;
}

// {"text", "blocks"}: what both a slash-command reply and chat.postMessage carry.
boost::json::object message_object(const core::Message& message) {
    boost::json::array blocks;
    size_t total = message.blocks.size();
    size_t keep = total > slack_max_blocks ? slack_max_blocks - 1 : total;
    for (size_t i = 0; i < keep; ++i) {
        const auto& b = message.blocks[i];
        switch (b.kind) {
            case core::Block::Kind::header: {
                boost::json::object block;
                block["type"] = "header";
                // A header holds text as typed; & < > are control characters in plain_text
                // too (see slack.hpp), escaped here once.
                auto t = text_object("plain_text",
                                     core::truncate_utf8(core::escape_text(b.text), slack_max_header_text));
                t["emoji"] = true;
                block["text"] = std::move(t);
                blocks.push_back(std::move(block));
                break;
            }
            case core::Block::Kind::section: blocks.push_back(section_block(b)); break;
            case core::Block::Kind::context: blocks.push_back(context_block(b.text)); break;
            case core::Block::Kind::divider: blocks.push_back(boost::json::object{{"type", "divider"}}); break;
        }
    }
    if (keep < total) blocks.push_back(context_block("…" + std::to_string(total - keep) + " more not shown."));
    boost::json::object out;
    out["text"] = core::truncate_utf8(message.text, slack_max_section_text);
    out["blocks"] = std::move(blocks);
    return out;
}

}  // namespace

std::string render_slash_reply(const core::Message& message) {
    auto reply = message_object(message);
    reply["response_type"] = message.audience == core::Audience::channel ? "in_channel" : "ephemeral";
    // Every string in the JSON went through truncate_utf8 or is ours, but a button value or an
    // id from an old row might not be UTF-8: ill-formed bytes can only sit inside strings, so
    // replacing them in the serialized text keeps the structure and makes it valid JSON.
    return core::sanitize_utf8(boost::json::serialize(reply));
}

std::string render_slack_message(const core::Message& message) {
    return core::sanitize_utf8(boost::json::serialize(message_object(message)));
}

std::string render_slack_home_view(const core::Message& message) {
    auto rendered = message_object(message);
    boost::json::object view;
    view["type"] = "home";
    view["blocks"] = std::move(rendered["blocks"]);
    boost::json::object out;
    out["view"] = std::move(view);
    return boost::json::serialize(out);
}

}  // namespace goalpost::bot
