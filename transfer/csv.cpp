#include "transfer/csv.hpp"

#include <optional>

#include "core/time.hpp"

namespace goalpost::transfer {
namespace {

// One file: a header, then rows of cells written left to right.
class Csv {
public:
    explicit Csv(std::initializer_list<const char*> header) {
        for (const char* h : header) cell(h);
        end_row();
    }
    Csv& text(std::string_view s) { return cell(csv_cell(s, true)); }
    Csv& opt_text(const std::optional<std::string>& s) { return cell(s ? csv_cell(*s, true) : ""); }
    Csv& number(double d) { return cell(csv_cell(number_text(d), false)); }
    Csv& opt_number(const std::optional<double>& d) { return d ? number(*d) : plain(""); }
    Csv& plain(std::string_view s) { return cell(csv_cell(s, false)); }  // ids, times, booleans
    Csv& yes_no(bool b) { return plain(b ? "true" : "false"); }
    Csv& time(core::Time t) { return plain(core::iso_instant(t)); }
    Csv& opt_time(const std::optional<core::Time>& t) { return plain(t ? core::iso_instant(*t) : ""); }
    Csv& objective(const std::optional<int>& n) { return plain(n ? objective_ref(*n) : ""); }
    Csv& kr(const std::optional<int>& n) { return plain(n ? kr_ref(*n) : ""); }
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

// Every file of the export, each row written by the overload for its kind.
struct Files {
    Csv teams{"workspace", "name", "parent", "channel", "timezone", "reminder", "digest", "summary",
              "stakeholder_channel", "created_by", "created_at"};
    Csv members{"workspace", "team", "user", "lead", "added_at"};
    Csv cycles{"workspace", "name", "start", "end", "created_by", "created_at"};
    Csv objectives{"workspace", "objective", "title", "team", "parent", "cycle", "visibility", "commitment",
                   "archived", "grade", "graded_by", "graded_at", "created_by", "created_at"};
    Csv krs{"workspace", "kr", "objective", "title", "start", "target", "current", "unit", "due", "owner", "binary",
            "carried_from", "created_at"};
    Csv checkins{"workspace", "kr", "user", "value", "confidence", "note", "created_at"};
    Csv wins{"workspace", "team", "kr", "title", "user", "created_at"};
    Csv grades{"workspace", "kr", "score", "reason", "user", "created_at"};
    Csv retros{"workspace", "objective", "user", "text", "created_at"};
    Csv edits{"workspace", "target", "field", "old_value", "new_value", "reason", "user", "created_at"};

    void add(const std::string& ws, const Team& t) {
        teams.text(ws).text(t.name).opt_text(t.parent).text(t.channel).text(t.timezone).text(t.reminder)
            .text(t.digest).text(t.summary).text(t.stakeholder_channel).text(t.created_by).time(t.created_at)
            .end_row();
        for (const auto& m : t.members)
            members.text(ws).text(t.name).text(m.user).yes_no(m.lead).time(m.added_at).end_row();
    }
    void add(const std::string& ws, const Cycle& c) {
        cycles.text(ws).text(c.name).plain(c.start).plain(c.end).text(c.created_by).time(c.created_at).end_row();
    }
    void add(const std::string& ws, const Objective& o) {
        objectives.text(ws).plain(objective_ref(o.number)).text(o.title).opt_text(o.team).objective(o.parent)
            .text(o.cycle).plain(o.visibility).plain(o.commitment).yes_no(o.archived).opt_number(o.grade)
            .opt_text(o.graded_by).opt_time(o.graded_at).text(o.created_by).time(o.created_at).end_row();
    }
    void add(const std::string& ws, const KeyResult& k) {
        krs.text(ws).plain(kr_ref(k.number)).plain(objective_ref(k.objective)).text(k.title).number(k.start)
            .number(k.target).number(k.current).text(k.unit).plain(k.due.value_or("")).text(k.owner)
            .yes_no(k.binary).kr(k.carried_from).time(k.created_at).end_row();
    }
    void add(const std::string& ws, const Checkin& c) {
        checkins.text(ws).plain(kr_ref(c.kr)).text(c.user).number(c.value)
            .plain(c.confidence ? std::to_string(*c.confidence) : "").text(c.note).time(c.created_at).end_row();
    }
    void add(const std::string& ws, const Win& w) {
        wins.text(ws).text(w.team).kr(w.kr).text(w.title).text(w.user).time(w.created_at).end_row();
    }
    void add(const std::string& ws, const GradeOverride& g) {
        grades.text(ws).plain(kr_ref(g.kr)).number(g.score).text(g.reason).text(g.user).time(g.created_at).end_row();
    }
    void add(const std::string& ws, const Retro& r) {
        retros.text(ws).plain(objective_ref(r.objective)).text(r.user).text(r.text).time(r.created_at).end_row();
    }
    void add(const std::string& ws, const Edit& e) {
        edits.text(ws).plain(e.objective ? objective_ref(e.number) : kr_ref(e.number)).text(e.field)
            .text(e.old_value).text(e.new_value).text(e.reason).text(e.user).time(e.created_at).end_row();
    }
    template <class Row>
    void add_all(const std::string& ws, const std::vector<Row>& rows) {
        for (const auto& row : rows) add(ws, row);
    }
};

// The characters a text cell's leading quote guards: a formula's first character, and the
// quote itself (so that one quote is always the guard's).
bool formula_guarded(char c) { return std::string_view("=+-@\t\r'").find(c) != std::string_view::npos; }

}  // namespace

std::string csv_text(std::string_view cell) {
    if (cell.size() >= 2 && cell.front() == '\'' && formula_guarded(cell[1])) cell.remove_prefix(1);
    return std::string(cell);
}

const std::vector<std::string>& csv_file_names() {
    static const std::vector<std::string> names{"teams.csv",       "team_members.csv",    "cycles.csv",
                                                "objectives.csv",  "key_results.csv",     "checkins.csv",
                                                "wins.csv",        "grade_overrides.csv", "retros.csv",
                                                "edits.csv"};
    return names;
}

std::string csv_cell(std::string_view value, bool text) {
    std::string s;
    if (text && !value.empty() && formula_guarded(value.front())) s = "'";
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

std::map<std::string, std::string> to_csv(const Document& document) {
    Files f;
    for (const auto& ws : document.workspaces) {
        f.add_all(ws.key, ws.teams);
        f.add_all(ws.key, ws.cycles);
        f.add_all(ws.key, ws.objectives);
        f.add_all(ws.key, ws.key_results);
        f.add_all(ws.key, ws.checkins);
        f.add_all(ws.key, ws.wins);
        f.add_all(ws.key, ws.grade_overrides);
        f.add_all(ws.key, ws.retros);
        f.add_all(ws.key, ws.edits);
    }
    return {{"teams.csv", f.teams.str()},         {"team_members.csv", f.members.str()},
            {"cycles.csv", f.cycles.str()},       {"objectives.csv", f.objectives.str()},
            {"key_results.csv", f.krs.str()},     {"checkins.csv", f.checkins.str()},
            {"wins.csv", f.wins.str()},           {"grade_overrides.csv", f.grades.str()},
            {"retros.csv", f.retros.str()},       {"edits.csv", f.edits.str()}};
}

}  // namespace goalpost::transfer
