#pragma once
// "Did you mean ...?" for a mistyped command word, as people expect of a command line:
// the known word nearest to what was typed, by edit distance.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands/command.hpp"

namespace goalpost::core {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring characters each cost 1 ("chekcin" is 1 from "checkin"). Bytes, ASCII case
// ignored.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The word of `known` nearest to `typed`, when it is near enough to be a slip of the keys:
// 1 edit for words up to 3 letters, 2 up to 6, 3 beyond. The first of equally near words
// wins, so list the likelier ones first. nullopt for an exact match, for nothing near, and
// for a word with a digit (an id, a number or a date is no misspelt command word:
// "/okr KR-7 40" is not "kr").
std::optional<std::string_view> nearest_word(std::string_view typed, const std::vector<std::string_view>& known);

// The answer to `typed`, a word the grammar does not take after the words `before` it:
// "I don't know `team ad`. Did you mean `team add`?", with the whole command as typed
// (`text`), that word corrected, as the hint ("/okr team add growth @ana"). nullopt when no
// known word is near.
std::optional<UserError> suggest_command(std::string_view text, const std::vector<std::string_view>& before,
                                         std::string_view typed, const std::vector<std::string_view>& known,
                                         std::string_view command_name);

}  // namespace goalpost::core
