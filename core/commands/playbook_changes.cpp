// `/okr win`, `/okr edit` and `/okr archive`, and the edit history (playbook.hpp).
#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/format.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/commands/playbook.hpp"
#include "core/numbers.hpp"
#include "core/okr/celebrations.hpp"
#include "core/schedule/cadence.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"win", "win \"what shipped\" [team=NAME] [kr=KR-7]",
     "Log a quick win: announced in the team channel and listed in the monthly summary."},
    {"edit",
     "edit KR-7|O-3 [title=\"...\"] [to=60] [due=YYYY-MM-DD] [owner=@person] [public|internal] "
     "[committed|aspirational] [because \"...\"]",
     "Change an objective or key result; every change is kept with who, when and why."},
    {"archive", "archive O-3 [because \"...\"]", "Take an objective out of lists and digests (its history stays)."},
};

// ---- parsing ----

// Reads a key=value option of edit into `cmd`; the error for one it does not take.
std::optional<UserError> read_edit_option(const Cursor& in, const Option& opt, EditCmd& cmd, const std::string& usage) {
    if (opt.key == "title") {
        if (opt.value.empty()) return UserError{"`title=` needs the new title in quotes.", in.hint("edit O-3 title=\"...\"")};
        if (utf8_length(opt.value) > 200) return UserError{"That title is longer than 200 characters.", in.hint(usage)};
        cmd.title = opt.value;
    } else if (opt.key == "because" || opt.key == "reason") {
        cmd.reason = opt.value;
    } else if (cmd.objective) {
        return UserError{fmt::format("`{}=` isn't something you can edit on an objective; objectives take title=, "
                                     "public|internal and committed|aspirational.",
                                     escape_text(opt.key)),
                         in.hint("edit O-3 title=\"...\" internal")};
    } else if (opt.key == "to") {
        auto n = parse_number(opt.value);
        if (!n) return UserError{fmt::format("`to={}` isn't a number.", escape_text(opt.value)), in.hint(usage)};
        cmd.to = n->value;
    } else if (opt.key == "due") {
        if (ascii_lower(opt.value) == "none" || ascii_lower(opt.value) == "off") {
            cmd.due = std::string();
        } else {
            cmd.due = parse_date(opt.value);
            if (!cmd.due) {
                return UserError{fmt::format("`due={}` isn't a date; write it as YYYY-MM-DD.", escape_text(opt.value)),
                                 in.hint("edit KR-7 due=2027-03-31")};
            }
        }
    } else if (opt.key == "owner") {
        cmd.owner = user_ref(opt.value);
        if (!cmd.owner) return UserError{"`owner=` needs a person, like owner=@ana.", in.hint("edit KR-7 owner=@ana")};
    } else {
        return UserError{fmt::format("`{}=` isn't something you can edit on a key result; key results take "
                                     "title=, to=, due= and owner=.",
                                     escape_text(opt.key)),
                         in.hint(usage)};
    }
    return std::nullopt;
}

// ---- handling ----

std::string change_line(const FieldChange& f) {
    auto shown = [&](const std::string& v) -> std::string {
        if (v.empty()) return "none";
        if (f.field == "owner") return mention(v);
        return escape_text(v);
    };
    return fmt::format("{} {} → {}", f.field, shown(f.old_value), shown(f.new_value));
}

// The changes of an edit of an objective, applied; "O-3", or the error.
UserResult<std::string> edit_objective(const EditCmd& c, Context& cx, std::vector<FieldChange>& changes) {
    auto o = cx.objective_to_look_after(c.number, "edit");
    if (!o) return o.error();
    ObjectiveEdit e;
    if (c.title && *c.title != o->title) {
        e.title = c.title;
        changes.push_back({"title", o->title, *c.title});
    }
    if (c.visibility && *c.visibility != o->visibility) {
        e.visibility = c.visibility;
        changes.push_back({"visibility", visibility_text(o->visibility), visibility_text(*c.visibility)});
    }
    if (c.kind && *c.kind != o->kind) {
        e.kind = c.kind;
        changes.push_back({"kind", kind_text(o->kind), kind_text(*c.kind)});
    }
    if (changes.empty()) {
        return UserError{fmt::format("Nothing to change: {} already is like that.", obj_ref(*o)),
                         cx.cmd(fmt::format("show {}", obj_ref(*o)))};
    }
    cx.repos().playbook->edit_objective(cx.ws(), o->id, e, changes, cx.user(), c.reason, cx.now());
    return obj_ref(*o);
}

// The changes of an edit of a key result, applied; "KR-7", or the error.
UserResult<std::string> edit_key_result(const EditCmd& c, Context& cx, std::vector<FieldChange>& changes) {
    auto found = cx.visible_kr(c.number);
    if (!found) return found.error();
    const auto& [kr, o] = *found;
    if (!may_look_after(cx.viewer(), o)) return cx.not_looking_after(o, "edit the key results of");
    KeyResultEdit e;
    if (c.title && *c.title != kr.title) {
        e.title = c.title;
        changes.push_back({"title", kr.title, *c.title});
    }
    if (c.to) {
        if (kr.binary) {
            return UserError{fmt::format("KR-{} is done or not done; it has no target to change.", kr.number),
                             cx.cmd(fmt::format("edit KR-{} title=\"...\"", kr.number))};
        }
        if (*c.to == kr.start) {
            return UserError{fmt::format("KR-{} starts at {}; a target equal to the start measures nothing.", kr.number,
                                         format_value(kr.start, kr.unit)),
                             cx.cmd(fmt::format("edit KR-{} to=...", kr.number))};
        }
        if (*c.to != kr.target) {
            e.target = c.to;
            changes.push_back({"target", format_value(kr.target, kr.unit), format_value(*c.to, kr.unit)});
        }
    }
    if (c.due && *c.due != kr.due.value_or("")) {
        e.due = c.due;
        changes.push_back({"due", kr.due.value_or(""), *c.due});
    }
    if (c.owner && *c.owner != kr.owner) {
        e.owner = c.owner;
        changes.push_back({"owner", kr.owner, *c.owner});
    }
    if (changes.empty()) {
        return UserError{fmt::format("Nothing to change: KR-{} already is like that.", kr.number),
                         cx.cmd(fmt::format("show KR-{}", kr.number))};
    }
    cx.repos().playbook->edit_key_result(cx.ws(), kr.id, e, changes, cx.user(), c.reason, cx.now());
    return kr_ref(kr);
}

// The team a win is for: the key result's, or the named one, or the asker's only team.
UserResult<Team> team_of_win(const WinCmd& c, Context& cx, std::optional<KeyResult>& kr) {
    if (!c.kr) return cx.team_or_mine(c.team, fmt::format("win \"{}\" team=NAME", escape_text(c.title)));
    auto found = cx.visible_kr(*c.kr);
    if (!found) return found.error();
    kr = found->kr;
    auto team = cx.repos().teams.find_team_by_id(cx.ws(), found->objective.team_id);
    if (!team) return UserError{fmt::format("KR-{} belongs to no team.", *c.kr), cx.cmd("list mine")};
    if (c.team && ascii_lower(*c.team) != ascii_lower(team->name)) {
        return UserError{fmt::format("KR-{} belongs to team *{}*, not *{}*.", *c.kr, escape_text(team->name),
                                     escape_text(*c.team)),
                         cx.cmd(fmt::format("win \"{}\" kr=KR-{}", escape_text(c.title), *c.kr))};
    }
    return *team;
}

}  // namespace

ParseResult parse_win(Cursor& in) {
    const std::string usage = "win \"Shipped the new onboarding\" team=growth kr=KR-7";
    WinCmd cmd;
    std::vector<std::string> words;
    for (; !in.done(); in.next()) {
        const Token& t = in.peek();
        auto opt = as_option(t);
        if (!opt) {
            words.push_back(t.text);
        } else if (opt->key == "team") {
            if (!valid_team_name(opt->value)) return UserError{"`team=` needs a team name.", in.hint(usage)};
            cmd.team = opt->value;
        } else if (opt->key == "kr") {
            cmd.kr = parse_ref(opt->value, "kr");
            if (!cmd.kr) {
                return UserError{fmt::format("`kr={}` isn't a key result id like KR-7.", escape_text(opt->value)),
                                 in.hint(usage)};
            }
        } else {
            return UserError{fmt::format("`{}=` isn't an option of win.", escape_text(opt->key)), in.hint(usage)};
        }
    }
    cmd.title = join(words, " ");
    if (cmd.title.empty()) return UserError{"What shipped? Describe the win.", in.hint(usage)};
    if (utf8_length(cmd.title) > 200) return UserError{"That win is longer than 200 characters; keep it short.", in.hint(usage)};
    return cmd;
}

ParseResult parse_edit(Cursor& in) {
    const std::string usage = "edit KR-7 to=60 because \"the market shrank\"";
    if (in.done()) return UserError{"Edit what? Give an objective or key result id.", in.hint(usage)};
    EditCmd cmd;
    if (auto kr = parse_ref(in.peek().text, "kr")) {
        cmd.objective = false;
        cmd.number = *kr;
    } else if (auto o = parse_ref(in.peek().text, "o")) {
        cmd.number = *o;
    } else {
        return UserError{fmt::format("`{}` isn't an id like O-3 or KR-7.", escape_text(in.peek().text)), in.hint(usage)};
    }
    in.next();
    for (; !in.done(); in.next()) {
        const Token& t = in.peek();
        if (Cursor::is_because(t)) {
            in.next();
            cmd.reason = in.rest_words();
            if (cmd.reason.empty()) return UserError{"`because` needs the reason after it.", in.hint(usage)};
            break;
        }
        std::string w = ascii_lower(t.text);
        if (auto opt = as_option(t)) {
            if (auto error = read_edit_option(in, *opt, cmd, usage)) return *error;
        } else if (!t.quoted && cmd.objective && (w == "public" || w == "internal")) {
            cmd.visibility = w == "public" ? Visibility::public_ : Visibility::internal;
        } else if (!t.quoted && cmd.objective && (w == "committed" || w == "aspirational")) {
            cmd.kind = w == "committed" ? ObjectiveKind::committed : ObjectiveKind::aspirational;
        } else {
            return UserError{fmt::format("I didn't understand `{}` in edit of {}.", escape_text(t.text),
                                         cmd.objective ? "an objective" : "a key result"),
                             in.hint(usage)};
        }
    }
    if (utf8_length(cmd.reason) > 500) return UserError{"The reason is longer than 500 characters.", in.hint(usage)};
    if (!cmd.title && !cmd.to && !cmd.due && !cmd.owner && !cmd.visibility && !cmd.kind) {
        return UserError{"What should I change?",
                         in.hint(cmd.objective ? "edit O-3 title=\"...\" internal because \"...\"" : usage)};
    }
    return cmd;
}

ParseResult parse_archive(Cursor& in) {
    auto o = in.objective_arg("archive O-3 because \"replaced by O-9\"");
    if (!o) return o.error();
    ArchiveCmd cmd{*o, {}};
    if (!in.done()) {
        if (Cursor::is_because(in.peek())) in.next();
        cmd.reason = in.rest_words();
    }
    return cmd;
}

std::span<const HelpLine> playbook_changes_help() { return help_lines; }

Outcome handle(const WinCmd& c, Context& cx) {
    if (!cx.repos().playbook) return cx.playbook_missing();
    std::optional<KeyResult> kr;
    auto team = team_of_win(c, cx, kr);
    if (!team) return team.error();
    if (!may_add_to(cx.viewer(), team->id)) {
        return cx.join_hint(fmt::format("Only members of team *{}* can log its wins.", escape_text(team->name)), team->name);
    }
    auto w = cx.repos().playbook->add_win(
        cx.ws(), NewWin{team->id, kr ? std::optional<RowId>(kr->id) : std::nullopt, c.title, cx.user(), cx.now()});
    Message m;
    m.text = escape_text(fmt::format("Quick win logged for team {}: {}", team->name, c.title));
    m.section(fmt::format(":rocket: Quick win logged for team *{}*: {}{}", escape_text(team->name), escape_text(c.title),
                          kr ? fmt::format(" (towards *KR-{}*)", kr->number) : std::string()));
    m.context(fmt::format("Announced in the team channel; it will be in the monthly summary for {}.",
                          month_key(cx.timezone_of(*team), cx.now())));
    Outcome out{m};
    out.announcements.push_back(win_announcement(*team, w.id, cx.user(), c.title, kr));
    return out;
}

Outcome handle(const EditCmd& c, Context& cx) {
    if (!cx.repos().playbook) return cx.playbook_missing();
    std::vector<FieldChange> changes;
    auto what = c.objective ? edit_objective(c, cx, changes) : edit_key_result(c, cx, changes);
    if (!what) return what.error();
    Message m;
    m.audience = Audience::channel;
    std::string lines;
    for (const auto& f : changes) lines += "\n• " + change_line(f);
    m.text = fmt::format("{} edited {}", mention(cx.user()), *what);
    m.section(fmt::format(":pencil2: {} edited *{}*{}", mention(cx.user()), *what, lines));
    if (!c.reason.empty()) {
        m.context("Because: " + escape_text(c.reason));
    } else {
        m.context(fmt::format("Tip: add `because \"...\"` so the history says why. `{}`",
                              cx.cmd(fmt::format("show {} history", *what))));
    }
    return m;
}

Message history_message(const std::string& what, const std::string& title, const std::vector<EditRecord>& records) {
    Message m;
    m.header(fmt::format("{} history", what));
    m.text = escape_text(fmt::format("{} {}: {} changes", what, title, records.size()));
    if (records.empty()) {
        m.section(fmt::format("*{}* {} hasn't been edited.", what, escape_text(title)));
        return m;
    }
    // Newest last, like a log; long histories keep their latest entries.
    size_t first = records.size() > 40 ? records.size() - 40 : 0;
    std::vector<std::string> lines;
    for (size_t i = first; i < records.size(); ++i) {
        const auto& r = records[i];
        lines.push_back(fmt::format("{} {} {}{}", iso_minute(r.at), mention(r.user_id), change_line(r.change),
                                    r.reason.empty() ? std::string() : " · _" + escape_text(r.reason) + "_"));
    }
    add_sections(m, lines, fmt::format("*{}* {}", what, escape_text(title)));
    if (first > 0) m.context(fmt::format("{} older changes not shown.", first));
    return m;
}

Outcome handle(const ArchiveCmd& c, Context& cx) {
    if (!cx.repos().playbook) return cx.playbook_missing();
    auto o = cx.objective_to_look_after(c.objective, "archive");
    if (!o) return o.error();
    if (cx.repos().playbook->is_archived(cx.ws(), o->id)) {
        return UserError{fmt::format("{} is already archived.", obj_ref(*o)),
                         cx.cmd(fmt::format("show {} history", obj_ref(*o)))};
    }
    cx.repos().playbook->archive_objective(cx.ws(), o->id, cx.user(), c.reason, cx.now());
    Message m;
    m.audience = Audience::channel;
    m.text = escape_text(fmt::format("{} {} archived", obj_ref(*o), o->title));
    m.section(fmt::format(":file_cabinet: {} archived *{}* {}. It leaves lists, digests and reminders; `{}` still "
                          "shows it.",
                          mention(cx.user()), obj_ref(*o), escape_text(o->title),
                          cx.cmd(fmt::format("show {}", obj_ref(*o)))));
    if (!c.reason.empty()) m.context("Because: " + escape_text(c.reason));
    return m;
}

}  // namespace goalpost::core
