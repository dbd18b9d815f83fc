#pragma once
// The goalpost command line: subcommands, flags, exit codes (SPEC.md "The binary").
#include <string>
#include <vector>

namespace goalpost::bot {

// Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
int run_cli(const std::vector<std::string>& args);

}  // namespace goalpost::bot
