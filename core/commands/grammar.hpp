#pragma once
// The pieces of the /okr grammar (SPEC.md) that every command family reads with: tokens,
// key=value options, references to objectives, key results, people and channels, and a
// cursor over one command's tokens with the readers the families share.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands/command.hpp"

namespace goalpost::core {

struct Token {
    std::string text;
    bool quoted = false;  // came from "..." or “...”; never read as a keyword
};

// Splits on whitespace; "..." and “...” group words (quotes removed).
// nullopt when a quote is left open.
std::optional<std::vector<Token>> tokenize(std::string_view text);

// "<@U123|ana>", "<@U123>" -> "U123"; "@ana" -> "ana"; nullopt if not a mention.
std::optional<std::string> user_ref(std::string_view token);
// "<#C123|growth>" -> "C123"; "#growth" -> "#growth"; nullopt if not a channel.
std::optional<std::string> channel_ref(std::string_view token);
// "O-3", "o3", "KR-7", "kr7": the number, when the prefix matches.
std::optional<int> parse_ref(std::string_view token, std::string_view prefix);

struct Option {
    std::string key;  // lowercase
    std::string value;
};
// key=value with an ASCII key of letters and _; quoted tokens are never options.
std::optional<Option> as_option(const Token& t);

// Up to 40 characters, none of = < > @ # " or a control character.
bool valid_team_name(std::string_view name);
// A cycle named in cycle= or to=: a calendar quarter (2027q1 is read as 2027-Q1) or a
// custom cycle's name, which the handler looks up. nullopt when it can be neither.
std::optional<std::string> cycle_arg(std::string_view value);
// "`x` isn't a cycle; ..." for a value cycle_arg refused.
UserError not_a_cycle(std::string_view shown, std::string hint);

// One command's tokens and how far the parser has read. Each family's parser starts after
// the verb and reads on; a mistake comes back as the UserError to answer with.
class Cursor {
public:
    // `text` as typed, for a corrected command in a hint; `command_name` is "/okr" or the like.
    Cursor(std::vector<Token> tokens, std::string_view text, std::string_view command_name);

    bool done() const { return pos_ >= tokens_.size(); }
    const Token& peek() const { return tokens_[pos_]; }
    const Token& previous() const { return tokens_[pos_ - 1]; }
    // Another token follows the current one.
    bool more_after() const { return pos_ + 1 < tokens_.size(); }
    void next() { ++pos_; }
    // "/okr <rest>": a command to type, for hints.
    std::string hint(std::string_view rest) const;

    // A suggestion when `typed`, a word the grammar does not know here, is a slip of one of
    // `known` (see suggest.hpp); nothing is run.
    std::optional<UserError> did_you_mean(const Token& typed, const std::vector<std::string_view>& known) const;
    // The sub-command `word` ("add") next, read; else the error: a suggestion when what is
    // there is a slip of it, or `what` ("Which objective command?").
    std::optional<UserError> take_word(std::string_view word, std::string what, std::string_view usage);
    // "I didn't understand `x` at the end." when anything is left.
    std::optional<UserError> trailing(std::string_view usage) const;

    // Words up to the end, or up to the first token `stop` says ends them, joined by spaces.
    template <typename Stop>
    std::string words_until(Stop stop) {
        std::string out;
        for (; !done() && !stop(peek()); ++pos_) {
            if (!out.empty()) out += ' ';
            out += peek().text;
        }
        return out;
    }
    std::string rest_words();
    static bool is_because(const Token& t);

    // "O-3" as the next token, or the error naming the command's usage.
    UserResult<int> objective_arg(std::string_view usage);
    // A team name as the next token.
    UserResult<std::string> team_name(std::string_view usage);
    // A value that may take the next word too: reminder=mon 09:00.
    std::string value_with_time(const std::string& first);
    // `cycle=2027-Q1` as the next token: read into `cycle`; an error when it names no cycle.
    std::optional<UserError> take_cycle(std::optional<std::string>& cycle, std::string_view usage);

    // An optional "team NAME" (or "team=NAME") among options that `extra` reads; `extra`
    // returns the error for an option it does not take.
    template <typename Extra>
    std::optional<UserError> team_and(std::optional<std::string>& team, std::string_view usage, Extra extra) {
        for (; !done(); ++pos_) {
            const Token& t = peek();
            if (!t.quoted && is_word(t, "team") && more_after()) {
                ++pos_;
                team = peek().text;
                continue;
            }
            if (auto opt = as_option(t)) {
                if (opt->key == "team") {
                    team = opt->value;
                } else if (auto error = extra(*opt)) {
                    return error;
                }
                continue;
            }
            return not_understood(usage);
        }
        return std::nullopt;
    }

private:
    static bool is_word(const Token& t, std::string_view word);
    UserError not_understood(std::string_view usage) const;

    std::vector<Token> tokens_;
    std::string text_;
    std::string command_name_;
    std::size_t pos_ = 0;
};

}  // namespace goalpost::core
