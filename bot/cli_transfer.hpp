#pragma once
// goalpost export / import: the OKR data of one or every workspace as JSON (for migration,
// and the only format import reads) or as a directory of CSV files (for spreadsheets).
#include <string>
#include <string_view>

#include "bot/cli_cadence.hpp"  // Flags
#include "config/settings.hpp"

namespace goalpost::bot {

extern const char* export_help;
extern const char* import_help;

// --out PATH [--format csv|json] [--workspace KEY]
int export_command(const config::Settings& settings, const Flags& flags);
// --from PATH [--workspace KEY] [--dry-run]
int import_command(const config::Settings& settings, const Flags& flags);

// One CSV cell (RFC 4180): quoted when it holds a comma, a quote, CR or LF, quotes doubled.
// `text` cells that a spreadsheet would take for a formula (starting with = + - @ tab or CR)
// get a leading single quote first (OWASP, CSV injection); numbers are written as they are.
std::string csv_cell(std::string_view value, bool text = true);

}  // namespace goalpost::bot
