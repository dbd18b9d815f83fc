// The CSV codec, reading half (transfer/csv.hpp): RFC 4180 files back into the export
// document, and a hand-made checkins.csv into check-ins.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "core/commands/checkin.hpp"  // parse_checkin_value, parse_confidence
#include "core/numbers.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "transfer/csv.hpp"
#include "transfer/csv_table.hpp"

namespace goalpost::transfer {
namespace {

using csv::Column;
using csv::parse_rows;
using csv::Row;
using csv::Table;

// ---- a directory written by to_csv ------------------------------------------------------

class DirectoryReader {
public:
    DirectoryReader(Problems& problems, CsvPlaces& places, core::Time now)
        : problems_(problems), places_(places), now_(now) {}

    // Tables of files that could not be parsed are skipped; `readable` says whether any was.
    void file(const std::map<std::string, std::string>& files, const std::string& name, std::vector<Column> columns,
              const std::function<void(Table&, Workspace&, std::size_t)>& read_row) {
        auto it = files.find(name);
        if (it == files.end()) return;
        auto rows = parse_rows(it->second, name, problems_);
        if (!rows) {
            readable_ = false;
            return;
        }
        columns.insert(columns.begin(), Column{"workspace", true});
        Table table(name, std::move(*rows), std::move(columns), problems_);
        table.each([&](const Row&) {
            const std::string key = table.plain("workspace");
            if (key.empty()) {
                table.fail("workspace", "must not be empty");
                return;
            }
            const std::size_t w = workspace(key);
            read_row(table, document_.workspaces[w], w);
        });
    }

    void place(std::size_t w, std::string_view list, std::size_t index, const Table& table) {
        places_.add(fmt::format("workspaces[{}].{}[{}]", w, list, index), table.place());
    }

    Document& document() { return document_; }
    bool readable() const { return readable_; }
    core::Time now() const { return now_; }

private:
    std::size_t workspace(const std::string& key) {
        auto it = workspaces_.find(key);
        if (it != workspaces_.end()) return it->second;
        document_.workspaces.push_back(Workspace{.key = key});
        places_.add(fmt::format("workspaces[{}]", document_.workspaces.size() - 1), "workspace " + key);
        return workspaces_[key] = document_.workspaces.size() - 1;
    }

    Problems& problems_;
    CsvPlaces& places_;
    core::Time now_;
    Document document_;
    std::map<std::string, std::size_t> workspaces_;
    bool readable_ = true;
};

// The team `name` of workspace `ws`, or nullptr.
Team* team_named(Workspace& ws, const std::string& name) {
    for (auto& t : ws.teams) {
        if (core::ascii_lower(t.name) == core::ascii_lower(name)) return &t;
    }
    return nullptr;
}

}  // namespace

// ---- CsvPlaces --------------------------------------------------------------------------

void CsvPlaces::add(std::string document_place, std::string file_line) {
    places_[std::move(document_place)] = std::move(file_line);
}

std::string CsvPlaces::name(const std::string& where) const {
    // The longest place of a row that `where` is in: `...objectives[2]` for `...objectives[2].parent`.
    std::string prefix = where;
    while (true) {
        if (auto it = places_.find(prefix); it != places_.end()) {
            if (prefix.size() == where.size()) return it->second;
            std::string field = where.substr(prefix.size() + 1);
            // A row's number is the file's first column after the workspace.
            if (field == "number") field = it->second.starts_with("objectives.csv") ? "objective" : "kr";
            if (field == "key") field = "workspace";
            return fmt::format("{} ({})", it->second, field);
        }
        const auto dot = prefix.rfind('.');
        if (dot == std::string::npos) return where;
        prefix.resize(dot);
    }
}

void CsvPlaces::rename(Problems& problems) const {
    for (auto& p : problems) p.where = name(p.where);
}

Problems CsvPlaces::check_alone(Problems reading, const std::vector<Placed>& chosen) const {
    std::set<std::string> reported;
    for (const auto& p : reading) reported.insert(p.where);
    auto found = check(chosen);
    rename(found);
    for (auto& p : found) {
        if (!reported.count(p.where)) reading.push_back(std::move(p));
    }
    return reading;
}

// ---- read_csv ---------------------------------------------------------------------------

std::optional<Document> read_csv(const std::map<std::string, std::string>& files, Problems& problems,
                                 CsvPlaces& places, core::Time now) {
    DirectoryReader in(problems, places, now);
    // Teams before members, objectives, wins, which name them.
    in.file(files, "teams.csv",
            {{"name", true}, {"parent", false}, {"channel", false}, {"timezone", false}, {"reminder", false},
             {"digest", false}, {"summary", false}, {"stakeholder_channel", false}, {"created_by", false},
             {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                Team team;
                team.name = t.required_text("name");
                team.parent = t.opt_text("parent");
                team.channel = t.text("channel");
                team.timezone = t.plain("timezone", "UTC");
                team.reminder = t.text("reminder", "mon 09:00");
                team.digest = t.text("digest", "fri 16:00");
                team.summary = t.text("summary", "1 10:00");
                team.stakeholder_channel = t.text("stakeholder_channel");
                team.created_by = t.text("created_by");
                team.created_at = t.time("created_at", now);
                in.place(w, "teams", ws.teams.size(), t);
                ws.teams.push_back(std::move(team));
            });
    in.file(files, "team_members.csv", {{"team", true}, {"user", true}, {"lead", false}, {"added_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                const std::string name = t.required_text("team");
                Team* team = team_named(ws, name);
                if (!team) {
                    if (!name.empty()) t.fail("team", fmt::format("no team '{}' of workspace {} in teams.csv", name, ws.key));
                    return;
                }
                const std::size_t ti = static_cast<std::size_t>(team - ws.teams.data());
                in.place(w, fmt::format("teams[{}].members", ti), team->members.size(), t);
                team->members.push_back(Member{t.required_text("user"), t.boolean("lead"), t.time("added_at", now)});
            });
    in.file(files, "cycles.csv",
            {{"name", true}, {"start", true}, {"end", true}, {"created_by", false}, {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                in.place(w, "cycles", ws.cycles.size(), t);
                ws.cycles.push_back(Cycle{t.required_text("name"), t.plain("start"), t.plain("end"), t.text("created_by"),
                                          t.time("created_at", now)});
            });
    in.file(files, "objectives.csv",
            {{"objective", true}, {"title", true}, {"team", false}, {"parent", false}, {"cycle", false},
             {"visibility", false}, {"commitment", false}, {"archived", false}, {"grade", false},
             {"graded_by", false}, {"graded_at", false}, {"created_by", false}, {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                Objective o;
                o.number = t.ref("objective", "O");
                o.title = t.required_text("title");
                o.team = t.opt_text("team");
                o.parent = t.opt_ref("parent", "O");
                o.cycle = t.text("cycle");
                o.visibility = t.plain("visibility", "public");
                o.commitment = t.plain("commitment", "aspirational");
                o.archived = t.boolean("archived");
                o.grade = t.opt_number("grade");
                o.graded_by = t.opt_text("graded_by");
                o.graded_at = t.opt_time("graded_at");
                o.created_by = t.text("created_by");
                o.created_at = t.time("created_at", now);
                in.place(w, "objectives", ws.objectives.size(), t);
                ws.objectives.push_back(std::move(o));
            });
    in.file(files, "key_results.csv",
            {{"kr", true}, {"objective", true}, {"title", true}, {"start", false}, {"target", true},
             {"current", false}, {"unit", false}, {"due", false}, {"owner", false}, {"binary", false},
             {"carried_from", false}, {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                KeyResult k;
                k.number = t.ref("kr", "KR");
                k.objective = t.ref("objective", "O");
                k.title = t.required_text("title");
                k.start = t.number("start");
                k.target = t.number("target");
                k.current = t.opt_number("current").value_or(k.start);
                k.unit = t.text("unit");
                if (auto due = t.plain("due"); !due.empty()) k.due = due;
                k.owner = t.text("owner");
                k.binary = t.boolean("binary");
                k.carried_from = t.opt_ref("carried_from", "KR");
                k.created_at = t.time("created_at", now);
                in.place(w, "key_results", ws.key_results.size(), t);
                ws.key_results.push_back(std::move(k));
            });
    in.file(files, "checkins.csv",
            {{"kr", true}, {"user", false}, {"value", true}, {"confidence", false}, {"note", false},
             {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                Checkin c;
                c.kr = t.ref("kr", "KR");
                c.user = t.text("user");
                c.value = t.number("value");
                if (auto raw = t.plain("confidence"); !raw.empty()) {
                    c.confidence = core::parse_confidence(raw);
                    if (!c.confidence) t.fail("confidence", fmt::format("'{}' is not a whole number from 1 to 10", raw));
                }
                c.note = t.text("note");
                c.created_at = t.time("created_at", now);
                in.place(w, "checkins", ws.checkins.size(), t);
                ws.checkins.push_back(std::move(c));
            });
    in.file(files, "wins.csv", {{"team", true}, {"kr", false}, {"title", true}, {"user", false}, {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                in.place(w, "wins", ws.wins.size(), t);
                ws.wins.push_back(Win{t.required_text("team"), t.opt_ref("kr", "KR"), t.required_text("title"),
                                      t.text("user"), t.time("created_at", now)});
            });
    in.file(files, "grade_overrides.csv",
            {{"kr", true}, {"score", true}, {"reason", false}, {"user", false}, {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                in.place(w, "grade_overrides", ws.grade_overrides.size(), t);
                ws.grade_overrides.push_back(GradeOverride{t.ref("kr", "KR"), t.number("score"), t.text("reason"),
                                                           t.text("user"), t.time("created_at", now)});
            });
    in.file(files, "retros.csv", {{"objective", true}, {"user", false}, {"text", true}, {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                in.place(w, "retros", ws.retros.size(), t);
                ws.retros.push_back(
                    Retro{t.ref("objective", "O"), t.text("user"), t.required_text("text"), t.time("created_at", now)});
            });
    in.file(files, "edits.csv",
            {{"target", true}, {"field", true}, {"old_value", false}, {"new_value", false}, {"reason", false},
             {"user", false}, {"created_at", false}},
            [&](Table& t, Workspace& ws, std::size_t w) {
                Edit e;
                const std::string target = core::ascii_lower(t.plain("target"));
                if (auto kr = parse_ref(target, "KR"); kr && target.starts_with("kr-")) {
                    e.number = *kr;
                } else if (auto o = parse_ref(target, "O"); o && target.starts_with("o-")) {
                    e.objective = true;
                    e.number = *o;
                } else {
                    t.fail("target", fmt::format("'{}' is not like O-3 or KR-7", t.plain("target")));
                }
                e.field = t.required_text("field");
                e.old_value = t.text("old_value");
                e.new_value = t.text("new_value");
                e.reason = t.text("reason");
                e.user = t.text("user");
                e.created_at = t.time("created_at", now);
                in.place(w, "edits", ws.edits.size(), t);
                ws.edits.push_back(std::move(e));
            });
    if (!in.readable()) return std::nullopt;
    return std::move(in.document());
}

// ---- read_checkins_csv ------------------------------------------------------------------

std::vector<CheckinRow> read_checkins_csv(std::string_view text, const std::string& file,
                                          const core::WorkspaceKey& workspace, Problems& problems,
                                          core::Time now) {
    std::vector<CheckinRow> out;
    auto rows = parse_rows(text, file, problems);
    if (!rows) return out;
    Table t(file, std::move(*rows),
            {{"kr", true}, {"value", true}, {"date", false}, {"created_at", false}, {"user", true},
             {"confidence", false}, {"note", false}, {"workspace", false}},
            problems);
    if (t.ok() && t.has("date") == t.has("created_at")) {
        problems.push_back({file + ":1", t.has("date") ? "has both 'date' and 'created_at'; keep one"
                                                       : "has no column 'date'"});
        return out;
    }
    const std::string date_column = t.has("date") ? "date" : "created_at";
    const std::string today = core::iso_date(now);
    t.each([&](const Row&) {
        const std::size_t before = problems.size();
        Checkin c;
        if (auto ws = t.plain("workspace"); !ws.empty() && ws != workspace)
            t.fail("workspace", fmt::format("'{}' is not the workspace imported into ({})", ws, workspace));
        c.kr = t.ref("kr", "KR");
        if (const std::string raw = t.plain("value"); raw.empty()) {
            t.fail("value", "must not be empty; write a number like 42, 1,200, 45% or done");
        } else if (auto v = core::parse_checkin_value(raw); v && std::isfinite(*v)) {
            c.value = *v;
        } else {
            t.fail("value", fmt::format("'{}' is not a number; write it as in chat: 42, 1,200, 45%, $3,500 or done", raw));
        }
        const std::string date = t.plain(date_column);
        if (date.empty()) {
            t.fail(date_column, "must not be empty; write a date like 2027-01-31");
        } else if (auto day = core::parse_date(date)) {
            if (*day > today) {
                t.fail(date_column, fmt::format("{} is in the future", date));
            } else {
                c.created_at = std::min(*core::parse_instant(*day + "T12:00:00Z"), now);
            }
        } else if (auto instant = core::parse_instant(date)) {
            if (*instant > now) t.fail(date_column, fmt::format("{} is in the future", date));
            c.created_at = *instant;
        } else {
            t.fail(date_column, fmt::format("'{}' is not a date like 2027-01-31", date));
        }
        c.user = t.required_text("user");
        if (auto raw = t.plain("confidence"); !raw.empty()) {
            c.confidence = core::parse_confidence(raw);
            if (!c.confidence)
                t.fail("confidence", fmt::format("'{}' is not 1 to 10, on-track, at-risk or off-track", raw));
        }
        c.note = t.text("note");
        if (core::utf8_length(c.note) > 1000) t.fail("note", "is longer than 1,000 characters");
        if (problems.size() == before) out.push_back({t.place(), std::move(c)});
    });
    // The same check-in twice in the file is a copy-paste slip, not two check-ins.
    std::map<std::tuple<int, std::string, double, std::int64_t>, std::string> seen;
    for (const auto& r : out) {
        const auto key = std::make_tuple(r.checkin.kr, r.checkin.user, r.checkin.value,
                                         static_cast<std::int64_t>(r.checkin.created_at.time_since_epoch().count()));
        if (auto [it, fresh] = seen.emplace(key, r.where); !fresh)
            problems.push_back({r.where, fmt::format("the same check-in as line {}", it->second.substr(file.size() + 1))});
    }
    return out;
}

}  // namespace goalpost::transfer
