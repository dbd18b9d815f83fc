#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr std::string_view open_quotes[] = {"\"", "\u201c", "\u201e", "\u00ab"};
constexpr std::string_view close_quotes[] = {"\"", "\u201d", "\u201c", "\u00bb"};

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Non-breaking space (U+00A0) arrives from some clients between words.
size_t space_len(std::string_view s, size_t i) {
    if (is_space(static_cast<unsigned char>(s[i]))) return 1;
    if (s.substr(i).starts_with("\u00a0")) return 2;
    return 0;
}

size_t quote_at(std::string_view s, size_t i, const std::string_view* quotes, size_t n) {
    for (size_t q = 0; q < n; ++q) {
        if (s.substr(i).starts_with(quotes[q])) return quotes[q].size();
    }
    return 0;
}

}  // namespace

std::optional<std::vector<Token>> tokenize(std::string_view s) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < s.size()) {
        if (size_t sp = space_len(s, i)) { i += sp; continue; }
        if (size_t q = quote_at(s, i, open_quotes, std::size(open_quotes))) {
            i += q;
            Token t{"", true};
            bool closed = false;
            while (i < s.size()) {
                if (size_t c = quote_at(s, i, close_quotes, std::size(close_quotes))) {
                    i += c;
                    closed = true;
                    break;
                }
                t.text += s[i++];
            }
            if (!closed) return std::nullopt;
            out.push_back(std::move(t));
            continue;
        }
        Token t;
        while (i < s.size() && !space_len(s, i)) {
            // a quote inside a word, as in title="ship it" or note=“x y”
            if (size_t q = quote_at(s, i, open_quotes, std::size(open_quotes))) {
                i += q;
                bool closed = false;
                while (i < s.size()) {
                    if (size_t c = quote_at(s, i, close_quotes, std::size(close_quotes))) {
                        i += c;
                        closed = true;
                        break;
                    }
                    t.text += s[i++];
                }
                if (!closed) return std::nullopt;
                continue;
            }
            t.text += s[i++];
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::optional<std::string> user_ref(std::string_view token) {
    if (token.starts_with("<@") && token.ends_with(">")) {
        auto inner = token.substr(2, token.size() - 3);
        inner = inner.substr(0, inner.find('|'));
        if (inner.empty()) return std::nullopt;
        return std::string(inner);
    }
    if (token.starts_with("@") && token.size() > 1) return std::string(token.substr(1));
    return std::nullopt;
}

std::optional<std::string> channel_ref(std::string_view token) {
    if (token.starts_with("<#") && token.ends_with(">")) {
        auto inner = token.substr(2, token.size() - 3);
        inner = inner.substr(0, inner.find('|'));
        if (inner.empty()) return std::nullopt;
        return std::string(inner);
    }
    if (token.starts_with("#") && token.size() > 1) return std::string(token);
    return std::nullopt;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string escape_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string truncate_utf8(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return std::string(s);
    constexpr std::string_view ellipsis = "\u2026";
    if (max_bytes < ellipsis.size()) return {};
    size_t cut = max_bytes - ellipsis.size();
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return std::string(s.substr(0, cut)) + std::string(ellipsis);
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) if ((c & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace goalpost::core
