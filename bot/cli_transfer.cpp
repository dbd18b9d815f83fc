#include "bot/cli_transfer.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "bot/cli_exit.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "storage/sqlite_storage.hpp"
#include "storage/transfer.hpp"
#include "storage/transfer_upgrade.hpp"

namespace goalpost::bot {

const char* export_help =
    "usage: goalpost export --out PATH [--format json|csv] [--workspace KEY] [--config FILE]\n"
    "\n"
    "Writes the teams (with members and cadence settings, never the Teams webhook URL), custom\n"
    "cycles, objectives, key results, check-ins, wins, grades, retros and edits of every workspace\n"
    "(or only KEY) from the database named by storage.path. Reads one consistent snapshot through\n"
    "a read-only connection, so a running `goalpost serve` is neither blocked nor changed.\n"
    "\n"
    "  --format json  (default) one JSON file; `--out -` writes it to stdout. goalpost import reads it\n"
    "  --format csv   a directory PATH (created if missing) with one UTF-8 CSV file per kind of row:\n"
    "                 teams.csv team_members.csv cycles.csv objectives.csv key_results.csv\n"
    "                 checkins.csv wins.csv grade_overrides.csv retros.csv edits.csv\n"
    "                 A text cell starting with = + - @ tab or CR gets a leading ' so that a\n"
    "                 spreadsheet shows it as text instead of running it as a formula.\n"
    "\n"
    "exit: 0 written, 1 the database cannot be read or PATH written, 2 usage error\n";

const char* import_help =
    "usage: goalpost import --from FILE [--workspace KEY] [--dry-run] [--config FILE]\n"
    "\n"
    "Reads a JSON file written by `goalpost export --format json` into the database named by\n"
    "storage.path (created if missing), every workspace in it or only KEY, all or nothing in one\n"
    "transaction. O- and KR- numbers are kept. Refused, with every problem listed by its place in\n"
    "the file, when the file is not valid, or when the target workspace already has a team or\n"
    "cycle of the same name or an objective or key result of the same number.\n"
    "CSV files are not read back: CSV export is for spreadsheets, JSON for moving data.\n"
    "\n"
    "  --dry-run      check everything and print what would be imported; write nothing\n"
    "\n"
    "exit: 0 imported (or, with --dry-run, would import), 1 the database cannot be written,\n"
    "      2 usage error or refused data\n";

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
namespace tr = storage::transfer;

constexpr const char* format_name = "goalpost-export";
constexpr int format_version = 1;

std::optional<std::string> flag(const Flags& flags, const std::string& name) {
    auto it = flags.find(name);
    if (it == flags.end()) return std::nullopt;
    return it->second;
}

bool only_flags(const Flags& flags, std::initializer_list<const char*> allowed, const char* subcommand) {
    for (const auto& [name, value] : flags) {
        bool ok = false;
        for (const char* a : allowed) ok = ok || name == a;
        if (!ok) {
            std::cerr << "goalpost: " << subcommand << " takes no --" << name << "\n\n"
                      << (std::string_view(subcommand) == "export" ? export_help : import_help);
            return false;
        }
    }
    return true;
}

core::Time wall_now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::string objective_id(int n) { return fmt::format("O-{}", n); }
std::string kr_id(int n) { return fmt::format("KR-{}", n); }
std::string number_text(double v) { return fmt::format("{}", v); }

// ---- JSON out -------------------------------------------------------------------------

json::value opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value opt(const std::optional<double>& d) { return d ? json::value(*d) : json::value(nullptr); }
json::value opt_time(const std::optional<core::Time>& t) {
    return t ? json::value(core::iso_instant(*t)) : json::value(nullptr);
}

bool is_scalar(const json::value& v) { return !v.is_object() && !v.is_array(); }

// Indented, keys in the order written; an object of scalars (a row) stays on one line.
void pretty(std::string& out, const json::value& v, int indent) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    const std::string inner(static_cast<std::size_t>(indent + 2), ' ');
    if (v.is_double()) {
        const double d = v.get_double();
        out += std::isfinite(d) ? number_text(d) : "null";
    } else if (v.is_object()) {
        const auto& o = v.get_object();
        if (o.empty()) {
            out += "{}";
            return;
        }
        bool flat = true;
        for (const auto& kv : o) flat = flat && is_scalar(kv.value());
        out += flat ? "{" : "{\n";
        bool first = true;
        for (const auto& kv : o) {
            if (!first) out += flat ? ", " : ",\n";
            first = false;
            if (!flat) out += inner;
            out += json::serialize(json::string(kv.key()));
            out += ": ";
            pretty(out, kv.value(), indent + 2);
        }
        out += flat ? "}" : "\n" + pad + "}";
    } else if (v.is_array()) {
        const auto& a = v.get_array();
        if (a.empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        bool first = true;
        for (const auto& e : a) {
            if (!first) out += ",\n";
            first = false;
            out += inner;
            pretty(out, e, indent + 2);
        }
        out += "\n" + pad + "]";
    } else {
        out += json::serialize(v);
    }
}

// Writes `"key": [rows]` at `indent`, each row printed as soon as it is added.
// One workspace, each row built and printed at once: only one row's JSON tree is alive at a
// time (a tree of the whole document took about 1.6 KB of memory per check-in).
class ArrayWriter {
public:
    ArrayWriter(std::string& out, std::string_view key, int indent) : out_(out), indent_(indent) {
        out_ += std::string(static_cast<std::size_t>(indent), ' ') + json::serialize(json::string(key)) + ": [";
    }
    void add(const json::value& row) {
        out_ += first_ ? "\n" : ",\n";
        first_ = false;
        out_ += std::string(static_cast<std::size_t>(indent_ + 2), ' ');
        pretty(out_, row, indent_ + 2);
    }
    void close() {
        if (!first_) out_ += "\n" + std::string(static_cast<std::size_t>(indent_), ' ');
        out_ += "]";
    }

private:
    std::string& out_;
    int indent_;
    bool first_ = true;
};

void emit_workspace(std::string& text, const tr::Workspace& ws, int indent) {
    const std::string inner(static_cast<std::size_t>(indent + 2), ' ');
    text += "{\n" + inner + "\"key\": " + json::serialize(json::string(ws.key)) + ",\n";
    ArrayWriter cycles(text, "cycles", indent + 2);
    for (const auto& c : ws.cycles) {
        cycles.add(json::object{{"name", c.name},
                                {"start", c.start},
                                {"end", c.end},
                                {"created_by", c.created_by},
                                {"created_at", core::iso_instant(c.created_at)}});
    }
    cycles.close();
    text += ",\n";
    ArrayWriter teams(text, "teams", indent + 2);
    for (const auto& t : ws.teams) {
        json::object o;
        o["name"] = t.name;
        o["parent"] = opt(t.parent);
        o["channel"] = t.channel;
        o["timezone"] = t.timezone;
        o["reminder"] = t.reminder;
        o["digest"] = t.digest;
        o["summary"] = t.summary;
        o["stakeholder_channel"] = t.stakeholder_channel;
        o["created_by"] = t.created_by;
        o["created_at"] = core::iso_instant(t.created_at);
        json::array members;
        for (const auto& m : t.members)
            members.push_back(
                json::object{{"user", m.user}, {"lead", m.lead}, {"added_at", core::iso_instant(m.added_at)}});
        o["members"] = std::move(members);
        teams.add(std::move(o));
    }
    teams.close();
    text += ",\n";
    ArrayWriter objectives(text, "objectives", indent + 2);
    for (const auto& ob : ws.objectives) {
        json::object o;
        o["number"] = objective_id(ob.number);
        o["title"] = ob.title;
        o["team"] = opt(ob.team);
        o["parent"] = ob.parent ? json::value(objective_id(*ob.parent)) : json::value(nullptr);
        o["cycle"] = ob.cycle;
        o["visibility"] = ob.visibility;
        o["commitment"] = ob.commitment;
        o["archived"] = ob.archived;
        o["grade"] = opt(ob.grade);
        o["graded_by"] = opt(ob.graded_by);
        o["graded_at"] = opt_time(ob.graded_at);
        o["created_by"] = ob.created_by;
        o["created_at"] = core::iso_instant(ob.created_at);
        objectives.add(std::move(o));
    }
    objectives.close();
    text += ",\n";
    ArrayWriter krs(text, "key_results", indent + 2);
    for (const auto& k : ws.key_results) {
        json::object o;
        o["number"] = kr_id(k.number);
        o["objective"] = objective_id(k.objective);
        o["title"] = k.title;
        o["binary"] = k.binary;
        o["start"] = k.start;
        o["target"] = k.target;
        o["current"] = k.current;
        o["unit"] = k.unit;
        o["due"] = opt(k.due);
        o["owner"] = k.owner;
        o["carried_from"] = k.carried_from ? json::value(kr_id(*k.carried_from)) : json::value(nullptr);
        o["created_at"] = core::iso_instant(k.created_at);
        krs.add(std::move(o));
    }
    krs.close();
    text += ",\n";
    ArrayWriter checkins(text, "checkins", indent + 2);
    for (const auto& c : ws.checkins) {
        checkins.add(json::object{{"kr", kr_id(c.kr)},
                                  {"user", c.user},
                                  {"value", c.value},
                                  {"confidence", c.confidence ? json::value(*c.confidence) : json::value(nullptr)},
                                  {"note", c.note},
                                  {"created_at", core::iso_instant(c.created_at)}});
    }
    checkins.close();
    text += ",\n";
    ArrayWriter wins(text, "wins", indent + 2);
    for (const auto& w : ws.wins) {
        wins.add(json::object{{"team", w.team},
                              {"kr", w.kr ? json::value(kr_id(*w.kr)) : json::value(nullptr)},
                              {"title", w.title},
                              {"user", w.user},
                              {"created_at", core::iso_instant(w.created_at)}});
    }
    wins.close();
    text += ",\n";
    ArrayWriter grades(text, "grade_overrides", indent + 2);
    for (const auto& g : ws.grade_overrides) {
        grades.add(json::object{{"kr", kr_id(g.kr)},
                                {"score", g.score},
                                {"reason", g.reason},
                                {"user", g.user},
                                {"created_at", core::iso_instant(g.created_at)}});
    }
    grades.close();
    text += ",\n";
    ArrayWriter retros(text, "retros", indent + 2);
    for (const auto& r : ws.retros) {
        retros.add(json::object{{"objective", objective_id(r.objective)},
                                {"user", r.user},
                                {"text", r.text},
                                {"created_at", core::iso_instant(r.created_at)}});
    }
    retros.close();
    text += ",\n";
    ArrayWriter edits(text, "edits", indent + 2);
    for (const auto& e : ws.edits) {
        edits.add(json::object{{"target", e.objective ? objective_id(e.number) : kr_id(e.number)},
                               {"field", e.field},
                               {"old_value", e.old_value},
                               {"new_value", e.new_value},
                               {"reason", e.reason},
                               {"user", e.user},
                               {"created_at", core::iso_instant(e.created_at)}});
    }
    edits.close();
    text += "\n";
    text += std::string(static_cast<std::size_t>(indent), ' ') + "}";
}

std::string export_json(const tr::Snapshot& s, core::Time at) {
    std::string out = "{\n";
    out += "  \"format\": " + json::serialize(json::string(format_name)) + ",\n";
    out += fmt::format("  \"version\": {},\n", format_version);
    out += fmt::format("  \"schema_version\": {},\n", s.schema_version);
    out += "  \"exported_at\": " + json::serialize(json::string(core::iso_instant(at))) + ",\n";
    out += "  \"workspaces\": [";
    for (std::size_t i = 0; i < s.workspaces.size(); ++i) {
        out += i == 0 ? "\n    " : ",\n    ";
        emit_workspace(out, s.workspaces[i], 4);
    }
    out += s.workspaces.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

// ---- CSV out --------------------------------------------------------------------------

class Csv {
public:
    explicit Csv(std::initializer_list<const char*> header) {
        for (const char* h : header) cell(h);
        end_row();
    }
    Csv& text(std::string_view s) { return cell(csv_cell(s, true)); }
    Csv& opt_text(const std::optional<std::string>& s) { return cell(s ? csv_cell(*s, true) : ""); }
    Csv& number(double d) { return cell(csv_cell(number_text(d), false)); }
    Csv& plain(std::string_view s) { return cell(csv_cell(s, false)); }  // ids, times, booleans
    Csv& time(core::Time t) { return plain(core::iso_instant(t)); }
    void end_row() {
        out_ += "\r\n";
        first_ = true;
    }
    const std::string& str() const { return out_; }

private:
    Csv& cell(std::string_view encoded) {
        if (!first_) out_ += ',';
        first_ = false;
        out_ += encoded;
        return *this;
    }
    std::string out_ = "\xEF\xBB\xBF";  // UTF-8 byte order mark: Excel then reads the file as UTF-8
    bool first_ = true;
};

std::map<std::string, std::string> export_csv(const tr::Snapshot& s) {
    Csv teams({"workspace", "name", "parent", "channel", "timezone", "reminder", "digest", "summary",
               "stakeholder_channel", "created_by", "created_at"});
    Csv members({"workspace", "team", "user", "lead", "added_at"});
    Csv cycles({"workspace", "name", "start", "end", "created_by", "created_at"});
    Csv objectives({"workspace", "objective", "title", "team", "parent", "cycle", "visibility", "commitment",
                    "archived", "grade", "graded_by", "graded_at", "created_by", "created_at"});
    Csv krs({"workspace", "kr", "objective", "title", "start", "target", "current", "unit", "due", "owner", "binary",
             "carried_from", "created_at"});
    Csv checkins({"workspace", "kr", "user", "value", "confidence", "note", "created_at"});
    Csv wins({"workspace", "team", "kr", "title", "user", "created_at"});
    Csv grades({"workspace", "kr", "score", "reason", "user", "created_at"});
    Csv retros({"workspace", "objective", "user", "text", "created_at"});
    Csv edits({"workspace", "target", "field", "old_value", "new_value", "reason", "user", "created_at"});
    auto yes_no = [](bool b) { return b ? "true" : "false"; };
    for (const auto& ws : s.workspaces) {
        for (const auto& t : ws.teams) {
            teams.text(ws.key).text(t.name).opt_text(t.parent).text(t.channel).text(t.timezone).text(t.reminder)
                .text(t.digest).text(t.summary).text(t.stakeholder_channel).text(t.created_by).time(t.created_at)
                .end_row();
            for (const auto& m : t.members) {
                members.text(ws.key).text(t.name).text(m.user).plain(yes_no(m.lead)).time(m.added_at).end_row();
            }
        }
        for (const auto& c : ws.cycles) {
            cycles.text(ws.key).text(c.name).plain(c.start).plain(c.end).text(c.created_by).time(c.created_at).end_row();
        }
        for (const auto& o : ws.objectives) {
            objectives.text(ws.key).plain(objective_id(o.number)).text(o.title).opt_text(o.team)
                .plain(o.parent ? objective_id(*o.parent) : "").text(o.cycle).plain(o.visibility).plain(o.commitment)
                .plain(yes_no(o.archived));
            if (o.grade) objectives.number(*o.grade); else objectives.plain("");
            objectives.opt_text(o.graded_by).plain(o.graded_at ? core::iso_instant(*o.graded_at) : "")
                .text(o.created_by).time(o.created_at).end_row();
        }
        for (const auto& k : ws.key_results) {
            krs.text(ws.key).plain(kr_id(k.number)).plain(objective_id(k.objective)).text(k.title).number(k.start)
                .number(k.target).number(k.current).text(k.unit).plain(k.due.value_or("")).text(k.owner)
                .plain(yes_no(k.binary)).plain(k.carried_from ? kr_id(*k.carried_from) : "").time(k.created_at)
                .end_row();
        }
        for (const auto& c : ws.checkins) {
            checkins.text(ws.key).plain(kr_id(c.kr)).text(c.user).number(c.value)
                .plain(c.confidence ? std::to_string(*c.confidence) : "").text(c.note).time(c.created_at).end_row();
        }
        for (const auto& w : ws.wins) {
            wins.text(ws.key).text(w.team).plain(w.kr ? kr_id(*w.kr) : "").text(w.title).text(w.user)
                .time(w.created_at).end_row();
        }
        for (const auto& g : ws.grade_overrides) {
            grades.text(ws.key).plain(kr_id(g.kr)).number(g.score).text(g.reason).text(g.user).time(g.created_at)
                .end_row();
        }
        for (const auto& r : ws.retros) {
            retros.text(ws.key).plain(objective_id(r.objective)).text(r.user).text(r.text).time(r.created_at).end_row();
        }
        for (const auto& e : ws.edits) {
            edits.text(ws.key).plain(e.objective ? objective_id(e.number) : kr_id(e.number)).text(e.field)
                .text(e.old_value).text(e.new_value).text(e.reason).text(e.user).time(e.created_at).end_row();
        }
    }
    return {{"teams.csv", teams.str()},       {"team_members.csv", members.str()},
            {"cycles.csv", cycles.str()},     {"objectives.csv", objectives.str()},
            {"key_results.csv", krs.str()},   {"checkins.csv", checkins.str()},
            {"wins.csv", wins.str()},         {"grade_overrides.csv", grades.str()},
            {"retros.csv", retros.str()},     {"edits.csv", edits.str()}};
}

// Written beside `path` and renamed into place: never half written.
void write_file(const fs::path& path, const std::string& content) {
    const fs::path partial = path.string() + ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error(fmt::format("cannot write {}", partial.string()));
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(partial, ignored);
            throw std::runtime_error(fmt::format("cannot write {}", partial.string()));
        }
    }
    std::error_code ec;
    fs::rename(partial, path, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw std::runtime_error(fmt::format("cannot move {} into place", path.string()));
    }
}

std::string describe(const tr::Counts& n) {
    return fmt::format(
        "{} team(s), {} member(s), {} cycle(s), {} objective(s), {} key result(s), {} check-in(s), {} win(s), "
        "{} grade override(s), {} retro(s), {} edit(s)",
        n.teams, n.members, n.cycles, n.objectives, n.key_results, n.checkins, n.wins, n.grade_overrides, n.retros,
        n.edits);
}

tr::Counts total(const std::vector<tr::Workspace>& workspaces) {
    tr::Counts sum;
    for (const auto& ws : workspaces) {
        auto n = tr::count(ws);
        sum.teams += n.teams;
        sum.members += n.members;
        sum.cycles += n.cycles;
        sum.objectives += n.objectives;
        sum.key_results += n.key_results;
        sum.checkins += n.checkins;
        sum.wins += n.wins;
        sum.grade_overrides += n.grade_overrides;
        sum.retros += n.retros;
        sum.edits += n.edits;
    }
    return sum;
}

// ---- JSON in --------------------------------------------------------------------------

using Problems = std::vector<tr::Problem>;

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

    // nullptr when absent (or null, if `null_is_absent`).
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
    core::Time time(std::string_view key, bool required = false) {
        return opt_time(key, required).value_or(now_);
    }
    // "O-3" / "KR-7" (or a bare number).
    std::optional<int> opt_ref(std::string_view key, std::string_view prefix, bool required = false) {
        auto* v = get(key, required);
        if (!v) return std::nullopt;
        if (v->is_int64() && v->get_int64() > 0 && v->get_int64() < 1'000'000'000) return static_cast<int>(v->get_int64());
        if (v->is_string()) {
            std::string s = core::ascii_lower(std::string(v->get_string()));
            std::string p = core::ascii_lower(std::string(prefix)) + "-";
            if (s.starts_with(p)) s = s.substr(p.size());
            if (!s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string::npos && std::stoi(s) > 0)
                return std::stoi(s);
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

template <class Row, class Read>
void read_rows(Fields& parent, std::string_view key, std::vector<Row>& rows, Problems& problems, core::Time now,
               Read read) {
    const json::array* a = parent.array(key);
    if (!a) return;
    for (std::size_t i = 0; i < a->size(); ++i) {
        Fields f((*a)[i], fmt::format("{}[{}]", parent.at(key), i), problems, now);
        if (!f.ok()) continue;
        rows.push_back(read(f));
    }
}

tr::Workspace read_workspace(const json::value& v, const std::string& where, Problems& problems, core::Time now) {
    tr::Workspace ws;
    Fields f(v, where, problems, now);
    if (!f.ok()) return ws;
    ws.key = f.required_text("key");
    read_rows(f, "cycles", ws.cycles, problems, now, [](Fields& r) {
        tr::Cycle c;
        c.name = r.required_text("name");
        c.start = r.required_text("start");
        c.end = r.required_text("end");
        c.created_by = r.text("created_by");
        c.created_at = r.time("created_at");
        return c;
    });
    read_rows(f, "teams", ws.teams, problems, now, [&](Fields& r) {
        tr::Team t;
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
        read_rows(r, "members", t.members, problems, now, [](Fields& m) {
            tr::Member member;
            member.user = m.required_text("user");
            member.lead = m.boolean("lead");
            member.added_at = m.time("added_at");
            return member;
        });
        return t;
    });
    read_rows(f, "objectives", ws.objectives, problems, now, [](Fields& r) {
        tr::Objective o;
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
    });
    read_rows(f, "key_results", ws.key_results, problems, now, [](Fields& r) {
        tr::KeyResult k;
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
    });
    read_rows(f, "checkins", ws.checkins, problems, now, [](Fields& r) {
        tr::Checkin c;
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
    });
    read_rows(f, "wins", ws.wins, problems, now, [](Fields& r) {
        tr::Win w;
        w.team = r.required_text("team");
        w.kr = r.opt_ref("kr", "KR");
        w.title = r.required_text("title");
        w.user = r.required_text("user");
        w.created_at = r.time("created_at", true);
        return w;
    });
    read_rows(f, "grade_overrides", ws.grade_overrides, problems, now, [](Fields& r) {
        tr::GradeOverride g;
        g.kr = r.ref("kr", "KR");
        g.score = r.opt_number("score", true).value_or(0);
        g.reason = r.text("reason");
        g.user = r.text("user");
        g.created_at = r.time("created_at");
        return g;
    });
    read_rows(f, "retros", ws.retros, problems, now, [](Fields& r) {
        tr::Retro x;
        x.objective = r.ref("objective", "O");
        x.user = r.text("user");
        x.text = r.required_text("text");
        x.created_at = r.time("created_at");
        return x;
    });
    read_rows(f, "edits", ws.edits, problems, now, [](Fields& r) {
        tr::Edit e;
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
    });
    return ws;
}

// Parses the whole file; a syntax error is reported with its line and column.
std::optional<json::value> parse_json(const std::string& text, const std::string& file, Problems& problems) {
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

std::optional<tr::Snapshot> read_document(const std::string& text, const std::string& file, Problems& problems,
                                          core::Time now) {
    auto doc = parse_json(text, file, problems);
    if (!doc) return std::nullopt;
    tr::Snapshot s;
    std::optional<double> schema;
    {
        Fields f(*doc, "$", problems, now);
        if (!f.ok()) return std::nullopt;
        auto format = f.opt_text("format", true);
        if (format && *format != format_name)
            f.fail(f.at("format"), fmt::format("is '{}', not '{}'", *format, format_name));
        auto version = f.opt_number("version", true);
        if (version && *version != format_version)
            f.fail(f.at("version"), fmt::format("{} is not a version this goalpost reads ({})", *version, format_version));
        schema = f.opt_number("schema_version");
        f.opt_time("exported_at");
        const json::array* workspaces = f.array("workspaces", true);
        if (workspaces) {
            for (std::size_t i = 0; i < workspaces->size(); ++i)
                s.workspaces.push_back(read_workspace((*workspaces)[i], fmt::format("workspaces[{}]", i), problems, now));
        }
    }
    std::set<std::string> keys;
    for (std::size_t i = 0; i < s.workspaces.size(); ++i) {
        if (!s.workspaces[i].key.empty() && !keys.insert(s.workspaces[i].key).second)
            problems.push_back({fmt::format("workspaces[{}].key", i), fmt::format("{} appears twice", s.workspaces[i].key)});
    }
    // Exported before schema 8: its Slack text is as Slack sent it, escaped; stored as typed now.
    if (schema && *schema < tr::slack_text_as_typed_since) {
        for (auto& ws : s.workspaces) tr::decode_slack_text(ws);
    }
    return s;
}

// "teams[2]" before "teams[10]": runs of digits compare as numbers.
bool natural_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
            std::size_t ie = i, je = j;
            while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
            while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
            if (ie - i != je - j) return ie - i < je - j;
            if (int c = a.compare(i, ie - i, b, j, je - j); c != 0) return c < 0;
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

void print_problems(Problems problems, const std::string& file) {
    // Grouped by place; problems at one place keep the order they were found in.
    std::stable_sort(problems.begin(), problems.end(),
                     [](const tr::Problem& x, const tr::Problem& y) { return natural_less(x.where, y.where); });
    std::cerr << "goalpost: import refused, nothing written: " << problems.size() << " problem(s) in " << file << ":\n";
    for (const auto& p : problems) std::cerr << "  " << p.where << ": " << p.message << "\n";
}

}  // namespace

std::string csv_cell(std::string_view value, bool text) {
    std::string s;
    if (text && !value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) s = "'";
    s += value;
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char c : s) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

int export_command(const config::Settings& settings, const Flags& flags) {
    if (!only_flags(flags, {"out", "format", "workspace"}, "export")) return exit_usage;
    auto out = flag(flags, "out");
    if (!out || out->empty()) {
        std::cerr << "goalpost: export needs --out PATH (a .json file, `-` for stdout, or a directory with --format csv)\n";
        return exit_usage;
    }
    const std::string format = flag(flags, "format").value_or("json");
    if (format != "json" && format != "csv") {
        std::cerr << "goalpost: --format must be json or csv, not '" << format << "'\n";
        return exit_usage;
    }
    if (format == "csv" && *out == "-") {
        std::cerr << "goalpost: --out: CSV is a directory of files and cannot go to stdout; name a directory\n";
        return exit_usage;
    }
    std::error_code ec;
    if (format == "csv" && fs::exists(*out, ec) && !fs::is_directory(*out, ec)) {
        std::cerr << "goalpost: --out: " << *out << " is a file; CSV export writes a directory\n";
        return exit_usage;
    }
    if (format == "json" && *out != "-" && fs::is_directory(*out, ec)) {
        std::cerr << "goalpost: --out: " << *out << " is a directory; JSON export writes one file\n";
        return exit_usage;
    }
    const auto workspace = flag(flags, "workspace");
    const std::string& db = settings.storage.path;
    if (db != ":memory:" && !fs::exists(db, ec)) {
        std::cerr << "goalpost: no database at " << db << " (storage.path)\n";
        return exit_failure;
    }
    tr::Snapshot snapshot;
    try {
        snapshot = tr::read_snapshot(db, workspace);
    } catch (const std::exception& e) {
        std::cerr << "goalpost: cannot read the database: " << e.what() << "\n";
        return exit_failure;
    }
    if (workspace && snapshot.workspaces.empty()) {
        std::cerr << "goalpost: --workspace: the database has no workspace '" << *workspace << "'\n";
        return exit_usage;
    }
    try {
        if (format == "json") {
            const std::string text = export_json(snapshot, wall_now());
            if (*out == "-") {
                std::cout << text << std::flush;
            } else {
                write_file(*out, text);
            }
        } else {
            fs::create_directories(*out);
            for (const auto& [name, content] : export_csv(snapshot)) write_file(fs::path(*out) / name, content);
        }
    } catch (const std::exception& e) {
        std::cerr << "goalpost: --out: " << e.what() << "\n";
        return exit_failure;
    }
    (*out == "-" ? std::cerr : std::cout)
        << "exported " << snapshot.workspaces.size() << " workspace(s) as " << format << " to " << *out << ": "
        << describe(total(snapshot.workspaces)) << "\n";
    return exit_ok;
}

int import_command(const config::Settings& settings, const Flags& flags) {
    if (!only_flags(flags, {"from", "workspace", "dry-run"}, "import")) return exit_usage;
    auto from = flag(flags, "from");
    if (!from || from->empty()) {
        std::cerr << "goalpost: import needs --from FILE (a JSON file written by goalpost export)\n";
        return exit_usage;
    }
    const bool dry_run = flags.count("dry-run") > 0;
    std::string text;
    {
        std::error_code ec;
        if (fs::is_directory(*from, ec)) {
            std::cerr << "goalpost: --from: " << *from
                      << " is a directory; import reads the JSON export only (CSV is not read back)\n";
            return exit_usage;
        }
        std::ifstream in(*from, std::ios::binary);
        if (!in) {
            std::cerr << "goalpost: --from: cannot read " << *from << "\n";
            return exit_usage;
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = buffer.str();
    }
    const core::Time now = wall_now();
    Problems problems;
    auto snapshot = read_document(text, *from, problems, now);
    if (!snapshot) {
        print_problems(problems, *from);
        return exit_usage;
    }
    std::vector<std::pair<std::size_t, tr::Workspace>> chosen;  // index in the file, rows
    if (auto key = flag(flags, "workspace")) {
        for (std::size_t i = 0; i < snapshot->workspaces.size(); ++i) {
            if (snapshot->workspaces[i].key == *key) chosen.emplace_back(i, std::move(snapshot->workspaces[i]));
        }
        if (chosen.empty()) {
            std::cerr << "goalpost: --workspace: " << *from << " has no workspace '" << *key << "'; it has:";
            for (const auto& ws : snapshot->workspaces) std::cerr << " " << ws.key;
            std::cerr << "\n";
            return exit_usage;
        }
    } else {
        for (std::size_t i = 0; i < snapshot->workspaces.size(); ++i)
            chosen.emplace_back(i, std::move(snapshot->workspaces[i]));
    }
    auto check_all = [&](storage::Database* target) {
        Problems found;
        for (const auto& [index, ws] : chosen) {
            auto p = tr::check(ws, fmt::format("workspaces[{}]", index), target);
            found.insert(found.end(), p.begin(), p.end());
        }
        return found;
    };
    // The file alone, before any database is opened (or created): every problem at once,
    // without repeating a place the reading already complained about.
    {
        std::set<std::string> reported;
        for (const auto& p : problems) reported.insert(p.where);
        for (auto& p : check_all(nullptr)) {
            if (!reported.count(p.where)) problems.push_back(std::move(p));
        }
        if (!problems.empty()) {
            print_problems(problems, *from);
            return exit_usage;
        }
    }
    std::vector<tr::Workspace> rows;
    for (auto& c : chosen) rows.push_back(c.second);
    const std::string& db = settings.storage.path;
    std::error_code ec;
    try {
        if (dry_run) {
            // Never creates the file; reads what is there to find clashes.
            if (db != ":memory:" && fs::exists(db, ec)) {
                storage::Database target(db, storage::Database::Mode::read_only);
                target.busy_timeout(5000);
                problems = check_all(&target);
            } else {
                problems = check_all(nullptr);
            }
        } else {
            auto store = storage::open_sqlite(db);
            store->with_connection([&](storage::Database& target) {
                storage::Transaction transaction(target);
                problems = check_all(&target);
                if (!problems.empty()) return;  // rolled back: nothing written
                for (const auto& ws : rows) tr::write(target, ws);
                transaction.commit();
            });
        }
    } catch (const std::exception& e) {
        std::cerr << "goalpost: import failed, nothing written: " << e.what() << "\n";
        return exit_failure;
    }
    if (!problems.empty()) {
        print_problems(problems, *from);
        return exit_usage;
    }
    std::cout << (dry_run ? "dry run, nothing written: would import " : "imported ") << rows.size()
              << " workspace(s) into " << db << ":";
    for (const auto& ws : rows) std::cout << "\n  " << ws.key << ": " << describe(tr::count(ws));
    std::cout << "\n";
    return exit_ok;
}

}  // namespace goalpost::bot
