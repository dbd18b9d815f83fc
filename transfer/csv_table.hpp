#pragma once
// The CSV reader's tools (transfer/csv_read.cpp): RFC 4180 rows, and one file's columns and
// cells read by header name, each bad cell reported at `file:line (column)`.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/numbers.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "transfer/csv.hpp"
#include "transfer/problem.hpp"

namespace goalpost::transfer::csv {

struct Row {
    int line = 0;  // where the row starts; the header is line 1
    std::vector<std::string> cells;
};

// The rows of one file, quoted cells unquoted; rows of nothing but empty cells (a
// spreadsheet's trailing rows) left out. Nothing, with a problem, when the text is not UTF-8
// or a quoted cell is not closed.
std::optional<std::vector<Row>> parse_rows(std::string_view text, const std::string& file, Problems& problems);

// ---- a file's columns and cells -----------------------------------------------------

struct Column {
    const char* name;
    bool required;  // the file cannot be read without it
};

// One file: its header checked against the columns it may have; then each row's cells by
// column name, each read reporting `file:line (column)` when the cell is not what it holds.
class Table {
public:
    Table(std::string file, std::vector<Row> rows, std::vector<Column> columns, Problems& problems)
        : file_(std::move(file)), problems_(problems) {
        if (rows.empty()) {
            problems_.push_back({file_ + ":1", "has no header row; the first row names the columns"});
            ok_ = false;
            return;
        }
        const Row& header = rows.front();
        if (header.cells.size() == 1 && header.cells[0].find(';') != std::string::npos) {
            problems_.push_back({file_ + ":1", "the columns are separated by ';'; save the sheet as comma-separated CSV"});
            ok_ = false;
            return;
        }
        for (std::size_t i = 0; i < header.cells.size(); ++i) {
            const std::string name = core::ascii_lower(trim(header.cells[i]));
            const bool known = std::any_of(columns.begin(), columns.end(),
                                           [&](const Column& c) { return name == c.name; });
            if (!known) {
                std::string names;
                for (const auto& c : columns) names += (names.empty() ? "" : ", ") + std::string(c.name);
                problems_.push_back({file_ + ":1", fmt::format("unknown column '{}'; the columns are {}",
                                                              header.cells[i], names)});
                ok_ = false;
            } else if (!index_.emplace(name, i).second) {
                problems_.push_back({file_ + ":1", fmt::format("column '{}' appears twice", name)});
                ok_ = false;
            }
        }
        for (const auto& c : columns) {
            if (c.required && !index_.count(c.name)) {
                problems_.push_back({file_ + ":1", fmt::format("has no column '{}'", c.name)});
                ok_ = false;
            }
        }
        width_ = header.cells.size();
        rows_.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
    }

    bool ok() const { return ok_; }
    const std::string& file() const { return file_; }

    // Calls `read(row)` for every row of the right length; reports the others.
    template <class F>
    void each(F&& read) {
        if (!ok_) return;
        for (const auto& r : rows_) {
            if (r.cells.size() != width_) {
                problems_.push_back({place(r), fmt::format("has {} cell(s); the header has {}", r.cells.size(), width_)});
                continue;
            }
            row_ = &r;
            read(r);
        }
        row_ = nullptr;
    }

    std::string place(const Row& r) const { return fmt::format("{}:{}", file_, r.line); }
    std::string place() const { return place(*row_); }

    bool has(std::string_view column) const { return index_.count(std::string(column)) > 0; }
    std::string raw(std::string_view column) const {
        auto it = index_.find(std::string(column));
        return it == index_.end() ? std::string() : row_->cells[it->second];
    }
    void fail(std::string_view column, std::string message) {
        problems_.push_back({fmt::format("{} ({})", place(), column), std::move(message)});
    }

    std::string text(std::string_view column, std::string fallback = "") {
        if (!has(column)) return fallback;
        return csv_text(raw(column));
    }
    std::optional<std::string> opt_text(std::string_view column) {
        std::string t = text(column);
        if (t.empty()) return std::nullopt;
        return t;
    }
    std::string plain(std::string_view column, std::string fallback = "") {
        std::string t = trim(raw(column));
        return t.empty() ? fallback : t;
    }
    std::string required_text(std::string_view column) {
        std::string t = text(column);
        if (trim(t).empty()) fail(column, "must not be empty");
        return t;
    }
    std::optional<double> opt_number(std::string_view column) {
        const std::string t = trim(raw(column));
        if (t.empty()) return std::nullopt;
        double v = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec == std::errc{} && p == t.data() + t.size() && std::isfinite(v)) return v;
        // A spreadsheet may have reformatted it: 1,200 or 45%.
        if (auto n = core::parse_number(t); n && std::isfinite(n->value)) return n->value;
        fail(column, fmt::format("'{}' is not a number", t));
        return std::nullopt;
    }
    double number(std::string_view column) { return opt_number(column).value_or(0); }
    bool boolean(std::string_view column, bool fallback = false) {
        const std::string t = core::ascii_lower(trim(raw(column)));
        if (t.empty()) return fallback;
        if (t == "true" || t == "yes" || t == "1") return true;
        if (t == "false" || t == "no" || t == "0") return false;
        fail(column, fmt::format("'{}' is not true or false", raw(column)));
        return fallback;
    }
    std::optional<core::Time> opt_time(std::string_view column) {
        const std::string t = trim(raw(column));
        if (t.empty()) return std::nullopt;
        auto parsed = core::parse_instant(t);
        if (!parsed) fail(column, fmt::format("'{}' is not an ISO-8601 instant like 2027-01-31T09:00:00Z", t));
        return parsed;
    }
    core::Time time(std::string_view column, core::Time now) { return opt_time(column).value_or(now); }
    // "O-3" / "KR-7" or a bare number.
    std::optional<int> opt_ref(std::string_view column, std::string_view prefix, bool required = false) {
        const std::string t = trim(raw(column));
        if (t.empty()) {
            if (required) fail(column, fmt::format("must not be empty; write {}-3", prefix));
            return std::nullopt;
        }
        if (auto n = parse_ref(t, prefix)) return n;
        fail(column, fmt::format("'{}' is not like {}-3", t, prefix));
        return std::nullopt;
    }
    int ref(std::string_view column, std::string_view prefix) { return opt_ref(column, prefix, true).value_or(0); }

private:
    static std::string trim(std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return std::string(s);
    }

    std::string file_;
    Problems& problems_;
    bool ok_ = true;
    std::size_t width_ = 0;
    std::map<std::string, std::size_t> index_;
    std::vector<Row> rows_;
    const Row* row_ = nullptr;
};

}  // namespace goalpost::transfer::csv
