#include "core/slack_text.hpp"

#include <array>
#include <utility>

namespace goalpost::core {
namespace {

// `&amp;` `&lt;` `&gt;` -> `&` `<` `>` in one pass, so that the `&` an `&amp;` leaves behind
// never starts another entity.
std::string decode_entities(std::string_view s) {
    static constexpr std::array<std::pair<std::string_view, char>, 3> entities{
        {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}}};
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        bool decoded = false;
        if (s[i] == '&') {
            for (const auto& [entity, c] : entities) {
                if (s.substr(i).starts_with(entity)) {
                    out += c;
                    i += entity.size();
                    decoded = true;
                    break;
                }
            }
        }
        if (!decoded) out += s[i++];
    }
    return out;
}

// "https:", "mailto:": an ASCII letter, then letters, digits, '+', '-' or '.', then ':'.
std::string_view scheme_of(std::string_view url) {
    std::size_t i = 0;
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (url.empty() || !letter(url[0])) return {};
    while (i < url.size() && (letter(url[i]) || (url[i] >= '0' && url[i] <= '9') || url[i] == '+' ||
                              url[i] == '-' || url[i] == '.')) {
        ++i;
    }
    return i < url.size() && url[i] == ':' ? url.substr(0, i) : std::string_view{};
}

bool is_web(std::string_view scheme) {
    std::string lower(scheme);
    for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return lower == "http" || lower == "https";
}

// `<!here>` and its kind: what the person typed was "@here".
std::string special_mention(std::string_view inner) {
    const auto bar = inner.find('|');
    const std::string_view command = inner.substr(0, bar);
    const std::string_view label = bar == std::string_view::npos ? std::string_view{} : inner.substr(bar + 1);
    const std::string_view name = command.substr(0, command.find('^'));
    if (name == "here" || name == "channel" || name == "everyone" || name == "group") {
        return "@" + std::string(name);
    }
    if (!label.empty()) return decode_entities(label);
    // `<!subteam^S123>` without a label: the group's id is all there is.
    if (name == "subteam" && command.size() > name.size()) return "@" + decode_entities(command.substr(name.size() + 1));
    return decode_entities(name);
}

// `<url>` or `<url|label>`: appends what stands for it and says true; false when `inner` is no link.
bool link_text(std::string_view inner, std::string& out) {
    const auto bar = inner.find('|');
    const std::string_view url = inner.substr(0, bar);
    const std::string_view scheme = scheme_of(url);
    if (scheme.empty() || url.size() == scheme.size() + 1) return false;
    const std::string_view label = bar == std::string_view::npos ? std::string_view{} : inner.substr(bar + 1);
    // A web address is kept whole (never a label that could hide where it goes); an e-mail
    // address or a phone number reads as it was typed.
    out += is_web(scheme) || label.empty() ? decode_entities(url) : decode_entities(label);
    return true;
}

}  // namespace

std::string decode_slack_text(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t open = s.find('<', i);
        out += decode_entities(s.substr(i, open == std::string_view::npos ? open : open - i));
        if (open == std::string_view::npos) break;
        const std::size_t close = s.find('>', open + 1);
        const std::size_t next_open = s.find('<', open + 1);
        if (close == std::string_view::npos || next_open < close || close == open + 1) {
            // Not a control sequence (Slack would have escaped this '<'): a literal character.
            out += '<';
            i = open + 1;
            continue;
        }
        const std::string_view inner = s.substr(open + 1, close - open - 1);
        if (inner[0] == '@' || inner[0] == '#') {
            out.append(s.substr(open, close - open + 1));  // a reference the parser reads
        } else if (inner[0] == '!') {
            out += special_mention(inner.substr(1));
        } else if (!link_text(inner, out)) {
            out += '<';
            out += decode_entities(inner);
            out += '>';
        }
        i = close + 1;
    }
    return out;
}

}  // namespace goalpost::core
