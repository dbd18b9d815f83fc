#include "core/message.hpp"

#include <cmath>
#include <fmt/format.h>

#include "core/okr/scoring.hpp"

namespace goalpost::core {

std::string mention(std::string_view user_id) {
    // What a REST API token did is shown as its, not a person's (token names are [a-z0-9_-]).
    if (user_id.substr(0, 4) == "api:") return fmt::format("via API: {}", user_id.substr(4));
    // A key-result source's reading (core/sources.hpp): "goalpost (source: jira)".
    if (user_id.substr(0, 7) == "source:") return fmt::format("goalpost (source: {})", user_id.substr(7));
    return fmt::format("<@{}>", user_id);
}

std::string percent(double progress) {
    return fmt::format("{}%", static_cast<int>(std::floor(progress * 100.0 + 1e-9)));
}

std::string progress_bar(double progress) {
    const char* dot = "\U0001F534";  // red
    switch (grade_of(progress)) {
        case Grade::green: dot = "\U0001F7E2"; break;
        case Grade::yellow: dot = "\U0001F7E1"; break;
        case Grade::red: break;
    }
    int filled = static_cast<int>(std::floor(progress * 10.0 + 1e-9));
    std::string bar;
    for (int i = 0; i < 10; ++i) bar += i < filled ? "\u25B0" : "\u25B1";
    return fmt::format("{} {} {}", dot, bar, percent(progress));
}

namespace {

std::string strip_markup(const std::string& in) {
    std::string out;
    for (size_t i = 0; i < in.size(); ++i) {
        char c = in[i];
        if (c == '<' && i + 1 < in.size() && (in[i + 1] == '@' || in[i + 1] == '#')) {
            auto end = in.find('>', i);
            if (end != std::string::npos) {
                std::string inner = in.substr(i + 2, end - i - 2);
                out += (in[i + 1] == '@' ? "@" : "#") + inner.substr(0, inner.find('|'));
                i = end;
                continue;
            }
        }
        if (c == '*' || c == '`') continue;
        if (c == '&') {
            if (in.compare(i, 5, "&amp;") == 0) { out += '&'; i += 4; continue; }
            if (in.compare(i, 4, "&lt;") == 0) { out += '<'; i += 3; continue; }
            if (in.compare(i, 4, "&gt;") == 0) { out += '>'; i += 3; continue; }
        }
        out += c;
    }
    return out;
}

}  // namespace

std::string plain_text(const Message& message) {
    std::string out;
    for (const auto& b : message.blocks) {
        switch (b.kind) {
            case Block::Kind::header: out += "== " + b.text + " ==\n"; break;
            case Block::Kind::section: out += strip_markup(b.text) + "\n"; break;
            case Block::Kind::context: out += "  " + strip_markup(b.text) + "\n"; break;
            case Block::Kind::divider: out += "----\n"; break;
        }
    }
    if (message.blocks.empty()) out = strip_markup(message.text) + "\n";
    return out;
}

}  // namespace goalpost::core
