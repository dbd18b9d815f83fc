#pragma once
// Text the command families' replies share: references, values, a key result's line,
// long lists cut into sections. All of it message markup (message.hpp).
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "core/message.hpp"
#include "core/types.hpp"

namespace goalpost::core {

// Slack allows 50 blocks; keep room for a header and a closing line.
inline constexpr std::size_t max_list_blocks = 45;

// "<#C123>", "#growth" as typed, or "no channel".
std::string channel_text(const std::string& channel);
std::string kr_ref(const KeyResult& kr);   // "KR-7"
std::string obj_ref(const Objective& o);   // "O-3"
// A value of the key result: "1,200", "5%", or "done" / "not done" for a binary one.
std::string value_text(const KeyResult& kr, double v);
// "*KR-7* title", its progress bar, where it stands, its owner and their confidence.
std::string kr_line(const KeyResult& kr);
std::string visibility_text(Visibility v);  // "public" | "internal"
std::string kind_text(ObjectiveKind k);     // "committed" | "aspirational"
// "O-3 has 2 key results; 3 to 5 ...", or empty when the count is in the SMART range.
std::string kr_count_hint(const Objective& o, std::size_t count);

// `lines` as sections of ten lines each, the first starting with `first` when given. Stops
// adding sections once the message has `max_blocks` blocks.
void add_sections(Message& m, const std::vector<std::string>& lines, std::string first = {},
                  std::size_t max_blocks = std::numeric_limits<std::size_t>::max());

}  // namespace goalpost::core
