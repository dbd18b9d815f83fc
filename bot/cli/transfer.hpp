#pragma once
// goalpost export / import: the OKR data of one or every workspace as JSON (for migration)
// or as a directory of CSV files (for spreadsheets); import reads both, and a lone
// checkins.csv backfills a workspace's history.
// The document and its codecs are in transfer/, its database side in storage/transfer_store;
// here: flags, files, exit codes and what is printed.
#include "bot/cli/cadence.hpp"  // Flags
#include "config/settings.hpp"

namespace goalpost::bot {

extern const char* export_help;
extern const char* import_help;

// --out PATH [--format csv|json] [--workspace KEY]
int export_command(const config::Settings& settings, const Flags& flags);
// --from PATH [--format json|csv] [--workspace KEY] [--dry-run]
int import_command(const config::Settings& settings, const Flags& flags);

}  // namespace goalpost::bot
