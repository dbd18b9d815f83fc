#include "core/text.hpp"

namespace goalpost::core {

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out += separator;
        out += part;
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

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
    // Rows stored before input was cleaned, or text from any other source, render as
    // U+FFFD rather than as bytes that make the JSON around them invalid.
    std::string cleaned;
    std::string_view s = text;
    if (!valid_utf8(text)) {
        cleaned = sanitize_utf8(text);
        s = cleaned;
    }
    if (s.size() <= max_bytes) return std::string(s);
    constexpr std::string_view ellipsis = "\u2026";
    if (max_bytes < ellipsis.size()) return {};
    size_t cut = max_bytes - ellipsis.size();
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    // Escaped text ("R&amp;D") would show half an entity ("R&am…"): cut before it instead.
    if (size_t amp = s.rfind('&', cut == 0 ? 0 : cut - 1); amp != std::string_view::npos && cut - amp < 5) {
        for (std::string_view entity : {"&amp;", "&lt;", "&gt;"}) {
            if (s.substr(amp).starts_with(entity) && amp + entity.size() > cut) cut = amp;
        }
    }
    return std::string(s.substr(0, cut)) + std::string(ellipsis);
}

namespace {

// Length of the well-formed sequence starting at s[i], or 0 if it is ill-formed (Unicode
// Table 3-7, "Well-Formed UTF-8 Byte Sequences").
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = at(i);
    if (c < 0x80) return 1;
    std::size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c == 0xE0) { n = 3; lo = 0xA0; }
    else if (c == 0xED) { n = 3; hi = 0x9F; }
    else if (c >= 0xE1 && c <= 0xEF) n = 3;
    else if (c == 0xF0) { n = 4; lo = 0x90; }
    else if (c == 0xF4) { n = 4; hi = 0x8F; }
    else if (c >= 0xF1 && c <= 0xF3) n = 4;
    else return 0;
    if (i + n > s.size()) return 0;
    if (at(i + 1) < lo || at(i + 1) > hi) return 0;
    for (std::size_t k = 2; k < n; ++k) if ((at(i + k) & 0xC0) != 0x80) return 0;
    return n;
}

}  // namespace

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = utf8_sequence(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::string sanitize_utf8(std::string_view s) {
    if (valid_utf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = utf8_sequence(s, i);
        if (n > 0) {
            out.append(s.substr(i, n));
            i += n;
            continue;
        }
        out += "\uFFFD";
        // Skip the lead byte and any continuation bytes that follow it: one replacement
        // for each broken sequence.
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    }
    return out;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s) if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim_ascii(std::string_view s) {
    while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace goalpost::core
