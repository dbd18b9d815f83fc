#include "bot/teams/adaptive_card.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <set>
#include <string_view>
#include <vector>

#include "core/text.hpp"

namespace goalpost::bot {
namespace {

constexpr const char* card_schema = "http://adaptivecards.io/schemas/adaptive-card.json";
constexpr const char* card_content_type = "application/vnd.microsoft.card.adaptive";
constexpr std::string_view zwsp = "\u200B";  // zero-width space: breaks markup without showing

// Per-block limits, so that one enormous block cannot crowd out the whole card.
constexpr std::size_t max_block_source_bytes = 6000;
constexpr std::size_t max_header_bytes = 500;
constexpr std::size_t max_summary_bytes = 1000;

// Slack renders these shortcodes; Teams shows them literally, so they become the emoji.
const std::map<std::string_view, std::string_view>& shortcodes() {
    static const std::map<std::string_view, std::string_view> table = {
        {"+1", "\U0001F44D"},
        {"arrow_right_hook", "\u21AA\uFE0F"},
        {"bell", "\U0001F514"},
        {"bulb", "\U0001F4A1"},
        {"busts_in_silhouette", "\U0001F465"},
        {"calendar", "\U0001F4C6"},
        {"chart_with_downwards_trend", "\U0001F4C9"},
        {"chart_with_upwards_trend", "\U0001F4C8"},
        {"checkered_flag", "\U0001F3C1"},
        {"clap", "\U0001F44F"},
        {"dart", "\U0001F3AF"},
        {"date", "\U0001F4C5"},
        {"eyes", "\U0001F440"},
        {"file_cabinet", "\U0001F5C4\uFE0F"},
        {"fire", "\U0001F525"},
        {"gear", "\u2699\uFE0F"},
        {"heavy_check_mark", "\u2714\uFE0F"},
        {"hourglass", "\u231B"},
        {"hourglass_flowing_sand", "\u23F3"},
        {"information_source", "\u2139\uFE0F"},
        {"large_green_circle", "\U0001F7E2"},
        {"large_yellow_circle", "\U0001F7E1"},
        {"lock", "\U0001F512"},
        {"mag", "\U0001F50D"},
        {"mega", "\U0001F4E3"},
        {"memo", "\U0001F4DD"},
        {"muscle", "\U0001F4AA"},
        {"pencil2", "\u270F\uFE0F"},
        {"pushpin", "\U0001F4CC"},
        {"raised_hands", "\U0001F64C"},
        {"red_circle", "\U0001F534"},
        {"rocket", "\U0001F680"},
        {"seedling", "\U0001F331"},
        {"sparkles", "\u2728"},
        {"speech_balloon", "\U0001F4AC"},
        {"spiral_calendar_pad", "\U0001F5D3\uFE0F"},
        {"star", "\u2B50"},
        {"star2", "\U0001F31F"},
        {"tada", "\U0001F389"},
        {"thumbsup", "\U0001F44D"},
        {"trophy", "\U0001F3C6"},
        {"warning", "\u26A0\uFE0F"},
        {"wave", "\U0001F44B"},
        {"white_check_mark", "\u2705"},
        {"x", "\u274C"},
        {"zzz", "\U0001F4A4"},
    };
    return table;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool is_shortcode_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-'; }

// A literal '<' could open an <at> mention, an autolink or HTML; a zero-width space after it
// keeps it a plain character in every Teams client. Likewise "](" could close a markdown link.
void append_neutral(std::string& out, std::string_view text) {
    for (char c : text) {
        out += c;
        if (c == '<') out += zwsp;
    }
}

std::string break_links(std::string s) {
    std::size_t at = 0;
    while ((at = s.find("](", at)) != std::string::npos) {
        s.insert(at + 1, zwsp);
        at += 1 + zwsp.size();
    }
    return s;
}

// Display names go inside <at>...</at>: no angle brackets or line breaks there.
std::string clean_name(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '<' || c == '>' || c == '\n' || c == '\r') continue;
        out += c;
    }
    return std::string(core::truncate_utf8(out, 100));
}

// `:name:` at s[i] -> the emoji and the length consumed, when `name` is a known shortcode.
std::optional<std::pair<std::string_view, std::size_t>> shortcode_at(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    while (j < s.size() && is_shortcode_char(s[j])) ++j;
    if (j == i + 1 || j >= s.size() || s[j] != ':') return std::nullopt;
    auto it = shortcodes().find(s.substr(i + 1, j - i - 1));
    if (it == shortcodes().end()) return std::nullopt;
    return std::pair{it->second, j - i + 1};
}

struct Mention {
    std::string id;
    std::string name;
    std::string text;  // "<at>name</at>" exactly as in the card text
};

// Turns goalpost's message markup (Slack-flavoured: *bold*, _italic_, `code`, <@U1>, <#C1>,
// &amp; &lt; &gt;) into Teams card markdown or plain text.
class Markup {
public:
    enum class Mode { markdown, plain };
    Markup(const TeamsNames& names, Mode mode, std::vector<Mention>* mentions)
        : names_(names), mode_(mode), mentions_(mentions) {}

    std::string render(std::string_view s) {
        std::set<std::size_t> delimiters = emphasis_pairs(s);
        std::string out;
        std::size_t i = 0;
        while (i < s.size()) {
            char c = s[i];
            if (delimiters.count(i)) {
                if (mode_ == Mode::markdown) out += c == '*' ? "**" : "_";
                ++i;
            } else if (c == '`') {
                std::size_t close = s.find('`', i + 1);
                if (close == std::string_view::npos) {
                    out += '`';
                    ++i;
                    continue;
                }
                if (mode_ == Mode::markdown) out += '`';
                append_neutral(out, decode(s.substr(i + 1, close - i - 1)));
                if (mode_ == Mode::markdown) out += '`';
                i = close + 1;
            } else if (c == '<') {
                i = reference(s, i, out);
            } else if (c == '&') {
                i = entity(s, i, out);
            } else if (c == ':') {
                if (auto emoji = shortcode_at(s, i)) {
                    out += emoji->first;
                    i += emoji->second;
                } else {
                    out += c;
                    ++i;
                }
            } else if (c == '\n' && mode_ == Mode::markdown) {
                // Teams card markdown needs a blank line for a line break outside lists.
                out += "\n\n";
                ++i;
            } else {
                out += c;
                ++i;
            }
        }
        return break_links(std::move(out));
    }

private:
    const TeamsNames& names_;
    Mode mode_;
    std::vector<Mention>* mentions_;

    static std::string decode(std::string_view s) {
        std::string out;
        std::size_t i = 0;
        while (i < s.size()) {
            if (s.substr(i).starts_with("&amp;")) { out += '&'; i += 5; }
            else if (s.substr(i).starts_with("&lt;")) { out += '<'; i += 4; }
            else if (s.substr(i).starts_with("&gt;")) { out += '>'; i += 4; }
            else out += s[i++];
        }
        return out;
    }

    // Positions of '*' and '_' that open or close an emphasis span on one line
    // (Slack's rule: not next to a space on the inside, not inside a word on the outside).
    static std::set<std::size_t> emphasis_pairs(std::string_view s) {
        std::set<std::size_t> out;
        std::size_t i = 0;
        while (i < s.size()) {
            char c = s[i];
            if (c == '`') {
                std::size_t close = s.find('`', i + 1);
                i = close == std::string_view::npos ? i + 1 : close + 1;
                continue;
            }
            if (c == '<') {
                std::size_t close = s.find('>', i + 1);
                i = close == std::string_view::npos ? i + 1 : close + 1;
                continue;
            }
            bool opener = (c == '*' || c == '_') && i + 1 < s.size() && !is_space(s[i + 1]) && s[i + 1] != c &&
                          (i == 0 || !is_alnum(s[i - 1]));
            if (!opener) {
                ++i;
                continue;
            }
            std::size_t j = i + 2;
            std::size_t found = std::string_view::npos;
            while (j < s.size() && s[j] != '\n') {
                if (s[j] == c && !is_space(s[j - 1]) && (j + 1 == s.size() || !is_alnum(s[j + 1]))) {
                    found = j;
                    break;
                }
                ++j;
            }
            if (found == std::string_view::npos) {
                ++i;
                continue;
            }
            out.insert(i);
            out.insert(found);
            i = found + 1;
        }
        return out;
    }

    std::size_t entity(std::string_view s, std::size_t i, std::string& out) {
        for (auto [name, text] : {std::pair<std::string_view, std::string_view>{"&amp;", "&"}, {"&lt;", "<"},
                                  {"&gt;", ">"}}) {
            if (s.substr(i).starts_with(name)) {
                append_neutral(out, text);
                return i + name.size();
            }
        }
        out += '&';
        return i + 1;
    }

    // <@U1>, <@U1|ana>, <#C1>, <#C1|growth>; any other '<' is a literal one.
    std::size_t reference(std::string_view s, std::size_t i, std::string& out) {
        std::size_t close = s.find('>', i + 1);
        std::size_t next_open = s.find('<', i + 1);
        if (close == std::string_view::npos || close < i + 3 || next_open < close ||
            (s[i + 1] != '@' && s[i + 1] != '#')) {
            append_neutral(out, "<");
            return i + 1;
        }
        std::string_view inner = s.substr(i + 2, close - i - 2);
        std::string_view id = inner.substr(0, inner.find('|'));
        std::string_view label = inner.find('|') == std::string_view::npos ? std::string_view{}
                                                                           : inner.substr(inner.find('|') + 1);
        if (s[i + 1] == '@') {
            mention(std::string(id), label, out);
        } else if (auto it = names_.channels.find(std::string(id)); it != names_.channels.end()) {
            append_neutral(out, it->second);
        } else {
            out += '#';
            append_neutral(out, decode(label.empty() ? id : label));
        }
        return close + 1;
    }

    void mention(const std::string& id, std::string_view label, std::string& out) {
        std::string name;
        if (auto it = names_.users.find(id); it != names_.users.end()) name = clean_name(it->second);
        if (name.empty()) name = clean_name(decode(label));
        if (name.empty() || mode_ == Mode::plain || !mentions_) {
            out += '@';
            append_neutral(out, name.empty() ? id : name);
            return;
        }
        std::string text = "<at>" + name + "</at>";
        for (const auto& m : *mentions_) {
            if (m.text == text && m.id != id) {
                // Two people with one display name: keep the entities apart.
                text = "<at>" + name + " (" + clean_name(id) + ")</at>";
                break;
            }
        }
        bool known = false;
        for (const auto& m : *mentions_) known = known || (m.id == id && m.text == text);
        if (!known) mentions_->push_back({id, name, text});
        out += text;
    }
};

std::string render_plain_header(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == ':') {
            if (auto emoji = shortcode_at(s, i)) {
                out += emoji->first;
                i += emoji->second;
                continue;
            }
        }
        append_neutral(out, s.substr(i, 1));
        ++i;
    }
    return break_links(std::move(out));
}

// Google's grade colours, from the dot core::progress_bar puts first.
const char* colour_of(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    if (text.starts_with("\U0001F7E2")) return "Good";
    if (text.starts_with("\U0001F7E1")) return "Warning";
    if (text.starts_with("\U0001F534")) return "Attention";
    return nullptr;
}

struct Element {
    boost::json::object block;
    std::vector<Mention> mentions;
};

boost::json::object text_block(std::string text) {
    boost::json::object o;
    o["type"] = "TextBlock";
    o["text"] = std::move(text);
    o["wrap"] = true;
    return o;
}

std::vector<Element> elements_of(const core::Message& message, const TeamsNames& names) {
    std::vector<Element> out;
    bool separator = false;
    for (const auto& b : message.blocks) {
        if (b.kind == core::Block::Kind::divider) {
            separator = true;
            continue;
        }
        Element e;
        if (b.kind == core::Block::Kind::header) {
            e.block = text_block(render_plain_header(core::truncate_utf8(b.text, max_header_bytes)));
            e.block["size"] = "Large";
            e.block["weight"] = "Bolder";
        } else {
            Markup markup(names, Markup::Mode::markdown, &e.mentions);
            e.block = text_block(markup.render(core::truncate_utf8(b.text, max_block_source_bytes)));
            if (b.kind == core::Block::Kind::context) {
                e.block["isSubtle"] = true;
                e.block["size"] = "Small";
            }
        }
        if (const char* colour = colour_of(b.text)) e.block["color"] = colour;
        if (separator) e.block["separator"] = true;
        separator = false;
        out.push_back(std::move(e));
        // A button that opens a page (the dashboard): Teams' Action.OpenUrl under its text.
        if (b.button && !b.button->url.empty()) {
            Element link;
            boost::json::object action{{"type", "Action.OpenUrl"},
                                       {"title", core::truncate_utf8(b.button->label, 75)},
                                       {"url", b.button->url}};
            link.block = {{"type", "ActionSet"}, {"actions", boost::json::array{action}}};
            out.push_back(std::move(link));
        }
    }
    return out;
}

std::string summary_of(const core::Message& message, const TeamsNames& names) {
    Markup markup(names, Markup::Mode::plain, nullptr);
    std::string text = message.text;
    if (text.empty()) {
        for (const auto& b : message.blocks) {
            if (b.kind != core::Block::Kind::divider && !b.text.empty()) {
                text = b.kind == core::Block::Kind::header ? core::escape_text(b.text) : b.text;
                break;
            }
        }
    }
    return core::truncate_utf8(markup.render(text), max_summary_bytes);
}

boost::json::object compose(const std::vector<Element>& elements, std::size_t keep, const std::string& fallback) {
    boost::json::object card;
    card["$schema"] = card_schema;
    card["type"] = "AdaptiveCard";
    card["version"] = "1.5";
    boost::json::array body;
    boost::json::array entities;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < keep; ++i) {
        body.push_back(elements[i].block);
        for (const auto& m : elements[i].mentions) {
            if (!seen.insert(m.text).second) continue;
            boost::json::object entity;
            entity["type"] = "mention";
            entity["text"] = m.text;
            entity["mentioned"] = {{"id", m.id}, {"name", m.name}};
            entities.push_back(std::move(entity));
        }
    }
    if (keep < elements.size()) {
        auto note = text_block(fmt::format("\u2026{} more not shown.", elements.size() - keep));
        note["isSubtle"] = true;
        note["size"] = "Small";
        body.push_back(std::move(note));
    }
    card["body"] = std::move(body);
    if (!fallback.empty()) card["fallbackText"] = fallback;
    boost::json::object msteams;
    msteams["width"] = "Full";
    if (!entities.empty()) msteams["entities"] = std::move(entities);
    card["msteams"] = std::move(msteams);
    return card;
}

boost::json::object attachment(boost::json::object card) {
    boost::json::object a;
    a["contentType"] = card_content_type;
    a["contentUrl"] = nullptr;
    a["content"] = std::move(card);
    return a;
}

}  // namespace

boost::json::object render_card(const core::Message& message, const TeamsNames& names) {
    auto elements = elements_of(message, names);
    std::string fallback = summary_of(message, names);
    auto card = compose(elements, elements.size(), fallback);
    // Too large: drop trailing blocks, one at a time, until the card and its note fit.
    for (std::size_t keep = elements.size(); keep > 0 && boost::json::serialize(card).size() > teams_max_card_bytes;) {
        card = compose(elements, --keep, fallback);
    }
    return card;
}

std::string render_teams_text(const core::Message& message, const TeamsNames& names) {
    return summary_of(message, names);
}

std::string render_teams_reply(const core::Message& message, const TeamsNames& names) {
    boost::json::object reply;
    reply["type"] = "message";
    reply["text"] = summary_of(message, names);
    boost::json::array attachments;
    attachments.push_back(attachment(render_card(message, names)));
    reply["attachments"] = std::move(attachments);
    return core::sanitize_utf8(boost::json::serialize(reply));  // see render_slash_reply
}

std::string render_teams_webhook_payload(const core::Message& message, const TeamsNames& names) {
    boost::json::object payload;
    payload["type"] = "message";
    boost::json::array attachments;
    attachments.push_back(attachment(render_card(message, names)));
    payload["attachments"] = std::move(attachments);
    return core::sanitize_utf8(boost::json::serialize(payload));  // see render_slash_reply
}

}  // namespace goalpost::bot
