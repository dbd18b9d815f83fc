#pragma once
// application/x-www-form-urlencoded, as Slack sends slash commands and interactions:
// unreserved characters as they are, a space as '+', every other byte as %XX.
// Header-only, so the load generator and the fuzzers build it without the bot library.
#include <string>
#include <string_view>

namespace goalpost::bot {

inline void append_form_encoded(std::string_view s, std::string& out) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
}

inline std::string form_encode(std::string_view s) {
    std::string out;
    append_form_encoded(s, out);
    return out;
}

}  // namespace goalpost::bot
