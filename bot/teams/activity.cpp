#include "bot/teams/activity.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <chrono>

#include "core/text.hpp"

namespace goalpost::bot {
namespace {

using core::is_ascii_space;

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && core::ascii_lower(s.substr(0, prefix.size())) == prefix;
}

std::size_t find_ci(std::string_view s, std::string_view needle, std::size_t from) {
    std::string lower = core::ascii_lower(s);
    return lower.find(needle, from);
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// &amp; &lt; &gt; &quot; &#39; &apos; &nbsp; and numeric references; anything else stays as typed.
// A non-breaking space becomes a plain one, so that it separates words.
std::string decode_entities(std::string_view s) {
    static constexpr std::pair<std::string_view, std::string_view> named[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"},
        {"&nbsp;", " "},
    };
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '&') {
            out += s[i++];
            continue;
        }
        bool done = false;
        for (const auto& [entity, text] : named) {
            if (starts_with_ci(s.substr(i), entity)) {
                out += text;
                i += entity.size();
                done = true;
                break;
            }
        }
        if (done) continue;
        // &#NNN; or &#xHH;
        if (i + 2 < s.size() && s[i + 1] == '#') {
            bool hex = s[i + 2] == 'x' || s[i + 2] == 'X';
            std::size_t digits = i + (hex ? 3 : 2);
            std::size_t semi = s.find(';', digits);
            if (semi != std::string_view::npos && semi > digits && semi - digits <= 8) {
                std::uint32_t cp = 0;
                auto [p, ec] = std::from_chars(s.data() + digits, s.data() + semi, cp, hex ? 16 : 10);
                bool valid = ec == std::errc{} && p == s.data() + semi && cp > 0 && cp <= 0x10FFFF &&
                             !(cp >= 0xD800 && cp <= 0xDFFF);
                if (valid) {
                    if (cp == 0xA0) out += ' ';
                    else append_utf8(out, cp);
                    i = semi + 1;
                    continue;
                }
            }
        }
        out += s[i++];
    }
    return out;
}

// <br>, <p>, <div> and their closing forms end a line of text: they separate words.
bool separates_words(std::string_view tag) {
    std::string name;
    for (char c : tag.substr(1)) {
        if (c == '/' && name.empty()) continue;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) break;
        name += c;
    }
    name = core::ascii_lower(name);
    return name == "br" || name == "p" || name == "div" || name == "li";
}

// The length of the HTML tag starting at s[i] ("<p>", "</div>", "<span class=...>"), or 0.
// "<@U1>" and a lone "<" are not tags.
std::size_t tag_length(std::string_view s, std::size_t i) {
    if (s[i] != '<' || i + 1 >= s.size()) return 0;
    char next = s[i + 1];
    bool tag_start = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '/' || next == '!';
    std::size_t end = tag_start ? s.find('>', i) : std::string_view::npos;
    return end == std::string_view::npos ? 0 : end - i + 1;
}

std::string strip_tags(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (std::size_t n = tag_length(s, i)) {
            if (separates_words(s.substr(i, n))) out += ' ';
            i += n;
            continue;
        }
        out += s[i++];
    }
    return out;
}

std::string_view drop_okr_word(std::string_view s) {
    for (std::string_view word : {"/okr", "okr"}) {
        if (starts_with_ci(s, word) && (s.size() == word.size() || is_ascii_space(s[word.size()]))) {
            return core::trim_ascii(s.substr(word.size()));
        }
    }
    return s;
}

const boost::json::value* at_path(const boost::json::value& v, std::initializer_list<std::string_view> path) {
    const boost::json::value* cur = &v;
    for (auto key : path) {
        const auto* obj = cur->if_object();
        if (!obj) return nullptr;
        cur = obj->if_contains(key);
        if (!cur) return nullptr;
    }
    return cur;
}

std::string string_at(const boost::json::value& v, std::initializer_list<std::string_view> path) {
    const auto* found = at_path(v, path);
    if (!found) return {};
    if (const auto* s = found->if_string()) return std::string(*s);
    return {};
}

}  // namespace

std::optional<core::Time> parse_activity_time(std::string_view s) {
    auto number = [&](std::size_t pos, std::size_t len, int& out) {
        if (pos + len > s.size()) return false;
        for (std::size_t k = pos; k < pos + len; ++k) {
            if (s[k] < '0' || s[k] > '9') return false;
        }
        std::from_chars(s.data() + pos, s.data() + pos + len, out);
        return true;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!number(0, 4, year) || s.size() < 19 || s[4] != '-' || !number(5, 2, month) || s[7] != '-' ||
        !number(8, 2, day) || (s[10] != 'T' && s[10] != 't') || !number(11, 2, hour) || s[13] != ':' ||
        !number(14, 2, minute) || s[16] != ':' || !number(17, 2, second)) {
        return std::nullopt;
    }
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        std::size_t digits = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == digits) return std::nullopt;
    }
    int offset_minutes = 0;
    if (i < s.size()) {
        if (s[i] == 'Z' || s[i] == 'z') {
            ++i;
        } else if (s[i] == '+' || s[i] == '-') {
            int sign = s[i] == '-' ? -1 : 1;
            int oh = 0, om = 0;
            if (!number(i + 1, 2, oh)) return std::nullopt;
            std::size_t m = i + 3;
            if (m < s.size() && s[m] == ':') ++m;
            if (!number(m, 2, om) || oh > 23 || om > 59) return std::nullopt;
            offset_minutes = sign * (oh * 60 + om);
            i = m + 2;
        }
    }
    if (i != s.size()) return std::nullopt;
    using namespace std::chrono;
    year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                        std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    second = std::min(second, 59);  // a leap second reads as the second before it
    auto local = sys_days{date} + hours{hour} + minutes{minute} + seconds{second};
    return core::Time{local - minutes{offset_minutes}};
}

std::string clean_teams_text(std::string_view text, const std::map<std::string, std::string>& mentions,
                             std::string* bot_name) {
    std::string out;
    bool first_mention = true;
    std::size_t i = 0;
    while (i < text.size()) {
        auto rest = text.substr(i);
        if (starts_with_ci(rest, "<at>") || starts_with_ci(rest, "<at ")) {
            std::size_t open_end = text.find('>', i);
            std::size_t close = find_ci(text, "</at>", open_end);
            if (close != std::string_view::npos) {
                std::string whole(text.substr(i, close + 5 - i));
                std::string name(core::trim_ascii(decode_entities(strip_tags(text.substr(open_end + 1, close - open_end - 1)))));
                if (first_mention) {
                    // The outgoing webhook is always mentioned, first: that is the bot itself.
                    first_mention = false;
                    if (bot_name) *bot_name = name;
                    out += ' ';
                } else if (auto it = mentions.find(whole); it != mentions.end()) {
                    out += "<@" + it->second + ">";
                } else {
                    out += "@" + name;
                }
                i = close + 5;
                continue;
            }
        }
        if (std::size_t n = tag_length(text, i)) {
            if (separates_words(text.substr(i, n))) out += ' ';
            i += n;
            continue;
        }
        out += text[i++];
    }
    std::string decoded = decode_entities(out);
    return std::string(drop_okr_word(core::trim_ascii(decoded)));
}

namespace {

// The Activity's mention entities: "<at>Name</at>" (and the entity's own text) -> user id;
// each mentioned person's name goes into `names`.
std::map<std::string, std::string> read_mentions(const boost::json::value& v,
                                                 std::map<std::string, std::string>& names) {
    std::map<std::string, std::string> mentions;
    if (const auto* entities = at_path(v, {"entities"}); entities && entities->is_array()) {
        for (const auto& e : entities->get_array()) {
            if (string_at(e, {"type"}) != "mention") continue;
            std::string id = string_at(e, {"mentioned", "id"});
            if (id.empty()) id = string_at(e, {"mentioned", "aadObjectId"});
            if (id.empty()) continue;
            std::string name = string_at(e, {"mentioned", "name"});
            if (std::string text = string_at(e, {"text"}); !text.empty()) mentions.emplace(text, id);
            if (!name.empty()) {
                mentions.emplace("<at>" + name + "</at>", id);
                names.emplace(id, name);
            }
        }
    }
    return mentions;
}

}  // namespace

ParsedActivity parse_teams_activity(std::string_view body) {
    ParsedActivity result;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(boost::json::string_view(body.data(), body.size()), ec);
    if (ec) {
        result.problem = "body is not JSON";
        return result;
    }
    if (!v.is_object()) {
        result.problem = "body is not a JSON object";
        return result;
    }
    TeamsActivity a;
    a.id = string_at(v, {"id"});
    if (a.id.empty()) {
        result.problem = "Activity has no id";
        return result;
    }
    auto at = parse_activity_time(string_at(v, {"timestamp"}));
    if (!at) {
        result.problem = "Activity has no valid timestamp";
        return result;
    }
    a.timestamp = *at;
    a.tenant = string_at(v, {"channelData", "tenant", "id"});
    if (a.tenant.empty()) {
        result.problem = "Activity has no channelData.tenant.id";
        return result;
    }
    // The Bot Framework id ("29:..."), because that is what mention entities carry: a person
    // added to a team by @mention is then the same person when they type a command.
    a.aad_object_id = string_at(v, {"from", "aadObjectId"});
    a.user_id = string_at(v, {"from", "id"});
    if (a.user_id.empty()) a.user_id = a.aad_object_id;
    if (a.user_id.empty()) {
        result.problem = "Activity has no sender (from.id or from.aadObjectId)";
        return result;
    }
    a.user_name = string_at(v, {"from", "name"});
    a.conversation_id = string_at(v, {"conversation", "id"});
    // A channel message's conversation id names the reply thread too
    // ("19:...@thread.skype;messageid=..."); the channel is the part before it.
    a.channel_id = string_at(v, {"channelData", "channel", "id"});
    if (a.channel_id.empty()) a.channel_id = string_at(v, {"channelData", "teamsChannelId"});
    if (a.channel_id.empty()) a.channel_id = a.conversation_id.substr(0, a.conversation_id.find(";messageid="));
    a.channel_name = string_at(v, {"channelData", "channel", "name"});
    if (!a.user_name.empty()) a.names[a.user_id] = a.user_name;

    auto mentions = read_mentions(v, a.names);
    a.text = clean_teams_text(string_at(v, {"text"}), mentions, &a.bot_name);
    result.activity = std::move(a);
    return result;
}

}  // namespace goalpost::bot
