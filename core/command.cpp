#include "core/command.hpp"

#include <charconv>
#include <fmt/format.h>

#include "core/schedule/cadence.hpp"
#include "core/okr/cycles.hpp"
#include "core/numbers.hpp"
#include "core/suggest.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace goalpost::core {
namespace {

struct Option {
    std::string key;
    std::string value;
};

// key=value with a lowercase ASCII key; quoted tokens are never options.
std::optional<Option> as_option(const Token& t) {
    if (t.quoted) return std::nullopt;
    auto eq = t.text.find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    for (size_t i = 0; i < eq; ++i) {
        char c = t.text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return std::nullopt;
    }
    return Option{ascii_lower(t.text.substr(0, eq)), t.text.substr(eq + 1)};
}

ParseResult fail(std::string what, std::string hint = {}) {
    return ParseResult{std::nullopt, UserError{std::move(what), std::move(hint)}};
}

ParseResult ok(Command c) { return ParseResult{std::move(c), std::nullopt}; }

bool valid_team_name(std::string_view name) {
    if (name.empty() || utf8_length(name) > 40) return false;
    for (unsigned char c : name) {
        if (c == '=' || c == '<' || c == '>' || c == '@' || c == '#' || c == '"' || c < 0x20) return false;
    }
    return true;
}

// A cycle named in cycle= or to=: a calendar quarter (2027q1 is read as 2027-Q1) or a
// custom cycle's name, which the handler looks up. nullopt when it can be neither.
std::optional<std::string> cycle_arg(std::string_view value) {
    if (looks_like_quarter(value)) return canonical_quarter(value);
    if (valid_cycle_name(value)) return std::string(value);
    return std::nullopt;
}

std::string not_a_cycle(std::string_view shown) {
    return fmt::format("`{}` isn't a cycle; cycles look like 2027-Q1, or are named in `/okr cycle list`.",
                       escape_text(shown));
}

class Parser {
public:
    Parser(std::vector<Token> tokens, std::string_view text, std::string_view cmd)
        : tokens_(std::move(tokens)), text_(text), cmd_(cmd) {}

    ParseResult run() {
        if (tokens_.empty()) return ok(HelpCmd{});
        std::string verb = ascii_lower(tokens_[0].text);
        pos_ = 1;
        if (verb == "help" || verb == "?") return help();
        if (verb == "team") return team();
        if (verb == "objective" || verb == "obj") return objective();
        if (verb == "kr") return kr();
        if (verb == "checkin" || verb == "check-in" || verb == "ci") return checkin();
        if (verb == "list" || verb == "ls") return list();
        if (verb == "show") return show();
        if (verb == "digest") return digest();
        if (verb == "summary") return summary();
        if (verb == "win") return win();
        if (verb == "edit") return edit();
        if (verb == "archive") return archive();
        if (verb == "grade") return grade();
        if (verb == "retro") return retro();
        if (verb == "tree") return tree();
        if (verb == "template" || verb == "templates") return template_cmd();
        if (verb == "carry") return carry();
        if (verb == "cycle" || verb == "cycles") return cycle();
        if (auto guess = did_you_mean(tokens_[0], {"checkin", "objective", "kr", "list", "show", "team", "help", "win",
                                                   "edit", "digest", "summary", "archive", "grade", "retro", "tree",
                                                   "template", "carry", "cycle"})) {
            return *guess;
        }
        return fail(fmt::format("I don't know the command `{}`.", escape_text(tokens_[0].text)),
                    fmt::format("{} help", cmd_));
    }

private:
    std::vector<Token> tokens_;
    std::string text_;  // as typed, for a corrected command in a hint
    std::string cmd_;
    size_t pos_ = 0;

    bool done() const { return pos_ >= tokens_.size(); }
    const Token& peek() const { return tokens_[pos_]; }

    std::string c(std::string_view rest) const { return fmt::format("{} {}", cmd_, rest); }

    // A suggestion when `typed`, a word the grammar does not know here, is a slip of one of
    // `known` (see suggest.hpp); nothing is run.
    std::optional<ParseResult> did_you_mean(const Token& typed, std::initializer_list<std::string_view> known) const {
        if (typed.quoted) return std::nullopt;
        std::vector<std::string_view> before;
        for (std::size_t i = 0; i < tokens_.size() && &tokens_[i] != &typed; ++i) before.push_back(tokens_[i].text);
        auto error = suggest_command(text_, before, typed.text, known, cmd_);
        if (!error) return std::nullopt;
        return ParseResult{std::nullopt, std::move(*error)};
    }

    ParseResult help() {
        std::string topic;
        for (; !done(); ++pos_) {
            if (!topic.empty()) topic += ' ';
            topic += ascii_lower(peek().text);
        }
        return ok(HelpCmd{topic});
    }

    ParseResult team() {
        if (done()) return fail("Which team command?", c("team create NAME"));
        std::string sub = ascii_lower(peek().text);
        ++pos_;
        if (sub == "create") return team_create();
        if (sub == "add" || sub == "remove") return team_members(sub == "add");
        if (sub == "set") return team_set();
        if (sub == "lead") return team_lead();
        if (sub == "show") return team_show();
        if (auto guess = did_you_mean(tokens_[pos_ - 1], {"add", "create", "remove", "set", "lead", "show"})) {
            return *guess;
        }
        return fail(fmt::format("`team {}` isn't a team command.", escape_text(sub)), c("help team"));
    }

    ParseResult team_lead() {
        const std::string usage = "team lead company @ana   (or: team lead company @ana off)";
        ParseResult error;
        auto name = team_name(error, usage);
        if (!name) return error;
        TeamLeadCmd cmd{true, *name, {}};
        for (; !done(); ++pos_) {
            std::string w = ascii_lower(peek().text);
            if (!peek().quoted && (w == "off" || w == "on")) {
                cmd.on = w == "on";
                continue;
            }
            auto user = user_ref(peek().text);
            if (!user) {
                return fail(fmt::format("`{}` isn't a person: mention people with @, and add `off` to take the lead "
                                        "role away.",
                                        escape_text(peek().text)),
                            c(usage));
            }
            cmd.users.push_back(*user);
        }
        if (cmd.users.empty()) return fail("Who should lead the team? Mention them.", c(usage));
        return ok(std::move(cmd));
    }

    ParseResult team_show() {
        const std::string usage = "team show growth";
        ParseResult error;
        auto name = team_name(error, usage);
        if (!name) return error;
        if (!done()) return fail(fmt::format("I didn't understand `{}` at the end.", escape_text(peek().text)), c(usage));
        return ok(TeamShowCmd{*name});
    }

    ParseResult cycle() {
        if (done()) return ok(CycleListCmd{});
        std::string sub = ascii_lower(peek().text);
        ++pos_;
        if (sub == "add" || sub == "create") return cycle_add();
        if (sub == "list" || sub == "ls") {
            if (!done()) return fail(fmt::format("I didn't understand `{}` at the end.", escape_text(peek().text)), c("cycle list"));
            return ok(CycleListCmd{});
        }
        if (sub == "remove" || sub == "rm" || sub == "delete") return cycle_remove();
        if (auto guess = did_you_mean(tokens_[pos_ - 1], {"add", "list", "remove"})) return *guess;
        return fail(fmt::format("`cycle {}` isn't a cycle command; cycle takes add, list or remove.", escape_text(sub)),
                    c("help cycle"));
    }

    ParseResult cycle_add() {
        static const std::string usage = "cycle add 2027-H1 start=2027-01-01 end=2027-06-30";
        if (done() || as_option(peek())) return fail("The cycle needs a name.", c(usage));
        CycleAddCmd cmd;
        cmd.name = peek().text;
        ++pos_;
        if (!valid_cycle_name(cmd.name)) {
            return fail(fmt::format("`{}` can't be a cycle name: use up to 32 letters, digits, - and _.",
                                    escape_text(cmd.name)),
                        c(usage));
        }
        if (looks_like_quarter(cmd.name) && canonical_quarter(cmd.name) != cmd.name) {
            return fail(fmt::format("`{}` looks like a calendar quarter but isn't one; quarters such as 2027-Q1 are "
                                    "built in. Give a custom cycle a name of its own.",
                                    escape_text(cmd.name)),
                        c(usage));
        }
        for (; !done(); ++pos_) {
            auto opt = as_option(peek());
            if (!opt) {
                return fail(fmt::format("I didn't understand `{}`; cycle add takes start= and end= dates.",
                                        escape_text(peek().text)),
                            c(usage));
            }
            if (opt->key == "start" || opt->key == "end") {
                auto date = parse_date(opt->value);
                if (!date) {
                    return fail(fmt::format("`{}={}` isn't a date; write it as YYYY-MM-DD.", opt->key,
                                            escape_text(opt->value)),
                                c(usage));
                }
                (opt->key == "start" ? cmd.start : cmd.end) = *date;
            } else {
                return fail(fmt::format("`{}=` isn't an option of cycle add.", escape_text(opt->key)), c(usage));
            }
        }
        if (cmd.start.empty() || cmd.end.empty()) {
            return fail(fmt::format("A cycle needs both dates: start= (its first day) and end= (its last day)."),
                        c(fmt::format("cycle add {} start=2027-01-01 end=2027-06-30", cmd.name)));
        }
        if (cmd.end < cmd.start) {
            return fail(fmt::format("The cycle ends ({}) before it starts ({}).", cmd.end, cmd.start),
                        c(fmt::format("cycle add {} start={} end={}", cmd.name, cmd.end, cmd.start)));
        }
        if (auto q = quarter_span(cmd.name); q && (q->first_day() != cmd.start || q->last_day() != cmd.end)) {
            return fail(fmt::format("`{}` is the calendar quarter {} to {}; a cycle with other dates needs a name of "
                                    "its own.",
                                    cmd.name, q->first_day(), q->last_day()),
                        c(fmt::format("cycle add {}-long start={} end={}", cmd.name, cmd.start, cmd.end)));
        }
        return ok(std::move(cmd));
    }

    ParseResult cycle_remove() {
        static const std::string usage = "cycle remove 2027-H1";
        if (done()) return fail("Which cycle should I remove?", c(usage));
        CycleRemoveCmd cmd{peek().text};
        ++pos_;
        if (!valid_cycle_name(cmd.name)) return fail(not_a_cycle(cmd.name), c(usage));
        if (!done()) return fail(fmt::format("I didn't understand `{}` at the end.", escape_text(peek().text)), c(usage));
        return ok(std::move(cmd));
    }

    std::optional<std::string> team_name(ParseResult& error, std::string_view usage) {
        if (done() || as_option(peek())) {
            error = fail("The team needs a name.", c(usage));
            return std::nullopt;
        }
        std::string name = peek().text;
        ++pos_;
        if (!valid_team_name(name)) {
            error = fail(fmt::format("`{}` can't be a team name: use up to 40 characters, without spaces or "
                                     "= < > @ #.",
                                     escape_text(name)),
                         c(std::string(usage)));
            return std::nullopt;
        }
        return name;
    }

    ParseResult team_create() {
        ParseResult error;
        auto name = team_name(error, "team create growth channel=#growth tz=Europe/Berlin");
        if (!name) return error;
        TeamCreateCmd cmd{*name, {}, {}, {}};
        for (; !done(); ++pos_) {
            auto opt = as_option(peek());
            if (!opt) {
                return fail(fmt::format("I didn't understand `{}` after the team name.", escape_text(peek().text)),
                            c("team create growth channel=#growth tz=Europe/Berlin"));
            }
            if (opt->key == "channel") {
                auto ch = channel_ref(opt->value);
                if (!ch) return fail("`channel=` needs a channel, like #growth.", c("team create growth channel=#growth"));
                cmd.channel = *ch;
            } else if (opt->key == "tz") {
                if (opt->value.empty()) return fail("`tz=` needs a time zone name.", c("team create growth tz=Europe/Berlin"));
                cmd.timezone = opt->value;
            } else if (opt->key == "parent") {
                if (!valid_team_name(opt->value)) return fail("`parent=` needs a team name.", c("team create growth parent=company"));
                cmd.parent = opt->value;
            } else {
                return fail(fmt::format("`{}=` isn't an option of team create.", escape_text(opt->key)),
                            c("team create growth channel=#growth tz=Europe/Berlin parent=company"));
            }
        }
        return ok(std::move(cmd));
    }

    ParseResult team_members(bool add) {
        std::string usage = add ? "team add growth @ana @ben" : "team remove growth @ana";
        ParseResult error;
        auto name = team_name(error, usage);
        if (!name) return error;
        TeamMembersCmd cmd{add, *name, {}};
        for (; !done(); ++pos_) {
            auto user = user_ref(peek().text);
            if (!user) {
                return fail(fmt::format("`{}` isn't a person: mention people with @.", escape_text(peek().text)),
                            c(usage));
            }
            cmd.users.push_back(*user);
        }
        if (cmd.users.empty()) return fail(add ? "Whom should I add? Mention them." : "Whom should I remove? Mention them.", c(usage));
        return ok(std::move(cmd));
    }

    // A value that may take the next word too: reminder=mon 09:00.
    std::string value_with_time(const std::string& first) {
        if (pos_ + 1 < tokens_.size() && !tokens_[pos_ + 1].quoted && !as_option(tokens_[pos_ + 1]) &&
            tokens_[pos_ + 1].text.find(':') != std::string::npos) {
            ++pos_;
            return first + " " + tokens_[pos_].text;
        }
        return first;
    }

    ParseResult team_set() {
        static const std::string usage = "team set growth reminder=mon 09:00 digest=fri 16:00 summary=1 10:00 stakeholders=#leads tz=Europe/Berlin";
        ParseResult error;
        auto name = team_name(error, usage);
        if (!name) return error;
        TeamSetCmd cmd;
        cmd.name = *name;
        bool any = false;
        for (; !done(); ++pos_) {
            auto opt = as_option(peek());
            if (!opt) {
                return fail(fmt::format("I didn't understand `{}`; team set takes key=value settings.", escape_text(peek().text)), c(usage));
            }
            any = true;
            if (opt->key == "reminder" || opt->key == "digest") {
                std::string v = value_with_time(opt->value);
                if (!parse_weekly(v)) {
                    return fail(fmt::format("`{}={}` isn't a weekly time; write a weekday and a 24-hour time, or off.", opt->key, escape_text(v)),
                                c(fmt::format("team set {} {}=mon 09:00", escape_text(cmd.name), opt->key)));
                }
                (opt->key == "reminder" ? cmd.reminder : cmd.digest) = v;
            } else if (opt->key == "summary") {
                std::string v = value_with_time(opt->value);
                if (!parse_monthly(v)) {
                    return fail(fmt::format("`summary={}` isn't a monthly time; write a day of the month and a 24-hour time, or off.", escape_text(v)),
                                c(fmt::format("team set {} summary=1 10:00", escape_text(cmd.name))));
                }
                cmd.summary = v;
            } else if (opt->key == "stakeholders" || opt->key == "channel") {
                auto ch = channel_ref(opt->value);
                if (!ch) return fail(fmt::format("`{}=` needs a channel, like #leads.", opt->key), c(fmt::format("team set {} {}=#leads", escape_text(cmd.name), opt->key)));
                (opt->key == "channel" ? cmd.channel : cmd.stakeholders) = *ch;
            } else if (opt->key == "tz") {
                if (opt->value.empty()) return fail("`tz=` needs a time zone name.", c(fmt::format("team set {} tz=Europe/Berlin", escape_text(cmd.name))));
                cmd.timezone = opt->value;
            } else if (opt->key == "teams_webhook") {
                std::string url = opt->value;
                // Slack and Teams wrap links they recognise: <https://...> or <https://...|label>.
                if (url.starts_with("<") && url.ends_with(">")) url = url.substr(1, url.find('|') == std::string::npos ? url.size() - 2 : url.find('|') - 1);
                if (ascii_lower(url) == "off" || ascii_lower(url) == "none") url.clear();
                if (!url.empty() && !url.starts_with("https://")) {
                    return fail("`teams_webhook=` needs the https:// URL of the team's Workflows webhook (or off).",
                                c(fmt::format("team set {} teams_webhook=https://...", escape_text(cmd.name))));
                }
                cmd.teams_webhook = url;
            } else {
                return fail(fmt::format("`{}=` isn't a team setting.", escape_text(opt->key)), c(usage));
            }
        }
        if (!any) return fail("What should I change? Give one or more settings.", c(usage));
        return ok(std::move(cmd));
    }

    // Optional "team NAME" (or "team=NAME"), then other options handled by `extra`.
    template <typename Extra>
    std::optional<ParseResult> team_and(std::optional<std::string>& team, const std::string& usage, Extra extra) {
        for (; !done(); ++pos_) {
            const Token& t = peek();
            if (!t.quoted && ascii_lower(t.text) == "team" && pos_ + 1 < tokens_.size()) {
                ++pos_;
                team = peek().text;
                continue;
            }
            if (auto opt = as_option(t)) {
                if (opt->key == "team") { team = opt->value; continue; }
                if (auto r = extra(*opt)) return r;
                continue;
            }
            return fail(fmt::format("I didn't understand `{}`.", escape_text(t.text)), c(usage));
        }
        return std::nullopt;
    }

    ParseResult digest() {
        DigestCmd cmd;
        const std::string usage = "digest team growth";
        auto r = team_and(cmd.team, usage, [&](const Option& o) -> std::optional<ParseResult> {
            return fail(fmt::format("`{}=` isn't an option of digest.", escape_text(o.key)), c(usage));
        });
        if (r) return *r;
        return ok(cmd);
    }

    ParseResult summary() {
        SummaryCmd cmd;
        const std::string usage = "summary team growth month=2027-01";
        auto r = team_and(cmd.team, usage, [&](const Option& o) -> std::optional<ParseResult> {
            if (o.key == "month") {
                if (o.value.size() != 7 || o.value[4] != '-' || !parse_date(o.value + "-01")) {
                    return fail(fmt::format("`month={}` isn't a month; write it as YYYY-MM.", escape_text(o.value)), c(usage));
                }
                cmd.month = o.value;
                return std::nullopt;
            }
            return fail(fmt::format("`{}=` isn't an option of summary.", escape_text(o.key)), c(usage));
        });
        if (r) return *r;
        return ok(cmd);
    }

    ParseResult objective() {
        static const std::string usage = "objective add \"Grow the community\" team=growth";
        if (done() || ascii_lower(peek().text) != "add") {
            if (auto guess = done() ? std::nullopt : did_you_mean(peek(), {"add"})) return *guess;
            return fail("Which objective command?", c(usage));
        }
        ++pos_;
        ObjectiveAddCmd cmd;
        std::vector<std::string> words;
        for (; !done(); ++pos_) {
            const Token& t = peek();
            if (auto opt = as_option(t)) {
                if (opt->key == "team") {
                    cmd.team = opt->value;
                } else if (opt->key == "parent") {
                    cmd.parent = parse_ref(opt->value, "o");
                    if (!cmd.parent) return fail(fmt::format("`parent={}` isn't an objective id.", escape_text(opt->value)), c(usage + " parent=O-1"));
                } else if (opt->key == "cycle") {
                    cmd.cycle = cycle_arg(opt->value);
                    if (!cmd.cycle) return fail(not_a_cycle("cycle=" + opt->value), c(usage + " cycle=2027-Q1"));
                } else if (opt->key == "title") {
                    words.push_back(opt->value);
                } else {
                    return fail(fmt::format("`{}=` isn't an option of objective add.", escape_text(opt->key)), c(usage));
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
        for (auto& w : words) {
            if (!cmd.title.empty()) cmd.title += ' ';
            cmd.title += w;
        }
        if (cmd.title.empty()) return fail("The objective needs a title.", c(usage));
        if (utf8_length(cmd.title) > 200) return fail("That title is longer than 200 characters; keep objectives short.", c(usage));
        return ok(std::move(cmd));
    }

    ParseResult kr() {
        static const std::string usage = "kr add O-1 \"Weekly active users\" from=1,200 to=2,000";
        if (done() || ascii_lower(peek().text) != "add") {
            if (auto guess = done() ? std::nullopt : did_you_mean(peek(), {"add"})) return *guess;
            return fail("Which key result command?", c(usage));
        }
        ++pos_;
        if (done()) return fail("Which objective is the key result for?", c(usage));
        auto obj = parse_ref(peek().text, "o");
        if (!obj) return fail(fmt::format("`{}` isn't an objective id like O-3.", escape_text(peek().text)), c(usage));
        ++pos_;
        KrAddCmd cmd;
        cmd.objective = *obj;
        std::vector<std::string> words;
        std::string unit_typed;
        for (; !done(); ++pos_) {
            const Token& t = peek();
            if (auto opt = as_option(t)) {
                if (opt->key == "from" || opt->key == "to") {
                    auto n = parse_number(opt->value);
                    if (!n) return fail(fmt::format("`{}={}` isn't a number.", opt->key, escape_text(opt->value)), c(usage));
                    (opt->key == "from" ? cmd.from : cmd.to) = n->value;
                    if (!n->unit.empty()) unit_typed = n->unit;
                } else if (opt->key == "unit") {
                    if (utf8_length(opt->value) > 20) return fail("`unit=` is at most 20 characters.", c(usage + " unit=pts"));
                    cmd.unit = opt->value;
                } else if (opt->key == "due") {
                    cmd.due = parse_date(opt->value);
                    if (!cmd.due) return fail(fmt::format("`due={}` isn't a date; write it as YYYY-MM-DD.", escape_text(opt->value)), c(usage + " due=2027-03-31"));
                } else if (opt->key == "owner") {
                    cmd.owner = user_ref(opt->value);
                    if (!cmd.owner) return fail("`owner=` needs a person, like owner=@ana.", c(usage + " owner=@ana"));
                } else if (opt->key == "title") {
                    words.push_back(opt->value);
                } else {
                    return fail(fmt::format("`{}=` isn't an option of kr add.", escape_text(opt->key)), c(usage));
                }
                continue;
            }
            if (!t.quoted && ascii_lower(t.text) == "binary") {
                cmd.binary = true;
            } else {
                words.push_back(t.text);
            }
        }
        for (auto& w : words) {
            if (!cmd.title.empty()) cmd.title += ' ';
            cmd.title += w;
        }
        if (cmd.title.empty()) return fail("The key result needs a title.", c(usage));
        if (utf8_length(cmd.title) > 200) return fail("That title is longer than 200 characters.", c(usage));
        if (cmd.binary && (cmd.from || cmd.to)) {
            return fail("A binary key result is done or not done; it takes no from= or to=.",
                        c(fmt::format("kr add O-{} \"Launch the beta\" binary", cmd.objective)));
        }
        if (cmd.unit.empty()) cmd.unit = unit_typed;
        return ok(std::move(cmd));
    }

    ParseResult checkin() {
        static const std::string usage = "checkin KR-7 42 on-track \"shipped the importer\"";
        if (done()) return fail("Which key result are you checking in?", c(usage));
        auto kr = parse_ref(peek().text, "kr");
        if (!kr) return fail(fmt::format("`{}` isn't a key result id like KR-7.", escape_text(peek().text)), c(usage));
        ++pos_;
        CheckinCmd cmd;
        cmd.kr = *kr;
        if (done()) return fail(fmt::format("What is KR-{} at now? Add the current value.", cmd.kr), c(fmt::format("checkin KR-{} 42", cmd.kr)));
        std::string raw = peek().text;
        std::string lower = ascii_lower(raw);
        if (lower == "done" || lower == "yes" || lower == "true") {
            cmd.value = 1;
        } else if (lower == "not-done" || lower == "no" || lower == "false") {
            cmd.value = 0;
        } else if (auto n = parse_number(raw)) {
            cmd.value = n->value;
        } else {
            return fail(fmt::format("`{}` isn't a number.", escape_text(raw)),
                        c(fmt::format("checkin KR-{} 1,200  (or 5%, $1,200, done)", cmd.kr)));
        }
        ++pos_;
        std::string note;
        for (; !done(); ++pos_) {
            const Token& t = peek();
            std::string w = ascii_lower(t.text);
            if (!t.quoted && note.empty() && !cmd.confidence) {
                if (auto opt = as_option(t); opt && (opt->key == "confidence" || opt->key == "c")) {
                    int v = 0;
                    auto [p, ec] = std::from_chars(opt->value.data(), opt->value.data() + opt->value.size(), v);
                    if (ec != std::errc{} || p != opt->value.data() + opt->value.size() || v < 1 || v > 10) {
                        return fail(fmt::format("Confidence is a whole number from 1 to 10, not `{}`.", escape_text(opt->value)),
                                    c(fmt::format("checkin KR-{} {} confidence=7", cmd.kr, raw)));
                    }
                    cmd.confidence = v;
                    continue;
                }
                if (w == "on-track" || w == "ontrack") { cmd.confidence = 8; continue; }
                if (w == "at-risk" || w == "atrisk") { cmd.confidence = 5; continue; }
                if (w == "off-track" || w == "offtrack") { cmd.confidence = 2; continue; }
            }
            if (!note.empty()) note += ' ';
            note += t.text;
        }
        if (utf8_length(note) > 1000) return fail("The note is longer than 1,000 characters.", c(usage));
        cmd.note = std::move(note);
        return ok(std::move(cmd));
    }

    // cycle=2027-Q1 anywhere in a list or tree command.
    std::optional<ParseResult> take_cycle(std::optional<std::string>& cycle, const std::string& usage) {
        auto opt = as_option(peek());
        if (!opt || opt->key != "cycle") return std::nullopt;
        cycle = cycle_arg(opt->value);
        if (!cycle) return fail(not_a_cycle("cycle=" + opt->value), c(usage));
        ++pos_;
        return ParseResult{};
    }

    ParseResult list() {
        ListCmd cmd;
        const std::string usage = "list team growth cycle=2027-Q1";
        if (!done()) {
            if (auto r = take_cycle(cmd.cycle, usage); r && r->error) return *r;
        }
        if (done()) return ok(cmd);
        std::string w = ascii_lower(peek().text);
        ++pos_;
        if (w == "mine" || w == "me") {
            cmd.scope = ListCmd::Scope::mine;
        } else if (w == "all") {
            cmd.scope = ListCmd::Scope::all;
        } else if (w == "team") {
            cmd.scope = ListCmd::Scope::team;
            if (!done() && !as_option(peek())) { cmd.team = peek().text; ++pos_; }
        } else {
            if (auto guess = did_you_mean(tokens_[pos_ - 1], {"mine", "team", "all"})) return *guess;
            return fail(fmt::format("`list {}`: list takes mine, team NAME or all.", escape_text(w)), c("list team growth"));
        }
        if (!done()) {
            if (auto r = take_cycle(cmd.cycle, usage); r && r->error) return *r;
        }
        if (!done()) return fail(fmt::format("I didn't understand `{}` at the end.", escape_text(peek().text)), c(usage));
        return ok(cmd);
    }

    // Words up to the end (or until `stop` says a token ends them), joined by spaces.
    template <typename Stop>
    std::string words_until(Stop stop) {
        std::string out;
        for (; !done() && !stop(peek()); ++pos_) {
            if (!out.empty()) out += ' ';
            out += peek().text;
        }
        return out;
    }
    std::string rest_words() {
        return words_until([](const Token&) { return false; });
    }
    static bool is_because(const Token& t) { return !t.quoted && ascii_lower(t.text) == "because"; }

    ParseResult win() {
        static const std::string usage = "win \"Shipped the new onboarding\" team=growth kr=KR-7";
        WinCmd cmd;
        std::vector<std::string> words;
        for (; !done(); ++pos_) {
            const Token& t = peek();
            if (auto opt = as_option(t)) {
                if (opt->key == "team") {
                    if (!valid_team_name(opt->value)) return fail("`team=` needs a team name.", c(usage));
                    cmd.team = opt->value;
                } else if (opt->key == "kr") {
                    cmd.kr = parse_ref(opt->value, "kr");
                    if (!cmd.kr) return fail(fmt::format("`kr={}` isn't a key result id like KR-7.", escape_text(opt->value)), c(usage));
                } else {
                    return fail(fmt::format("`{}=` isn't an option of win.", escape_text(opt->key)), c(usage));
                }
                continue;
            }
            words.push_back(t.text);
        }
        for (auto& w : words) cmd.title += (cmd.title.empty() ? "" : " ") + w;
        if (cmd.title.empty()) return fail("What shipped? Describe the win.", c(usage));
        if (utf8_length(cmd.title) > 200) return fail("That win is longer than 200 characters; keep it short.", c(usage));
        return ok(std::move(cmd));
    }

    ParseResult edit() {
        static const std::string usage = "edit KR-7 to=60 because \"the market shrank\"";
        if (done()) return fail("Edit what? Give an objective or key result id.", c(usage));
        EditCmd cmd;
        if (auto kr = parse_ref(peek().text, "kr")) {
            cmd.objective = false;
            cmd.number = *kr;
        } else if (auto o = parse_ref(peek().text, "o")) {
            cmd.number = *o;
        } else {
            return fail(fmt::format("`{}` isn't an id like O-3 or KR-7.", escape_text(peek().text)), c(usage));
        }
        ++pos_;
        const std::string what = cmd.objective ? "an objective" : "a key result";
        for (; !done(); ++pos_) {
            const Token& t = peek();
            if (is_because(t)) {
                ++pos_;
                cmd.reason = rest_words();
                if (cmd.reason.empty()) return fail("`because` needs the reason after it.", c(usage));
                break;
            }
            std::string w = ascii_lower(t.text);
            if (auto opt = as_option(t)) {
                if (opt->key == "title") {
                    if (opt->value.empty()) return fail("`title=` needs the new title in quotes.", c("edit O-3 title=\"...\""));
                    if (utf8_length(opt->value) > 200) return fail("That title is longer than 200 characters.", c(usage));
                    cmd.title = opt->value;
                } else if (opt->key == "because" || opt->key == "reason") {
                    cmd.reason = opt->value;
                } else if (cmd.objective) {
                    return fail(fmt::format("`{}=` isn't something you can edit on an objective; objectives take title=, "
                                            "public|internal and committed|aspirational.", escape_text(opt->key)),
                                c("edit O-3 title=\"...\" internal"));
                } else if (opt->key == "to") {
                    auto n = parse_number(opt->value);
                    if (!n) return fail(fmt::format("`to={}` isn't a number.", escape_text(opt->value)), c(usage));
                    cmd.to = n->value;
                } else if (opt->key == "due") {
                    if (ascii_lower(opt->value) == "none" || ascii_lower(opt->value) == "off") {
                        cmd.due = std::string();
                    } else {
                        cmd.due = parse_date(opt->value);
                        if (!cmd.due) return fail(fmt::format("`due={}` isn't a date; write it as YYYY-MM-DD.", escape_text(opt->value)), c("edit KR-7 due=2027-03-31"));
                    }
                } else if (opt->key == "owner") {
                    cmd.owner = user_ref(opt->value);
                    if (!cmd.owner) return fail("`owner=` needs a person, like owner=@ana.", c("edit KR-7 owner=@ana"));
                } else {
                    return fail(fmt::format("`{}=` isn't something you can edit on a key result; key results take "
                                            "title=, to=, due= and owner=.", escape_text(opt->key)),
                                c(usage));
                }
                continue;
            }
            if (!t.quoted && cmd.objective && (w == "public" || w == "internal")) {
                cmd.visibility = w == "public" ? Visibility::public_ : Visibility::internal;
            } else if (!t.quoted && cmd.objective && (w == "committed" || w == "aspirational")) {
                cmd.kind = w == "committed" ? ObjectiveKind::committed : ObjectiveKind::aspirational;
            } else {
                return fail(fmt::format("I didn't understand `{}` in edit of {}.", escape_text(t.text), what), c(usage));
            }
        }
        if (utf8_length(cmd.reason) > 500) return fail("The reason is longer than 500 characters.", c(usage));
        if (!cmd.title && !cmd.to && !cmd.due && !cmd.owner && !cmd.visibility && !cmd.kind) {
            return fail("What should I change?", c(cmd.objective ? "edit O-3 title=\"...\" internal because \"...\"" : usage));
        }
        return ok(std::move(cmd));
    }

    // "O-3" as the first argument, or a user error naming the command.
    std::optional<int> objective_arg(ParseResult& error, const std::string& usage) {
        if (done()) {
            error = fail("Which objective? Give its id, like O-3.", c(usage));
            return std::nullopt;
        }
        auto o = parse_ref(peek().text, "o");
        if (!o) {
            error = fail(fmt::format("`{}` isn't an objective id like O-3.", escape_text(peek().text)), c(usage));
            return std::nullopt;
        }
        ++pos_;
        return o;
    }

    ParseResult archive() {
        static const std::string usage = "archive O-3 because \"replaced by O-9\"";
        ParseResult error;
        auto o = objective_arg(error, usage);
        if (!o) return error;
        ArchiveCmd cmd{*o, {}};
        if (!done()) {
            if (is_because(peek())) ++pos_;
            cmd.reason = rest_words();
        }
        return ok(std::move(cmd));
    }

    ParseResult grade() {
        static const std::string usage = "grade O-3 KR-7=0.6 because \"the launch slipped\"";
        ParseResult error;
        auto o = objective_arg(error, usage);
        if (!o) return error;
        GradeCmd cmd;
        cmd.objective = *o;
        auto is_override = [](const Token& t) {
            auto eq = t.text.find('=');
            return !t.quoted && eq != std::string::npos && parse_ref(t.text.substr(0, eq), "kr").has_value();
        };
        while (!done()) {
            const Token& t = peek();
            if (!is_override(t)) {
                return fail(fmt::format("I didn't understand `{}`; give scores as KR-7=0.6 because \"...\".", escape_text(t.text)), c(usage));
            }
            auto eq = t.text.find('=');
            GradeCmd::Override ov;
            ov.kr = *parse_ref(t.text.substr(0, eq), "kr");
            auto n = parse_number(t.text.substr(eq + 1));
            if (!n) return fail(fmt::format("`{}` isn't a score; scores run from 0.0 to 1.0.", escape_text(t.text.substr(eq + 1))), c(usage));
            ov.score = n->unit == "%" ? n->value / 100.0 : n->value;
            if (ov.score < 0 || ov.score > 1) {
                return fail(fmt::format("KR-{} can't score {}; scores run from 0.0 to 1.0.", ov.kr, escape_text(t.text.substr(eq + 1))), c(usage));
            }
            ++pos_;
            if (!done() && is_because(peek())) ++pos_;
            ov.reason = words_until(is_override);
            if (ov.reason.empty()) {
                return fail(fmt::format("Overriding KR-{}'s score needs a reason, so the team can learn from it.", ov.kr),
                            c(fmt::format("grade O-{} KR-{}={} because \"...\"", cmd.objective, ov.kr, format_number(ov.score))));
            }
            if (utf8_length(ov.reason) > 500) return fail("The reason is longer than 500 characters.", c(usage));
            for (const auto& other : cmd.overrides) {
                if (other.kr == ov.kr) return fail(fmt::format("KR-{} is scored twice.", ov.kr), c(usage));
            }
            cmd.overrides.push_back(std::move(ov));
        }
        return ok(std::move(cmd));
    }

    ParseResult retro() {
        static const std::string usage = "retro O-3 \"what we learned\"";
        ParseResult error;
        auto o = objective_arg(error, usage);
        if (!o) return error;
        RetroCmd cmd{*o, rest_words()};
        if (cmd.text.empty()) return fail("What did you learn? Add a line after the objective.", c(usage));
        if (utf8_length(cmd.text) > 1000) return fail("The retro is longer than 1,000 characters.", c(usage));
        return ok(std::move(cmd));
    }

    ParseResult tree() {
        TreeCmd cmd;
        const std::string usage = "tree team company cycle=2027-Q1";
        auto r = team_and(cmd.team, usage, [&](const Option& o) -> std::optional<ParseResult> {
            if (o.key == "cycle") {
                cmd.cycle = cycle_arg(o.value);
                if (!cmd.cycle) return fail(not_a_cycle("cycle=" + o.value), c(usage));
                return std::nullopt;
            }
            return fail(fmt::format("`{}=` isn't an option of tree.", escape_text(o.key)), c(usage));
        });
        if (r) return *r;
        return ok(cmd);
    }

    ParseResult template_cmd() {
        TemplateCmd cmd;
        if (!done()) {
            cmd.name = ascii_lower(peek().text);
            ++pos_;
        }
        if (!done()) return fail(fmt::format("I didn't understand `{}` at the end.", escape_text(peek().text)), c("template sales"));
        return ok(cmd);
    }

    ParseResult carry() {
        static const std::string usage = "carry O-3 to=2027-Q2";
        ParseResult error;
        auto o = objective_arg(error, usage);
        if (!o) return error;
        CarryCmd cmd{*o, {}};
        for (; !done(); ++pos_) {
            auto opt = as_option(peek());
            if (opt && (opt->key == "to" || opt->key == "cycle")) {
                cmd.cycle = cycle_arg(opt->value);
                if (!cmd.cycle) return fail(not_a_cycle(opt->key + "=" + opt->value), c(usage));
                continue;
            }
            if (!peek().quoted && ascii_lower(peek().text) == "to" && pos_ + 1 < tokens_.size()) {
                ++pos_;
                cmd.cycle = cycle_arg(peek().text);
                if (!cmd.cycle) return fail(not_a_cycle(peek().text), c(usage));
                continue;
            }
            return fail(fmt::format("I didn't understand `{}`.", escape_text(peek().text)), c(usage));
        }
        return ok(std::move(cmd));
    }

    ParseResult show() {
        static const std::string usage = "show O-3   or   /okr show KR-7 history";
        if (done()) return fail("Show what? Give an objective or key result id.", c(usage));
        const std::string& t = peek().text;
        ShowCmd cmd;
        if (auto kr = parse_ref(t, "kr")) {
            cmd.objective = false;
            cmd.number = *kr;
        } else if (auto o = parse_ref(t, "o")) {
            cmd.number = *o;
        } else {
            return fail(fmt::format("`{}` isn't an id like O-3 or KR-7.", escape_text(t)), c(usage));
        }
        ++pos_;
        if (!done() && !peek().quoted && ascii_lower(peek().text) == "history") {
            cmd.history = true;
            ++pos_;
        }
        if (!done()) {
            if (auto guess = did_you_mean(peek(), {"history"})) return *guess;
        }
        if (!done()) return fail(fmt::format("I didn't understand `{}` at the end.", escape_text(peek().text)), c(usage));
        return ok(cmd);
    }
};

}  // namespace

std::optional<int> parse_ref(std::string_view token, std::string_view prefix) {
    std::string lower = ascii_lower(token);
    if (!std::string_view(lower).starts_with(prefix)) return std::nullopt;
    std::string_view rest = std::string_view(lower).substr(prefix.size());
    if (rest.starts_with("-")) rest.remove_prefix(1);
    if (rest.empty() || rest.size() > 9) return std::nullopt;
    int v = 0;
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
    if (ec != std::errc{} || p != rest.data() + rest.size() || v <= 0) return std::nullopt;
    return v;
}

ParseResult parse_command(std::string_view text, std::string_view command_name) {
    auto tokens = tokenize(text);
    if (!tokens) {
        return fail("A quote is left open; close it with \".",
                    fmt::format("{} checkin KR-7 42 \"blocked on legal\"", command_name));
    }
    return Parser(std::move(*tokens), text, command_name).run();
}

}  // namespace goalpost::core
