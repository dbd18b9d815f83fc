// The JSON codec, reading half (transfer/json.hpp).
#include <boost/json.hpp>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/text.hpp"
#include "core/time.hpp"
#include "transfer/json.hpp"
#include "transfer/upgrade.hpp"
#include "transfer/validate.hpp"

namespace goalpost::transfer {
namespace {

namespace json = boost::json;

// The fields of one JSON object: each read names its location on failure; keys nobody read
// are reported as unknown (a typo must not pass silently).
class Fields {
public:
    Fields(const json::value& v, std::string where, Problems& problems, core::Time now)
        : where_(std::move(where)), problems_(problems), now_(now) {
        if (!v.is_object()) {
            fail(where_, "must be a JSON object");
        } else {
            object_ = &v.get_object();
        }
    }
    ~Fields() {
        if (!object_) return;
        for (const auto& kv : *object_) {
            if (!read_.count(std::string(kv.key()))) fail(at(kv.key()), "unknown field");
        }
    }
    Fields(const Fields&) = delete;
    Fields& operator=(const Fields&) = delete;

    bool ok() const { return object_ != nullptr; }
    Problems& problems() const { return problems_; }
    core::Time now() const { return now_; }

    // nullptr when absent or null.
    const json::value* get(std::string_view key, bool required) {
        read_.insert(std::string(key));
        if (!object_) return nullptr;
        auto it = object_->find(key);
        if (it == object_->end() || it->value().is_null()) {
            if (required) fail(at(key), "is missing");
            return nullptr;
        }
        return &it->value();
    }
    std::optional<std::string> opt_text(std::string_view key, bool required = false) {
        auto* v = get(key, required);
        if (!v) return std::nullopt;
        if (!v->is_string()) {
            fail(at(key), "must be a string");
            return std::nullopt;
        }
        return std::string(v->get_string());
    }
    std::string text(std::string_view key, std::string fallback = "") {
        return opt_text(key).value_or(std::move(fallback));
    }
    std::string required_text(std::string_view key) { return opt_text(key, true).value_or(""); }
    std::optional<double> opt_number(std::string_view key, bool required = false) {
        auto* v = get(key, required);
        if (!v) return std::nullopt;
        if (!v->is_number()) {
            fail(at(key), "must be a number");
            return std::nullopt;
        }
        return v->to_number<double>();
    }
    bool boolean(std::string_view key, bool fallback = false) {
        auto* v = get(key, false);
        if (!v) return fallback;
        if (!v->is_bool()) {
            fail(at(key), "must be true or false");
            return fallback;
        }
        return v->get_bool();
    }
    std::optional<core::Time> opt_time(std::string_view key, bool required = false) {
        auto s = opt_text(key, required);
        if (!s) return std::nullopt;
        auto t = core::parse_instant(*s);
        if (!t) fail(at(key), fmt::format("'{}' is not an ISO-8601 instant like 2027-01-31T09:00:00Z", *s));
        return t;
    }
    core::Time time(std::string_view key, bool required = false) { return opt_time(key, required).value_or(now_); }
    // "O-3" / "KR-7" (or a bare number).
    std::optional<int> opt_ref(std::string_view key, std::string_view prefix, bool required = false) {
        auto* v = get(key, required);
        if (!v) return std::nullopt;
        if (v->is_int64() && v->get_int64() > 0 && v->get_int64() < 1'000'000'000)
            return static_cast<int>(v->get_int64());
        if (v->is_string()) {
            if (auto n = parse_ref(v->get_string(), prefix)) return n;
        }
        fail(at(key), fmt::format("{} is not like {}-3", json::serialize(*v), prefix));
        return std::nullopt;
    }
    int ref(std::string_view key, std::string_view prefix) { return opt_ref(key, prefix, true).value_or(0); }
    const json::array* array(std::string_view key, bool required = false) {
        auto* v = get(key, required);
        if (!v) return nullptr;
        if (!v->is_array()) {
            fail(at(key), "must be an array");
            return nullptr;
        }
        return &v->get_array();
    }

    std::string at(std::string_view key) const { return fmt::format("{}.{}", where_, key); }
    void fail(std::string where, std::string message) { problems_.push_back({std::move(where), std::move(message)}); }

private:
    std::string where_;
    Problems& problems_;
    core::Time now_;
    const json::object* object_ = nullptr;
    std::set<std::string> read_;
};

// ---- one row of each kind ------------------------------------------------------------

// Braced initializers are read left to right: each row's fields in the order of the format.
Cycle read_cycle(Fields& r) {
    return {.name = r.required_text("name"), .start = r.required_text("start"), .end = r.required_text("end"),
            .created_by = r.text("created_by"), .created_at = r.time("created_at")};
}

Member read_member(Fields& r) {
    return {.user = r.required_text("user"), .lead = r.boolean("lead"), .added_at = r.time("added_at")};
}

template <class Row>
void read_rows(Fields& parent, std::string_view key, std::vector<Row>& rows, Row (*read)(Fields&));

Team read_team(Fields& r) {
    Team t;
    t.name = r.required_text("name");
    t.parent = r.opt_text("parent");
    t.channel = r.text("channel");
    t.timezone = r.text("timezone", "UTC");
    t.reminder = r.text("reminder", "mon 09:00");
    t.digest = r.text("digest", "fri 16:00");
    t.summary = r.text("summary", "1 10:00");
    t.stakeholder_channel = r.text("stakeholder_channel");
    t.created_by = r.text("created_by");
    t.created_at = r.time("created_at");
    read_rows(r, "members", t.members, read_member);
    return t;
}

Objective read_objective(Fields& r) {
    Objective o;
    o.number = r.ref("number", "O");
    o.title = r.required_text("title");
    o.team = r.opt_text("team");
    o.parent = r.opt_ref("parent", "O");
    o.cycle = r.text("cycle");
    o.visibility = r.text("visibility", "public");
    o.commitment = r.text("commitment", "aspirational");
    o.archived = r.boolean("archived");
    o.grade = r.opt_number("grade");
    o.graded_by = r.opt_text("graded_by");
    o.graded_at = r.opt_time("graded_at");
    o.created_by = r.text("created_by");
    o.created_at = r.time("created_at");
    return o;
}

KeyResult read_key_result(Fields& r) {
    KeyResult k;
    k.number = r.ref("number", "KR");
    k.objective = r.ref("objective", "O");
    k.title = r.required_text("title");
    k.binary = r.boolean("binary");
    k.start = r.opt_number("start").value_or(0);
    k.target = r.opt_number("target", !k.binary).value_or(k.binary ? 1 : 0);
    k.current = r.opt_number("current").value_or(k.start);
    k.unit = r.text("unit");
    k.due = r.opt_text("due");
    k.owner = r.text("owner");
    k.carried_from = r.opt_ref("carried_from", "KR");
    k.created_at = r.time("created_at");
    return k;
}

Checkin read_checkin(Fields& r) {
    Checkin c;
    c.kr = r.ref("kr", "KR");
    c.user = r.required_text("user");
    c.value = r.opt_number("value", true).value_or(0);
    if (auto conf = r.opt_number("confidence")) {
        if (*conf != std::floor(*conf) || *conf < 1 || *conf > 10)
            r.fail(r.at("confidence"), "must be a whole number from 1 to 10");
        else
            c.confidence = static_cast<int>(*conf);
    }
    c.note = r.text("note");
    c.created_at = r.time("created_at", true);
    return c;
}

Win read_win(Fields& r) {
    return {.team = r.required_text("team"), .kr = r.opt_ref("kr", "KR"), .title = r.required_text("title"),
            .user = r.required_text("user"), .created_at = r.time("created_at", true)};
}

GradeOverride read_grade_override(Fields& r) {
    return {.kr = r.ref("kr", "KR"), .score = r.opt_number("score", true).value_or(0), .reason = r.text("reason"),
            .user = r.text("user"), .created_at = r.time("created_at")};
}

Retro read_retro(Fields& r) {
    return {.objective = r.ref("objective", "O"), .user = r.text("user"), .text = r.required_text("text"),
            .created_at = r.time("created_at")};
}

Edit read_edit(Fields& r) {
    Edit e;
    auto target = r.required_text("target");
    auto lower = core::ascii_lower(target);
    const bool objective = lower.starts_with("o-");
    const bool kr = lower.starts_with("kr-");
    std::string digits = target.substr(objective ? 2 : kr ? 3 : 0);
    if ((!objective && !kr) || digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
        if (!target.empty()) r.fail(r.at("target"), fmt::format("'{}' is not like O-3 or KR-7", target));
    } else {
        e.objective = objective;
        e.number = std::stoi(digits);
    }
    e.field = r.required_text("field");
    e.old_value = r.text("old_value");
    e.new_value = r.text("new_value");
    e.reason = r.text("reason");
    e.user = r.text("user");
    e.created_at = r.time("created_at");
    return e;
}

// ---- the document ---------------------------------------------------------------------

// The array `key` of `parent`, one row per element that is an object.
template <class Row>
void read_rows(Fields& parent, std::string_view key, std::vector<Row>& rows, Row (*read)(Fields&)) {
    const json::array* a = parent.array(key);
    if (!a) return;
    for (std::size_t i = 0; i < a->size(); ++i) {
        Fields f((*a)[i], fmt::format("{}[{}]", parent.at(key), i), parent.problems(), parent.now());
        if (!f.ok()) continue;
        rows.push_back(read(f));
    }
}

Workspace read_workspace(const json::value& v, const std::string& where, Problems& problems, core::Time now) {
    Workspace ws;
    Fields f(v, where, problems, now);
    if (!f.ok()) return ws;
    ws.key = f.required_text("key");
    read_rows(f, "cycles", ws.cycles, read_cycle);
    read_rows(f, "teams", ws.teams, read_team);
    read_rows(f, "objectives", ws.objectives, read_objective);
    read_rows(f, "key_results", ws.key_results, read_key_result);
    read_rows(f, "checkins", ws.checkins, read_checkin);
    read_rows(f, "wins", ws.wins, read_win);
    read_rows(f, "grade_overrides", ws.grade_overrides, read_grade_override);
    read_rows(f, "retros", ws.retros, read_retro);
    read_rows(f, "edits", ws.edits, read_edit);
    return ws;
}

// Parses the whole text; a syntax error is reported with its line and column.
std::optional<json::value> parse(std::string_view text, const std::string& file, Problems& problems) {
    json::stream_parser parser;
    boost::system::error_code ec;
    std::size_t used = parser.write_some(text.data(), text.size(), ec);
    if (!ec && used == text.size()) parser.finish(ec);
    if (ec || used < text.size()) {
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < used && i < text.size(); ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        problems.push_back({fmt::format("{}:{}:{}", file, line, column),
                            fmt::format("not valid JSON: {}", ec ? ec.message() : "extra text after the document")});
        return std::nullopt;
    }
    return parser.release();
}

}  // namespace

std::optional<Document> read_json(std::string_view text, const std::string& file, Problems& problems,
                                  core::Time now) {
    auto doc = parse(text, file, problems);
    if (!doc) return std::nullopt;
    Document d;
    std::optional<double> schema;
    {
        // Closed before the keys are checked: its unknown fields are reported first.
        Fields f(*doc, "$", problems, now);
        if (!f.ok()) return std::nullopt;
        auto format = f.opt_text("format", true);
        if (format && *format != format_name)
            f.fail(f.at("format"), fmt::format("is '{}', not '{}'", *format, format_name));
        auto version = f.opt_number("version", true);
        if (version && *version != format_version)
            f.fail(f.at("version"),
                   fmt::format("{} is not a version this goalpost reads ({})", *version, format_version));
        schema = f.opt_number("schema_version");
        f.opt_time("exported_at");
        if (const json::array* workspaces = f.array("workspaces", true)) {
            for (std::size_t i = 0; i < workspaces->size(); ++i) {
                d.workspaces.push_back(
                    read_workspace((*workspaces)[i], fmt::format("workspaces[{}]", i), problems, now));
            }
        }
    }
    auto twice = check_keys(d.workspaces);
    problems.insert(problems.end(), twice.begin(), twice.end());
    // Exported before schema 8: its Slack text is as Slack sent it, escaped; stored as typed now.
    if (schema && *schema < slack_text_as_typed_since) {
        for (auto& ws : d.workspaces) decode_slack_text(ws);
    }
    return d;
}

}  // namespace goalpost::transfer
