#include "core/commands/objective.hpp"

#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/okr/playbook_view.hpp"
#include "core/text.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"objective",
     "objective add \"title\" [team=NAME] [parent=O-3] [cycle=2027-Q1|NAME] [public|internal] [committed|aspirational]",
     "Add an objective (in the current cycle unless you name one); public ones reach stakeholders, internal ones stay "
     "in the team and with the leads above it."},
};

// The team the objective is for: the named one, or the asker's only team.
UserResult<Team> team_for(const ObjectiveAddCmd& c, Context& cx) {
    if (c.team) return cx.team_named(*c.team);
    auto mine = cx.repos().teams.teams_of_member(cx.ws(), cx.user());
    if (mine.empty()) {
        return UserError{"You aren't in a team yet, so I don't know whose objective this is.", cx.cmd("team create NAME")};
    }
    if (mine.size() > 1) {
        std::vector<std::string> names;
        for (const auto& t : mine) names.push_back(escape_text(t.name));
        return UserError{fmt::format("You're in several teams ({}); say which one.", join(names)),
                         cx.cmd(fmt::format("objective add \"{}\" team={}", escape_text(c.title), mine.front().name))};
    }
    return mine.front();
}

Message created(const Objective& o, const Team& team, Context& cx) {
    Message m;
    m.audience = Audience::channel;
    m.text = escape_text(fmt::format("{} {} created for team {}", obj_ref(o), o.title, team.name));
    m.section(fmt::format(":dart: *{}* {}\nTeam *{}* · {} · {} · {}", obj_ref(o), escape_text(o.title),
                          escape_text(team.name), o.cycle, visibility_text(o.visibility),
                          o.kind == ObjectiveKind::committed ? "committed (success at 1.0)"
                                                             : "aspirational (success at 0.7)"));
    if (o.parent_number) m.context(fmt::format("Aligned to O-{}", *o.parent_number));
    m.context(fmt::format("Add 3 to 5 measurable key results: `{}`",
                          cx.cmd(fmt::format("kr add {} \"...\" from=0 to=100", obj_ref(o)))));
    size_t in_cycle = 0;
    for (const auto& x : cx.repos().objectives.objectives_of_team(cx.ws(), team.id)) in_cycle += x.cycle == o.cycle;
    if (in_cycle > max_objectives_per_cycle) {
        m.context(fmt::format(":bulb: Team *{}* now has {} objectives in {}; a handful (up to 5) keeps the team "
                              "focused.",
                              escape_text(team.name), in_cycle, o.cycle));
    }
    if (!o.parent_number && team.parent_team_id) {
        m.context(fmt::format(":bulb: Team *{}* has a parent team: align this objective to one of its objectives "
                              "with `parent=O-N` (`{}`).",
                              escape_text(team.name), cx.cmd("tree")));
    }
    return m;
}

}  // namespace

ParseResult parse_objective(Cursor& in) {
    const std::string usage = "objective add \"Grow the community\" team=growth";
    if (auto error = in.take_word("add", "Which objective command?", usage)) return *error;
    ObjectiveAddCmd cmd;
    std::vector<std::string> words;
    for (; !in.done(); in.next()) {
        const Token& t = in.peek();
        if (auto opt = as_option(t)) {
            if (opt->key == "team") {
                cmd.team = opt->value;
            } else if (opt->key == "parent") {
                cmd.parent = parse_ref(opt->value, "o");
                if (!cmd.parent) {
                    return UserError{fmt::format("`parent={}` isn't an objective id.", escape_text(opt->value)),
                                     in.hint(usage + " parent=O-1")};
                }
            } else if (opt->key == "cycle") {
                cmd.cycle = cycle_arg(opt->value);
                if (!cmd.cycle) return not_a_cycle("cycle=" + opt->value, in.hint(usage + " cycle=2027-Q1"));
            } else if (opt->key == "title") {
                words.push_back(opt->value);
            } else {
                return UserError{fmt::format("`{}=` isn't an option of objective add.", escape_text(opt->key)),
                                 in.hint(usage)};
            }
            continue;
        }
        std::string w = ascii_lower(t.text);
        if (!t.quoted && (w == "public" || w == "internal")) {
            cmd.visibility = w == "public" ? Visibility::public_ : Visibility::internal;
        } else if (!t.quoted && (w == "committed" || w == "aspirational")) {
            cmd.kind = w == "committed" ? ObjectiveKind::committed : ObjectiveKind::aspirational;
        } else {
            words.push_back(t.text);
        }
    }
    cmd.title = join(words, " ");
    if (cmd.title.empty()) return UserError{"The objective needs a title.", in.hint(usage)};
    if (utf8_length(cmd.title) > 200) {
        return UserError{"That title is longer than 200 characters; keep objectives short.", in.hint(usage)};
    }
    return cmd;
}

std::span<const HelpLine> objective_help() { return help_lines; }

Outcome handle(const ObjectiveAddCmd& c, Context& cx) {
    auto team = team_for(c, cx);
    if (!team) return team.error();
    if (!may_add_to(cx.viewer(), team->id)) {
        return cx.join_hint(fmt::format("You aren't a member of team *{}*.", escape_text(team->name)), team->name);
    }
    if (c.parent && !cx.repos().objectives.find_objective(cx.ws(), *c.parent)) {
        return UserError{fmt::format("O-{} doesn't exist in this workspace, so it can't be the parent.", *c.parent),
                         cx.cmd("list all")};
    }
    auto cycle = cx.cycle_or_current(c.cycle, "objective add \"...\" cycle=2027-Q1");
    if (!cycle) return cycle.error();
    NewObjective no{team->id,
                    c.title,
                    c.parent,
                    cycle->name,
                    c.visibility.value_or(Visibility::public_),
                    c.kind.value_or(ObjectiveKind::aspirational),
                    cx.user(),
                    cx.now()};
    return created(cx.repos().objectives.add_objective(cx.ws(), no), *team, cx);
}

}  // namespace goalpost::core
