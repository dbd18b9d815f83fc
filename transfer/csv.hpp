#pragma once
// The CSV codec of the export document: one file per kind of row, for spreadsheets, and
// its reader (`goalpost import --format csv`): a directory written by to_csv, or a minimal
// checkins.csv that backfills a workspace's history from a sheet.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "transfer/document.hpp"
#include "transfer/problem.hpp"
#include "transfer/validate.hpp"

namespace goalpost::transfer {

// One CSV cell (RFC 4180): quoted when it holds a comma, a quote, CR or LF, quotes doubled.
// `text` cells that a spreadsheet would take for a formula (starting with = + - @ tab or CR)
// get a leading single quote first (OWASP, CSV injection); so does a text starting with a
// quote, so that the reader, which removes one, gives back exactly what was written. Numbers
// are written as they are.
std::string csv_cell(std::string_view value, bool text = true);
// The text a `text` cell holds: without the single quote csv_cell put before it.
std::string csv_text(std::string_view cell);

// File name ("teams.csv", "checkins.csv", ...) -> its content: UTF-8 with a byte order mark,
// a header row, a `workspace` column, CRLF line ends. Every file is there even without rows.
std::map<std::string, std::string> to_csv(const Document& document);

// The names of the files to_csv writes.
const std::vector<std::string>& csv_file_names();

// ---- reading ----------------------------------------------------------------------------
// Problems name the file and line (the header is line 1) and, for a cell, its column:
// `objectives.csv:4 (parent)`.

// Where each row of a document read from CSV came from: document places such as
// `workspaces[0].objectives[2]` -> `objectives.csv:4`.
class CsvPlaces {
public:
    void add(std::string document_place, std::string file_line);
    // `workspaces[0].objectives[2].parent` -> `objectives.csv:4 (parent)`; a place of no
    // row stays as it is.
    std::string name(const std::string& document_place) const;
    void rename(Problems& problems) const;
    // transfer::check_alone for a document read from CSV: what reading found, then what
    // check() finds, renamed, at the cells reading did not already complain about.
    Problems check_alone(Problems reading, const std::vector<Placed>& chosen) const;

private:
    std::map<std::string, std::string> places_;
};

// Reads the files of a directory written by to_csv (file name -> content; a file not given
// has no rows). Columns are found by their header name, in any order; an unknown or
// repeated column, a missing `workspace` or key column, a row of the wrong length, a cell
// that is not what its column holds, text that is not UTF-8: each is a problem. Cells left
// empty get the JSON reader's defaults (`now` for a time). Nothing when a file cannot be
// read at all; otherwise the rows as far as they could be read.
std::optional<Document> read_csv(const std::map<std::string, std::string>& files, Problems& problems,
                                 CsvPlaces& places, core::Time now);

// One row of a backfill file and where it was.
struct CheckinRow {
    std::string where;  // "checkins.csv:5"
    Checkin checkin;
};

// A checkins.csv filled in by hand: columns kr, value, date, user, and optionally confidence
// and note (also read: the export's own checkins.csv, with created_at for date and a
// workspace column that must name `workspace`). kr is KR-7 or 7; value as /okr checkin
// reads it (1,200, 45%, $3,500, done); date YYYY-MM-DD (noon UTC, or now when that is later)
// or an ISO-8601 instant, not in the future; confidence 1..10 or on-track, at-risk,
// off-track. Every row with a problem is reported; the rows are those without.
std::vector<CheckinRow> read_checkins_csv(std::string_view text, const std::string& file,
                                          const core::WorkspaceKey& workspace, Problems& problems,
                                          core::Time now);

}  // namespace goalpost::transfer
