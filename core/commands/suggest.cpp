#include "core/commands/suggest.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "core/text.hpp"

namespace goalpost::core {
namespace {

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::size_t allowed_edits(std::size_t length) {
    if (length <= 3) return 1;
    if (length <= 6) return 2;
    return 3;
}

// The first whole `word` in `text` at or after `from` (not inside a longer word), or npos.
std::size_t find_word(std::string_view text, std::string_view word, std::size_t from) {
    if (word.empty()) return std::string_view::npos;
    for (std::size_t at = text.find(word, from); at != std::string_view::npos; at = text.find(word, at + 1)) {
        const bool starts = at == 0 || !word_char(text[at - 1]);
        const bool ends = at + word.size() == text.size() || !word_char(text[at + word.size()]);
        if (starts && ends) return at;
    }
    return std::string_view::npos;
}

// `text` with `typed` replaced by `word` where it was typed: after the words before it, so
// that "team team" corrects the second. nullopt when it cannot be found (a quoted word).
std::optional<std::string> corrected(std::string_view text, const std::vector<std::string_view>& before,
                                     std::string_view typed, std::string_view word) {
    std::size_t from = 0;
    for (std::string_view w : before) {
        if (std::size_t at = find_word(text, w, from); at != std::string_view::npos) from = at + w.size();
    }
    const std::size_t at = find_word(text, typed, from);
    if (at == std::string_view::npos) return std::nullopt;
    std::string out(text.substr(0, at));
    out += word;
    out += text.substr(at + typed.size());
    return std::string(trim_ascii(out));
}

}  // namespace

std::size_t edit_distance(std::string_view a_in, std::string_view b_in) {
    const std::string a = ascii_lower(a_in), b = ascii_lower(b_in);
    // Three rows of the dynamic programme: the one before last is needed for a swap.
    std::vector<std::size_t> before(b.size() + 1), last(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) last[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            row[j] = std::min({last[j] + 1, row[j - 1] + 1, last[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                row[j] = std::min(row[j], before[j - 2] + 1);
            }
        }
        std::swap(before, last);
        std::swap(last, row);
    }
    return last[b.size()];
}

std::optional<std::string_view> nearest_word(std::string_view typed, const std::vector<std::string_view>& known) {
    // Far longer input is no typo of a command word; skip the work.
    if (typed.empty() || typed.size() > 40 || typed.find_first_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    std::optional<std::string_view> best;
    std::size_t best_distance = allowed_edits(typed.size()) + 1;
    for (std::string_view word : known) {
        const std::size_t d = edit_distance(typed, word);
        if (d == 0) return std::nullopt;
        if (d < best_distance) {
            best = word;
            best_distance = d;
        }
    }
    return best;
}

std::optional<UserError> suggest_command(std::string_view text, const std::vector<std::string_view>& before,
                                         std::string_view typed, const std::vector<std::string_view>& known,
                                         std::string_view command_name) {
    const auto word = nearest_word(typed, known);
    if (!word) return std::nullopt;
    std::string prefix;
    for (std::string_view w : before) prefix += escape_text(w) + " ";
    const auto fixed = corrected(text, before, typed, *word);
    return UserError{fmt::format("I don't know `{}{}`. Did you mean `{}{}`?", prefix, escape_text(typed), prefix, *word),
                     fixed ? fmt::format("{} {}", command_name, escape_text(*fixed))
                           : fmt::format("{} help", command_name)};
}

}  // namespace goalpost::core
