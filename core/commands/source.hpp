#pragma once
// `/okr kr source KR-7 KIND ARGS... | off` and `/okr kr sync KR-7`: a key result that reads
// its value from Jira, Asana, Trello, GitHub, a Google Sheet or a JSON URL (core/sources.hpp).
#include <optional>
#include <span>

#include "core/commands/family.hpp"
#include "core/sources.hpp"

namespace goalpost::core {

struct KrSourceCmd {
    int kr = 0;
    std::optional<SourceSpec> spec;  // none: off
};
struct KrSyncCmd {
    int kr = 0;
};

// After `kr source` / `kr sync`.
ParseResult parse_kr_source(Cursor& in);
ParseResult parse_kr_sync(Cursor& in);
std::span<const HelpLine> source_help();

Outcome handle(const KrSourceCmd& c, Context& cx);
Outcome handle(const KrSyncCmd& c, Context& cx);

}  // namespace goalpost::core
