#pragma once
// The CSV writer of the export document: one file per kind of row, for spreadsheets.
// Import does not read CSV back; JSON is for moving data.
#include <map>
#include <string>
#include <string_view>

#include "transfer/document.hpp"

namespace goalpost::transfer {

// One CSV cell (RFC 4180): quoted when it holds a comma, a quote, CR or LF, quotes doubled.
// `text` cells that a spreadsheet would take for a formula (starting with = + - @ tab or CR)
// get a leading single quote first (OWASP, CSV injection); numbers are written as they are.
std::string csv_cell(std::string_view value, bool text = true);

// File name ("teams.csv", "checkins.csv", ...) -> its content: UTF-8 with a byte order mark,
// a header row, a `workspace` column, CRLF line ends. Every file is there even without rows.
std::map<std::string, std::string> to_csv(const Document& document);

}  // namespace goalpost::transfer
