#pragma once
// `/okr template [name]`: example objectives with key results to copy and edit.
#include <optional>
#include <string>
#include <vector>

#include "core/commands/family.hpp"
#include "core/types.hpp"

namespace goalpost::core {

struct TemplateCmd {
    std::string name;  // empty: list the templates
};

// After the verb `template`.
ParseResult parse_template(Cursor& in);
std::span<const HelpLine> template_help();

Outcome handle(const TemplateCmd& c, Context& cx);

}  // namespace goalpost::core
