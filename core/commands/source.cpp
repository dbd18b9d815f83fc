#include "core/commands/source.hpp"

#include <fmt/format.h>

#include "core/commands/context.hpp"
#include "core/commands/grammar.hpp"
#include "core/commands/help.hpp"
#include "core/numbers.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

constexpr HelpLine help_lines[] = {
    {"kr", "kr source KR-7 jira|asana|trello|github|sheets|url ARGS...",
     "Let the key result read its value from a tool (README, Key-result sources): e.g. "
     "`kr source KR-7 github \"repo:acme/app is:pr is:merged\"`. `kr source KR-7 off` stops it."},
    {"kr", "kr sync KR-7", "Read the key result's source now; a changed value is checked in."},
};

UserResult<int> kr_arg(Cursor& in, const std::string& usage) {
    if (in.done()) return UserError{"Which key result?", in.hint(usage)};
    auto kr = parse_ref(in.peek().text, "kr");
    if (!kr) return UserError{fmt::format("`{}` isn't a key result id like KR-7.", escape_text(in.peek().text)), in.hint(usage)};
    in.next();
    return *kr;
}

// The owner, the team's members, leads above and admins look after where a KR's value comes from.
bool may_set_source(const Viewer& v, const Objective& o, const KeyResult& kr) {
    return !v.api && !v.source && (kr.owner == v.user_id || may_look_after(v, o));
}

UserError sources_missing(Context& cx) {
    return {"Key-result sources aren't available on this server.", cx.cmd("help kr")};
}

UserResult<KrAndObjective> kr_to_look_after(Context& cx, int number) {
    auto found = cx.visible_kr(number);
    if (!found) return found.error();
    if (!may_set_source(cx.viewer(), found->objective, found->kr)) {
        UserError e{fmt::format("Only KR-{}'s owner, its team's members, their leads and admins set where its value "
                                "comes from.",
                                number),
                    cx.cmd(fmt::format("show KR-{}", number)), UserError::Reason::forbidden};
        return e;
    }
    return *found;
}

}  // namespace

ParseResult parse_kr_source(Cursor& in) {
    const std::string usage = "kr source KR-7 github \"repo:acme/app is:pr is:merged\"";
    auto kr = kr_arg(in, usage);
    if (!kr) return kr.error();
    if (in.done()) {
        return UserError{fmt::format("Where should KR-{} read its value from? jira, asana, trello, github, sheets, url "
                                     "or off.",
                                     *kr),
                         in.hint(usage)};
    }
    const std::string kind = ascii_lower(in.peek().text);
    in.next();
    if (kind == "off" || kind == "none") {
        if (auto rest = in.trailing(fmt::format("kr source KR-{} off", *kr))) return *rest;
        return KrSourceCmd{*kr, std::nullopt};
    }
    SourceSpec spec{kind, {}};
    for (; !in.done(); in.next()) spec.args.push_back(in.peek().text);
    if (auto problem = source_spec_problem(spec)) {
        // A query typed without quotes arrives as many words.
        const bool query = kind == "jira" || kind == "github";
        if (query && spec.args.size() > 1) {
            std::string words;
            for (const auto& a : spec.args) words += (words.empty() ? "" : " ") + a;
            return UserError{fmt::format("Put the {} query in quotes.", kind == "jira" ? "JQL" : "search"),
                             in.hint(fmt::format("kr source KR-{} {} \"{}\"", *kr, kind, escape_text(words)))};
        }
        return UserError{*problem, in.hint(usage)};
    }
    return KrSourceCmd{*kr, std::move(spec)};
}

ParseResult parse_kr_sync(Cursor& in) {
    auto kr = kr_arg(in, "kr sync KR-7");
    if (!kr) return kr.error();
    if (auto rest = in.trailing("kr sync KR-7")) return *rest;
    return KrSyncCmd{*kr};
}

std::span<const HelpLine> source_help() { return help_lines; }

Outcome handle(const KrSourceCmd& c, Context& cx) {
    auto* sources = cx.repos().sources;
    if (!sources || !cx.sources()) return sources_missing(cx);
    auto found = kr_to_look_after(cx, c.kr);
    if (!found) return found.error();
    const auto& kr = found->kr;
    Message m;
    m.audience = Audience::ephemeral;
    if (!c.spec) {
        if (!sources->clear_source(cx.ws(), kr.id)) {
            return UserError{fmt::format("KR-{} has no source; its value is checked in by hand.", c.kr),
                             cx.cmd(fmt::format("checkin KR-{} 42", c.kr))};
        }
        m.text = fmt::format("KR-{} no longer reads a source", c.kr);
        m.section(fmt::format("KR-{} no longer reads its value from a source; check in by hand: `{}`.", c.kr,
                              cx.cmd(fmt::format("checkin KR-{} 42", c.kr))));
        return m;
    }
    if (kr.binary) {
        return UserError{fmt::format("KR-{} is done or not done; a source gives numbers, so it suits a measurable key "
                                     "result.",
                                     c.kr),
                         cx.cmd(fmt::format("checkin KR-{} done", c.kr))};
    }
    if (auto lacking = cx.sources()->check(*c.spec)) {
        return UserError{fmt::format("goalpost can't read {} on this server yet: {}. Ask whoever runs goalpost "
                                     "(README, Key-result sources).",
                                     c.spec->kind, *lacking),
                         ""};
    }
    sources->set_source(cx.ws(), kr.id, *c.spec, cx.user(), cx.now());
    m.text = fmt::format("KR-{} reads its value from {}", c.kr, c.spec->kind);
    m.section(fmt::format(":satellite_antenna: *KR-{}* now reads its value from {}.", c.kr,
                          escape_text(describe_source(*c.spec))));
    m.context(fmt::format("goalpost reads it every {} minutes and checks in when the value changes. Read it now: `{}` "
                          "· stop: `{}`",
                          cx.sources()->interval_minutes, cx.cmd(fmt::format("kr sync KR-{}", c.kr)),
                          cx.cmd(fmt::format("kr source KR-{} off", c.kr))));
    return m;
}

namespace {

// What `kr sync` answers for a report, now or later.
Message sync_answer(int kr, const std::string& from, const std::string& unit, const SyncReport& report,
                    unsigned interval_minutes) {
    Message m;
    m.audience = Audience::ephemeral;
    if (!report.value) {
        m.text = fmt::format("KR-{}: reading its source failed", kr);
        m.section(fmt::format(":warning: Couldn't read KR-{}'s value from {}: {}", kr, from, escape_text(report.error)));
        m.context(fmt::format("Nothing was recorded. goalpost tries again within {} minutes.", interval_minutes));
        return m;
    }
    const std::string value = format_value(*report.value, unit);
    m.text = fmt::format("KR-{} read {}", kr, value);
    m.section(report.changed
                  ? fmt::format("Read *{}* from {}: checked in on KR-{} (the team's channel shows it).", value, from, kr)
                  : fmt::format("Read *{}* from {}: the same as now, so nothing was recorded.", value, from));
    return m;
}

}  // namespace

Outcome handle(const KrSyncCmd& c, Context& cx) {
    auto* sources = cx.repos().sources;
    if (!sources || !cx.sources() || !cx.sources()->sync) return sources_missing(cx);
    auto found = kr_to_look_after(cx, c.kr);
    if (!found) return found.error();
    const auto& kr = found->kr;
    auto source = sources->source_of(cx.ws(), kr.id);
    if (!source) {
        return UserError{fmt::format("KR-{} has no source to read.", c.kr),
                         cx.cmd(fmt::format("kr source KR-{} github \"repo:acme/app is:pr is:merged\"", c.kr))};
    }
    const std::string from = escape_text(describe_source(source->spec));
    const unsigned interval = cx.sources()->interval_minutes;
    std::function<void(const SyncReport&)> later;
    if (cx.reply_later()) {
        later = [reply = cx.reply_later(), number = c.kr, from, unit = kr.unit, interval](const SyncReport& r) {
            reply(sync_answer(number, from, unit, r, interval));
        };
    }
    const SyncReport report = cx.sources()->sync(cx.ws(), kr, cx.now(), later);
    if (report.pending) {
        Message m;
        m.audience = Audience::ephemeral;
        m.text = fmt::format("Reading KR-{}'s source", c.kr);
        m.section(fmt::format(":hourglass_flowing_sand: Reading KR-{}'s value from {}; the answer follows here.", c.kr,
                              from));
        return m;
    }
    return sync_answer(c.kr, from, kr.unit, report, interval);
}

}  // namespace goalpost::core
