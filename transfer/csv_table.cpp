#include "transfer/csv_table.hpp"

namespace goalpost::transfer::csv {
namespace {

bool blank(const Row& row) {
    return std::all_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return c.empty(); });
}

}  // namespace

std::optional<std::vector<Row>> parse_rows(std::string_view text, const std::string& file, Problems& problems) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (!core::valid_utf8(text)) {
        // The first line that is not: a sequence cut short at a line's end shows there too.
        int line = 1;
        for (std::size_t start = 0; start < text.size(); ++line) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            if (!core::valid_utf8(text.substr(start, end - start))) break;
            start = end + 1;
        }
        problems.push_back({fmt::format("{}:{}", file, line),
                            "is not UTF-8 text; save the sheet as \"CSV UTF-8\" and import it again"});
        return std::nullopt;
    }
    std::vector<Row> rows;
    Row row{1, {}};
    std::string cell;
    int line = 1;
    std::size_t i = 0;
    bool row_open = false;  // a cell of this row has begun
    auto end_cell = [&] {
        row.cells.push_back(std::move(cell));
        cell.clear();
    };
    auto end_row = [&] {
        end_cell();
        if (!blank(row)) rows.push_back(std::move(row));
        row = Row{line, {}};
        row_open = false;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"' && cell.empty()) {
            // A quoted cell: up to the quote that is not doubled.
            const int started = line;
            ++i;
            bool closed = false;
            while (i < text.size()) {
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    closed = true;
                    ++i;
                    break;
                }
                if (text[i] == '\n') ++line;
                cell += text[i++];
            }
            if (!closed) {
                problems.push_back({fmt::format("{}:{}", file, started),
                                    "a quoted cell is not closed: a \" is missing at its end"});
                return std::nullopt;
            }
            if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                problems.push_back({fmt::format("{}:{}", file, line),
                                    "text follows a quoted cell; a \" inside a quoted cell is written twice (\"\")"});
                return std::nullopt;
            }
            row_open = true;
            continue;
        }
        if (c == ',') {
            end_cell();
            row_open = true;
            ++i;
        } else if (c == '\r' || c == '\n') {
            i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
            ++line;
            end_row();
        } else {
            cell += c;
            row_open = true;
            ++i;
        }
    }
    if (row_open || !cell.empty()) end_row();
    return rows;
}

}  // namespace goalpost::transfer::csv
