#include "core/commands/template.hpp"

#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/okr/playbook_view.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"template", "template sales|marketing|product|customer-success",
     "A proposed objective with example key results to copy and edit."},
};

}  // namespace

ParseResult parse_template(Cursor& in) {
    TemplateCmd cmd;
    if (!in.done()) {
        cmd.name = ascii_lower(in.peek().text);
        in.next();
    }
    if (auto rest = in.trailing("template sales")) return *rest;
    return cmd;
}

std::span<const HelpLine> template_help() { return help_lines; }

Outcome handle(const TemplateCmd& c, Context& cx) {
    const std::string names = join(template_names());
    if (c.name.empty()) {
        Message m;
        m.header("OKR templates");
        m.section(fmt::format("Templates: {}. Each proposes an objective with example key results you can copy "
                              "and edit.",
                              names));
        m.context(fmt::format("`{}`", cx.cmd("template sales")));
        m.text = "OKR templates: " + names;
        return m;
    }
    auto t = template_named(c.name);
    if (!t) {
        return UserError{fmt::format("There's no template `{}`. Templates: {}.", escape_text(c.name), names),
                         cx.cmd("template product")};
    }
    Message m;
    m.header(fmt::format("Template · {}", t->name));
    m.section(fmt::format("*Objective*: {}\n`{}`", t->objective, cx.cmd(fmt::format("objective add \"{}\" public", t->objective))));
    std::string lines = "*Key results* (replace O-N with the new objective's id):";
    for (const auto& k : t->krs) {
        lines += fmt::format("\n`{}`", cx.cmd(fmt::format("kr add O-N \"{}\" {} due=YYYY-MM-DD", k.title, k.options)));
    }
    m.section(lines);
    m.context("Edit the numbers to your own baseline: a good key result is a number you can move this cycle.");
    m.text = fmt::format("Template {}: {}", t->name, t->objective);
    return m;
}

}  // namespace goalpost::core
