#pragma once
// The JSON codec of the export document: what `goalpost export` writes by default, for moving
// data between databases.
#include <optional>
#include <string>
#include <string_view>

#include "core/types.hpp"
#include "transfer/document.hpp"
#include "transfer/problem.hpp"

namespace goalpost::transfer {

inline constexpr const char* format_name = "goalpost-export";
inline constexpr int format_version = 1;

// Indented, one row per line, keys in a fixed order: two exports of the same rows are the
// same bytes but for `exported_at`. Rows are printed as they are built, so only one row's
// JSON tree is in memory at a time.
std::string to_json(const Document& document, core::Time exported_at);

// Reads a document written by to_json (or by hand). Every problem is added to `problems` with
// its place, a syntax error as `file:line:column`; a field absent where a default makes sense
// is given it (`now` for a missing time). A document exported before schema 8 has its Slack
// text decoded (transfer/upgrade.hpp). Nothing when the text is not a JSON object; otherwise
// the rows as far as they could be read, the problems saying what is missing.
std::optional<Document> read_json(std::string_view text, const std::string& file, Problems& problems,
                                   core::Time now);

}  // namespace goalpost::transfer
