#pragma once
// The exit codes of every goalpost subcommand (SPEC.md, "The binary"), in one place.
namespace goalpost::bot {

inline constexpr int exit_ok = 0;       // success
inline constexpr int exit_failure = 1;  // the environment failed: database, port, file system
inline constexpr int exit_usage = 2;    // usage or configuration error (the message names the flag or key)

}  // namespace goalpost::bot
