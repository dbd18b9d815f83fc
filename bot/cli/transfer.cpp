#include "bot/cli/transfer.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "bot/cli/database.hpp"
#include "bot/cli/exit.hpp"
#include "core/text.hpp"
#include "storage/transfer_store.hpp"
#include "transfer/csv.hpp"
#include "transfer/json.hpp"
#include "transfer/validate.hpp"

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
    "                 spreadsheet shows it as text instead of running it as a formula (and a\n"
    "                 text starting with ' gets one more). goalpost import reads it back\n"
    "\n"
    "exit: 0 written, 1 the database cannot be read or PATH written, 2 usage error\n";

const char* import_help =
    "usage: goalpost import --from PATH [--format json|csv] [--workspace KEY] [--dry-run] [--at ISO-8601]\n"
    "                       [--config FILE]\n"
    "\n"
    "Reads what `goalpost export` writes into the database named by storage.path (created if\n"
    "missing), every workspace in it or only KEY, all or nothing in one transaction. O- and KR-\n"
    "numbers are kept. Refused, with every problem listed by its place, when the data is not\n"
    "valid, or when the target workspace already has a team or cycle of the same name or an\n"
    "objective or key result of the same number.\n"
    "\n"
    "  --format json  (default for a file) a JSON file written by export --format json\n"
    "  --format csv   (default for a directory) a directory written by export --format csv; a\n"
    "                 text cell's leading ' (export's formula guard) is removed. Problems name\n"
    "                 the file, line (the header is line 1) and column: objectives.csv:4 (parent)\n"
    "                 A directory with only checkins.csv backfills history into the existing\n"
    "                 key results of --workspace KEY (required), from a sheet with the columns\n"
    "                 kr,value,date,user[,confidence][,note], for example:\n"
    "                   kr,value,date,user,confidence,note\n"
    "                   KR-7,\"1,200\",2027-01-08,U024BE7LH,on-track,first week\n"
    "                 value as /okr checkin reads it (1,200  45%  $3,500  done), date YYYY-MM-DD\n"
    "                 (noon UTC) or 2027-01-08T09:30:00Z, confidence 1..10 or on-track, at-risk,\n"
    "                 off-track. A row the workspace already has is skipped, so a second import\n"
    "                 of the same sheet adds nothing. A file with any bad row imports nothing.\n"
    "  --dry-run      check everything and print what would be imported; write nothing\n"
    "  --at ISO-8601  the time taken for now: for a row without one, and what is the future in a\n"
    "                 backfill (default: the clock)\n"
    "\n"
    "exit: 0 imported (or, with --dry-run, would import), 1 the database cannot be written,\n"
    "      2 usage error or refused data\n";

namespace {

namespace fs = std::filesystem;

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

std::string describe(const transfer::Counts& n) {
    return fmt::format(
        "{} team(s), {} member(s), {} cycle(s), {} objective(s), {} key result(s), {} check-in(s), {} win(s), "
        "{} grade override(s), {} retro(s), {} edit(s)",
        n.teams, n.members, n.cycles, n.objectives, n.key_results, n.checkins, n.wins, n.grade_overrides, n.retros,
        n.edits);
}

// ---- export ---------------------------------------------------------------------------

// --out and --format fit together and with what is at PATH; prints why not.
bool export_target_ok(const std::string& out, const std::string& format) {
    std::error_code ec;
    if (format != "json" && format != "csv") {
        std::cerr << "goalpost: --format must be json or csv, not '" << format << "'\n";
    } else if (format == "csv" && out == "-") {
        std::cerr << "goalpost: --out: CSV is a directory of files and cannot go to stdout; name a directory\n";
    } else if (format == "csv" && fs::exists(out, ec) && !fs::is_directory(out, ec)) {
        std::cerr << "goalpost: --out: " << out << " is a file; CSV export writes a directory\n";
    } else if (format == "json" && out != "-" && fs::is_directory(out, ec)) {
        std::cerr << "goalpost: --out: " << out << " is a directory; JSON export writes one file\n";
    } else {
        return true;
    }
    return false;
}

// Throws when PATH cannot be written.
void write_export(const transfer::Document& snapshot, const std::string& out, const std::string& format) {
    if (format == "json") {
        const std::string text = transfer::to_json(snapshot, wall_now());
        if (out == "-") {
            std::cout << text << std::flush;
        } else {
            write_file(out, text);
        }
    } else {
        fs::create_directories(out);
        for (const auto& [name, content] : transfer::to_csv(snapshot)) write_file(fs::path(out) / name, content);
    }
}

// ---- import ---------------------------------------------------------------------------

std::optional<std::string> read_file(const fs::path& from) {
    std::ifstream in(from, std::ios::binary);
    if (!in) {
        std::cerr << "goalpost: --from: cannot read " << from.string() << "\n";
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The CSV files of directory `from` by name; nothing (and says why) when it holds none, or a
// CSV file export does not write (a misspelt name must not be skipped silently).
std::optional<std::map<std::string, std::string>> read_csv_directory(const std::string& from) {
    std::map<std::string, std::string> files;
    const auto& known = transfer::csv_file_names();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(from, ec)) {
        const std::string name = entry.path().filename().string();
        if (core::ascii_lower(entry.path().extension().string()) != ".csv") continue;
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::cerr << "goalpost: --from: " << from << " has " << name
                      << ", which is not a file goalpost export writes; its files are:";
            for (const auto& k : known) std::cerr << " " << k;
            std::cerr << "\n";
            return std::nullopt;
        }
        auto text = read_file(entry.path());
        if (!text) return std::nullopt;
        files.emplace(name, std::move(*text));
    }
    if (ec) {
        std::cerr << "goalpost: --from: cannot read the directory " << from << ": " << ec.message() << "\n";
        return std::nullopt;
    }
    if (files.empty()) {
        std::cerr << "goalpost: --from: " << from << " has no CSV file (goalpost export --format csv writes them)\n";
        return std::nullopt;
    }
    return files;
}

// Every workspace of the file, or only --workspace KEY; nothing (and says so) when the file
// does not have KEY.
std::optional<std::vector<transfer::Placed>> choose(transfer::Document& document, const std::optional<std::string>& key,
                                                    const std::string& from) {
    std::vector<transfer::Placed> chosen;
    for (std::size_t i = 0; i < document.workspaces.size(); ++i) {
        if (!key || document.workspaces[i].key == *key)
            chosen.push_back({fmt::format("workspaces[{}]", i), std::move(document.workspaces[i])});
    }
    if (key && chosen.empty()) {
        std::cerr << "goalpost: --workspace: " << from << " has no workspace '" << *key << "'; it has:";
        for (const auto& ws : document.workspaces) std::cerr << " " << ws.key;
        std::cerr << "\n";
        return std::nullopt;
    }
    return chosen;
}

int refuse(transfer::Problems problems, const std::string& file) {
    transfer::sort_by_place(problems);
    std::cerr << "goalpost: import refused, nothing written: " << problems.size() << " problem(s) in " << file << ":\n";
    for (const auto& p : problems) std::cerr << "  " << p.where << ": " << p.message << "\n";
    return exit_usage;
}

void print_imported(const std::vector<transfer::Placed>& chosen, const std::string& db, bool dry_run) {
    std::cout << (dry_run ? "dry run, nothing written: would import " : "imported ") << chosen.size()
              << " workspace(s) into " << db << ":";
    for (const auto& c : chosen)
        std::cout << "\n  " << c.workspace.key << ": " << describe(transfer::count(c.workspace));
    std::cout << "\n";
}

// Checks `chosen` against the database and writes them (import_workspaces); `rename` turns
// the document places of what the database refuses into the input's own. Prints the outcome.
int import_into_database(const config::Settings& settings, const std::vector<transfer::Placed>& chosen, bool dry_run,
                         const std::string& from, const std::function<void(transfer::Problems&)>& rename) {
    std::string db = settings.storage.path;
    transfer::Problems problems;
    try {
        if (settings.storage.url) {
            auto store = open_database(settings);
            db = store->location();
            problems = storage::import_workspaces(*store, chosen, dry_run);
        } else {
            problems = storage::import_workspaces(db, chosen, dry_run);
        }
    } catch (const std::exception& e) {
        std::cerr << "goalpost: import failed, nothing written: " << e.what() << "\n";
        return exit_failure;
    }
    rename(problems);
    if (!problems.empty()) return refuse(problems, from);
    print_imported(chosen, db, dry_run);
    return exit_ok;
}

// A directory with only checkins.csv: history for the key results workspace KEY has.
int backfill_command(const config::Settings& settings, const std::string& file_text, const std::string& from,
                     const std::optional<std::string>& workspace, bool dry_run, core::Time now) {
    if (!workspace || workspace->empty()) {
        std::cerr << "goalpost: --workspace: " << from
                  << " has only checkins.csv, which backfills the key results of one workspace; name it with "
                     "--workspace KEY (like slack:T024BE7LH; `goalpost export` lists them)\n";
        return exit_usage;
    }
    transfer::Problems problems;
    const auto rows = transfer::read_checkins_csv(file_text, "checkins.csv", *workspace, problems, now);
    if (!problems.empty()) return refuse(problems, from);
    storage::Backfilled done;
    std::string db = settings.storage.path;
    try {
        if (settings.storage.url) {
            auto store = open_database(settings);
            db = store->location();
            done = storage::backfill_checkins(*store, *workspace, rows, dry_run);
        } else {
            done = storage::backfill_checkins(db, *workspace, rows, dry_run);
        }
    } catch (const std::exception& e) {
        std::cerr << "goalpost: import failed, nothing written: " << e.what() << "\n";
        return exit_failure;
    }
    if (!done.problems.empty()) return refuse(done.problems, from);
    std::cout << (dry_run ? "dry run, nothing written: would add " : "added ") << done.added << " check-in(s) to "
              << *workspace << " in " << db;
    if (done.already > 0) std::cout << "; " << done.already << " row(s) already recorded, skipped";
    std::cout << "\n";
    return exit_ok;
}

int import_csv(const config::Settings& settings, const std::string& from, const std::optional<std::string>& workspace,
               bool dry_run, core::Time now) {
    auto files = read_csv_directory(from);
    if (!files) return exit_usage;
    if (files->size() == 1 && files->count("checkins.csv"))
        return backfill_command(settings, files->at("checkins.csv"), from, workspace, dry_run, now);
    transfer::Problems problems;
    transfer::CsvPlaces places;
    auto document = transfer::read_csv(*files, problems, places, now);
    if (!document) return refuse(problems, from);
    const auto chosen = choose(*document, workspace, from);
    if (!chosen) return exit_usage;
    problems = places.check_alone(std::move(problems), *chosen);
    if (!problems.empty()) return refuse(problems, from);
    return import_into_database(settings, *chosen, dry_run, from,
                                [&](transfer::Problems& found) { places.rename(found); });
}

}  // namespace

int export_command(const config::Settings& settings, const Flags& flags) {
    if (!only_flags(flags, {"out", "format", "workspace"}, "export")) return exit_usage;
    auto out = flag(flags, "out");
    if (!out || out->empty()) {
        std::cerr << "goalpost: export needs --out PATH (a .json file, `-` for stdout, or a directory with "
                     "--format csv)\n";
        return exit_usage;
    }
    const std::string format = flag(flags, "format").value_or("json");
    if (!export_target_ok(*out, format)) return exit_usage;
    const auto workspace = flag(flags, "workspace");
    const std::string& db = settings.storage.path;
    std::error_code ec;
    if (!settings.storage.url && db != ":memory:" && !fs::exists(db, ec)) {
        std::cerr << "goalpost: no database at " << db << " (storage.path)\n";
        return exit_failure;
    }
    transfer::Document snapshot;
    try {
        if (settings.storage.url) {
            snapshot = storage::read_snapshot(*open_database(settings), workspace);
        } else {
            snapshot = storage::read_snapshot(db, workspace);
        }
    } catch (const std::exception& e) {
        std::cerr << "goalpost: cannot read the database: " << e.what() << "\n";
        return exit_failure;
    }
    if (workspace && snapshot.workspaces.empty()) {
        std::cerr << "goalpost: --workspace: the database has no workspace '" << *workspace << "'\n";
        return exit_usage;
    }
    try {
        write_export(snapshot, *out, format);
    } catch (const std::exception& e) {
        std::cerr << "goalpost: --out: " << e.what() << "\n";
        return exit_failure;
    }
    (*out == "-" ? std::cerr : std::cout) << "exported " << snapshot.workspaces.size() << " workspace(s) as " << format
                                          << " to " << *out << ": " << describe(transfer::count(snapshot.workspaces))
                                          << "\n";
    return exit_ok;
}

int import_command(const config::Settings& settings, const Flags& flags) {
    if (!only_flags(flags, {"from", "format", "workspace", "dry-run", "at"}, "import")) return exit_usage;
    int code = exit_ok;
    const auto now = at_flag(flags, code);
    if (!now) return code;
    auto from = flag(flags, "from");
    if (!from || from->empty()) {
        std::cerr << "goalpost: import needs --from PATH (a JSON file or a CSV directory written by goalpost export)\n";
        return exit_usage;
    }
    const bool dry_run = flags.count("dry-run") > 0;
    std::error_code ec;
    const bool directory = fs::is_directory(*from, ec);
    const std::string format = flag(flags, "format").value_or(directory ? "csv" : "json");
    if (format != "json" && format != "csv") {
        std::cerr << "goalpost: --format must be json or csv, not '" << format << "'\n";
        return exit_usage;
    }
    if (format == "csv" && !directory) {
        std::cerr << "goalpost: --from: CSV import reads a directory (as export --format csv writes it); " << *from
                  << " is not one\n";
        return exit_usage;
    }
    if (format == "json" && directory) {
        std::cerr << "goalpost: --from: " << *from << " is a directory; JSON import reads one file (--format csv reads a directory)\n";
        return exit_usage;
    }
    if (format == "csv") return import_csv(settings, *from, flag(flags, "workspace"), dry_run, *now);
    const auto text = read_file(*from);
    if (!text) return exit_usage;
    transfer::Problems problems;
    auto document = transfer::read_json(*text, *from, problems, *now);
    if (!document) return refuse(problems, *from);
    const auto chosen = choose(*document, flag(flags, "workspace"), *from);
    if (!chosen) return exit_usage;
    // The file alone, before any database is opened (or created): every problem at once.
    problems = transfer::check_alone(std::move(problems), *chosen);
    if (!problems.empty()) return refuse(problems, *from);
    return import_into_database(settings, *chosen, dry_run, *from, [](transfer::Problems&) {});
}

}  // namespace goalpost::bot
