#include "core/commands/grammar.hpp"

#include <charconv>
#include <fmt/format.h>

#include "core/commands/suggest.hpp"
#include "core/okr/cycles.hpp"
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

template <size_t N>
size_t quote_at(std::string_view s, size_t i, const std::string_view (&quotes)[N]) {
    for (std::string_view q : quotes) {
        if (s.substr(i).starts_with(q)) return q.size();
    }
    return 0;
}

// Reads up to the closing quote into `out`, with `i` just past the opening one; false when
// the quote is never closed.
bool read_quoted(std::string_view s, size_t& i, std::string& out) {
    while (i < s.size()) {
        if (size_t c = quote_at(s, i, close_quotes)) {
            i += c;
            return true;
        }
        out += s[i++];
    }
    return false;
}

// The id inside "<@U1|ana>" or "<#C1|growth>" for the given opening ("<@", "<#").
std::optional<std::string> bracketed_id(std::string_view token, std::string_view opening) {
    if (!token.starts_with(opening) || !token.ends_with(">")) return std::nullopt;
    auto inner = token.substr(opening.size(), token.size() - opening.size() - 1);
    inner = inner.substr(0, inner.find('|'));
    if (inner.empty()) return std::nullopt;
    return std::string(inner);
}

}  // namespace

std::optional<std::vector<Token>> tokenize(std::string_view s) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < s.size()) {
        if (size_t sp = space_len(s, i)) {
            i += sp;
            continue;
        }
        Token t;
        if (size_t q = quote_at(s, i, open_quotes)) {
            i += q;
            t.quoted = true;
            if (!read_quoted(s, i, t.text)) return std::nullopt;
            out.push_back(std::move(t));
            continue;
        }
        while (i < s.size() && !space_len(s, i)) {
            // a quote inside a word, as in title="ship it" or note=“x y”
            if (size_t q = quote_at(s, i, open_quotes)) {
                i += q;
                if (!read_quoted(s, i, t.text)) return std::nullopt;
                continue;
            }
            t.text += s[i++];
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::optional<std::string> user_ref(std::string_view token) {
    if (token.starts_with("<@")) return bracketed_id(token, "<@");
    if (token.starts_with("@") && token.size() > 1) return std::string(token.substr(1));
    return std::nullopt;
}

std::optional<std::string> channel_ref(std::string_view token) {
    if (token.starts_with("<#")) return bracketed_id(token, "<#");
    if (token.starts_with("#") && token.size() > 1) return std::string(token);
    return std::nullopt;
}

std::optional<int> parse_ref(std::string_view token, std::string_view prefix) {
    std::string lower = ascii_lower(token);
    if (!std::string_view(lower).starts_with(prefix)) return std::nullopt;
    std::string_view rest = std::string_view(lower).substr(prefix.size());
    if (rest.starts_with("-")) rest.remove_prefix(1);
    if (rest.empty() || rest.size() > 9) return std::nullopt;
    int v = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
    if (ec != std::errc{} || p != rest.data() + rest.size() || v <= 0) return std::nullopt;
    return v;
}

std::optional<Option> as_option(const Token& t) {
    if (t.quoted) return std::nullopt;
    auto eq = t.text.find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    for (size_t i = 0; i < eq; ++i) {
        char c = t.text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return std::nullopt;
    }
    return Option{ascii_lower(t.text.substr(0, eq)), t.text.substr(eq + 1)};
}

bool valid_team_name(std::string_view name) {
    if (name.empty() || utf8_length(name) > 40) return false;
    for (unsigned char c : name) {
        if (c == '=' || c == '<' || c == '>' || c == '@' || c == '#' || c == '"' || c < 0x20) return false;
    }
    return true;
}

std::optional<std::string> cycle_arg(std::string_view value) {
    if (looks_like_quarter(value)) return canonical_quarter(value);
    if (valid_cycle_name(value)) return std::string(value);
    return std::nullopt;
}

UserError not_a_cycle(std::string_view shown, std::string hint) {
    return {fmt::format("`{}` isn't a cycle; cycles look like 2027-Q1, or are named in `/okr cycle list`.",
                        escape_text(shown)),
            std::move(hint)};
}

// ---- Cursor -------------------------------------------------------------------------

Cursor::Cursor(std::vector<Token> tokens, std::string_view text, std::string_view command_name)
    : tokens_(std::move(tokens)), text_(text), command_name_(command_name) {}

std::string Cursor::hint(std::string_view rest) const { return fmt::format("{} {}", command_name_, rest); }

std::optional<UserError> Cursor::did_you_mean(const Token& typed, const std::vector<std::string_view>& known) const {
    if (typed.quoted) return std::nullopt;
    std::vector<std::string_view> before;
    for (std::size_t i = 0; i < tokens_.size() && &tokens_[i] != &typed; ++i) before.push_back(tokens_[i].text);
    return suggest_command(text_, before, typed.text, known, command_name_);
}

std::optional<UserError> Cursor::take_word(std::string_view word, std::string what, std::string_view usage) {
    if (!done() && is_word(peek(), word)) {
        ++pos_;
        return std::nullopt;
    }
    if (auto guess = done() ? std::nullopt : did_you_mean(peek(), {word})) return guess;
    return UserError{std::move(what), hint(usage)};
}

std::optional<UserError> Cursor::trailing(std::string_view usage) const {
    if (done()) return std::nullopt;
    return UserError{fmt::format("I didn't understand `{}` at the end.", escape_text(peek().text)), hint(usage)};
}

UserError Cursor::not_understood(std::string_view usage) const {
    return {fmt::format("I didn't understand `{}`.", escape_text(peek().text)), hint(usage)};
}

std::string Cursor::rest_words() {
    return words_until([](const Token&) { return false; });
}

bool Cursor::is_word(const Token& t, std::string_view word) { return ascii_lower(t.text) == word; }

bool Cursor::is_because(const Token& t) { return !t.quoted && is_word(t, "because"); }

UserResult<int> Cursor::objective_arg(std::string_view usage) {
    if (done()) return UserError{"Which objective? Give its id, like O-3.", hint(usage)};
    auto o = parse_ref(peek().text, "o");
    if (!o) return UserError{fmt::format("`{}` isn't an objective id like O-3.", escape_text(peek().text)), hint(usage)};
    ++pos_;
    return *o;
}

UserResult<std::string> Cursor::team_name(std::string_view usage) {
    if (done() || as_option(peek())) return UserError{"The team needs a name.", hint(usage)};
    std::string name = peek().text;
    ++pos_;
    if (!valid_team_name(name)) {
        return UserError{fmt::format("`{}` can't be a team name: use up to 40 characters, without spaces or "
                                     "= < > @ #.",
                                     escape_text(name)),
                         hint(usage)};
    }
    return name;
}

std::string Cursor::value_with_time(const std::string& first) {
    if (more_after() && !tokens_[pos_ + 1].quoted && !as_option(tokens_[pos_ + 1]) &&
        tokens_[pos_ + 1].text.find(':') != std::string::npos) {
        ++pos_;
        return first + " " + tokens_[pos_].text;
    }
    return first;
}

std::optional<UserError> Cursor::take_cycle(std::optional<std::string>& cycle, std::string_view usage) {
    auto opt = as_option(peek());
    if (!opt || opt->key != "cycle") return std::nullopt;
    cycle = cycle_arg(opt->value);
    if (!cycle) return not_a_cycle("cycle=" + opt->value, hint(usage));
    ++pos_;
    return std::nullopt;
}

}  // namespace goalpost::core
