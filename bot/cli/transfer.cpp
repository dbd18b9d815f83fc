#include "bot/cli/transfer.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "bot/cli/database.hpp"
#include "bot/cli/exit.hpp"
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

std::optional<std::string> read_input(const std::string& from) {
    std::error_code ec;
    if (fs::is_directory(from, ec)) {
        std::cerr << "goalpost: --from: " << from
                  << " is a directory; import reads the JSON export only (CSV is not read back)\n";
        return std::nullopt;
    }
    std::ifstream in(from, std::ios::binary);
    if (!in) {
        std::cerr << "goalpost: --from: cannot read " << from << "\n";
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
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
    if (!only_flags(flags, {"from", "workspace", "dry-run"}, "import")) return exit_usage;
    auto from = flag(flags, "from");
    if (!from || from->empty()) {
        std::cerr << "goalpost: import needs --from FILE (a JSON file written by goalpost export)\n";
        return exit_usage;
    }
    const bool dry_run = flags.count("dry-run") > 0;
    const auto text = read_input(*from);
    if (!text) return exit_usage;
    transfer::Problems problems;
    auto document = transfer::read_json(*text, *from, problems, wall_now());
    if (!document) return refuse(problems, *from);
    const auto chosen = choose(*document, flag(flags, "workspace"), *from);
    if (!chosen) return exit_usage;
    // The file alone, before any database is opened (or created): every problem at once.
    problems = transfer::check_alone(std::move(problems), *chosen);
    if (!problems.empty()) return refuse(problems, *from);
    std::string db = settings.storage.path;
    try {
        if (settings.storage.url) {
            auto store = open_database(settings);
            db = store->location();
            problems = storage::import_workspaces(*store, *chosen, dry_run);
        } else {
            problems = storage::import_workspaces(db, *chosen, dry_run);
        }
    } catch (const std::exception& e) {
        std::cerr << "goalpost: import failed, nothing written: " << e.what() << "\n";
        return exit_failure;
    }
    if (!problems.empty()) return refuse(problems, *from);
    std::cout << (dry_run ? "dry run, nothing written: would import " : "imported ") << chosen->size()
              << " workspace(s) into " << db << ":";
    for (const auto& c : *chosen)
        std::cout << "\n  " << c.workspace.key << ": " << describe(transfer::count(c.workspace));
    std::cout << "\n";
    return exit_ok;
}

}  // namespace goalpost::bot
