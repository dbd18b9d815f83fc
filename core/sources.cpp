#include "core/sources.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "core/text.hpp"

namespace goalpost::core {
namespace {

bool all_of(std::string_view s, int (*pred)(int)) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [pred](char c) { return pred(static_cast<unsigned char>(c)) != 0; });
}

// One cell in A1 notation, with or without its sheet: B4, Q1!B4, 'Sales 2027'!AA12.
bool one_cell(std::string_view range) {
    if (auto bang = range.rfind('!'); bang != std::string_view::npos) {
        if (bang == 0) return false;
        range.remove_prefix(bang + 1);
    }
    std::size_t letters = 0;
    while (letters < range.size() && std::isalpha(static_cast<unsigned char>(range[letters]))) ++letters;
    const std::string_view digits = range.substr(letters);
    return letters >= 1 && letters <= 3 && digits.size() <= 7 && all_of(digits, std::isdigit) && digits.front() != '0';
}

bool plain_name(std::string_view s) {
    return !s.empty() && s.size() <= 32 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

const SourceKind* kind_named(std::string_view name) {
    for (const auto& k : source_kinds()) {
        if (k.name == name) return &k;
    }
    return nullptr;
}

}  // namespace

const std::vector<SourceKind>& source_kinds() {
    static const std::vector<SourceKind> kinds{
        {"jira", "\"JQL query\"", "\"project = OPS AND statusCategory = Done AND resolved >= 2027-01-01\"", 1},
        {"asana", "PROJECT_GID completed|incomplete|all", "1204567890123456 completed", 2},
        {"trello", "LIST_ID", "5f1a2b3c4d5e6f7a8b9c0d1e", 1},
        {"github", "\"search query\"", "\"repo:acme/app is:pr is:merged merged:>=2027-01-01\"", 1},
        {"sheets", "SPREADSHEET_ID CELL", "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 \"Q1!B4\"", 2},
        {"url", "NAME /json/pointer", "metrics /data/signups", 2},
    };
    return kinds;
}

std::optional<std::string> source_spec_problem(const SourceSpec& spec) {
    const SourceKind* kind = kind_named(spec.kind);
    if (!kind) {
        std::string names;
        for (const auto& k : source_kinds()) names += (names.empty() ? "" : ", ") + std::string(k.name);
        return fmt::format("`{}` isn't a source; the sources are {} (or off).", escape_text(spec.kind), names);
    }
    const auto usage = fmt::format("kr source KR-7 {} {}", kind->name, kind->args);
    if (spec.args.size() != kind->arity) {
        return fmt::format("A {} source takes {}: `{}`.", kind->name, kind->args,
                           fmt::format("kr source KR-7 {} {}", kind->name, kind->example));
    }
    const auto& a = spec.args;
    for (const auto& arg : a) {
        if (utf8_length(arg) > 1000) return fmt::format("A source's argument is at most 1,000 characters: `{}`.", usage);
    }
    if (spec.kind == "jira" || spec.kind == "github") {
        if (a[0].find_first_not_of(" \t") == std::string::npos)
            return fmt::format("The {} query is empty: `{}`.", spec.kind == "jira" ? "JQL" : "search", usage);
        if (spec.kind == "github" && a[0].size() > 256) return "GitHub searches are at most 256 characters long.";
    } else if (spec.kind == "asana") {
        if (!all_of(a[0], std::isdigit) || a[0].size() > 32)
            return fmt::format("`{}` isn't an Asana project id (the digits in the project's URL).", escape_text(a[0]));
        if (a[1] != "completed" && a[1] != "incomplete" && a[1] != "all")
            return fmt::format("An Asana source counts completed, incomplete or all tasks, not `{}`.", escape_text(a[1]));
    } else if (spec.kind == "trello") {
        if (a[0].size() != 24 || !all_of(a[0], std::isxdigit))
            return fmt::format("`{}` isn't a Trello list id (24 hexadecimal digits; add .json to a card's URL to see "
                               "its idList).",
                               escape_text(a[0]));
    } else if (spec.kind == "sheets") {
        const bool id_ok = a[0].size() >= 10 && a[0].size() <= 100 &&
                           std::all_of(a[0].begin(), a[0].end(), [](char c) {
                               return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                           });
        if (!id_ok)
            return fmt::format("`{}` isn't a spreadsheet id (the part of the sheet's URL after /d/).", escape_text(a[0]));
        if (!one_cell(a[1]))
            return fmt::format("`{}` isn't one cell; write it like B4 or \"Q1!B4\".", escape_text(a[1]));
    } else if (spec.kind == "url") {
        if (!plain_name(a[0]))
            return fmt::format("`{}` isn't the name of a URL under sources.urls in the config.", escape_text(a[0]));
        if (!a[1].empty() && a[1].front() != '/')
            return fmt::format("`{}` isn't a JSON Pointer; it starts with /, like /data/signups.", escape_text(a[1]));
    }
    return std::nullopt;
}

std::string describe_source(const SourceSpec& spec) {
    const auto& a = spec.args;
    if (spec.kind == "jira" && a.size() == 1) return fmt::format("Jira issues matching `{}`", a[0]);
    if (spec.kind == "asana" && a.size() == 2) {
        return fmt::format("{} tasks of Asana project {}", a[1] == "all" ? std::string("all") : a[1], a[0]);
    }
    if (spec.kind == "trello" && a.size() == 1) return fmt::format("cards in Trello list {}", a[0]);
    if (spec.kind == "github" && a.size() == 1) return fmt::format("GitHub issues and pull requests matching `{}`", a[0]);
    if (spec.kind == "sheets" && a.size() == 2) return fmt::format("cell {} of Google Sheet {}", a[1], a[0]);
    if (spec.kind == "url" && a.size() == 2) return fmt::format("`{}` of the URL {}", a[1].empty() ? "/" : a[1], a[0]);
    return spec.kind;
}

std::string source_user(std::string_view kind) { return fmt::format("source:{}", kind); }

}  // namespace goalpost::core
