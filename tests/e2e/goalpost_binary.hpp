#pragma once
// Runs the real goalpost executable (GOALPOST_BINARY) once and collects what it printed.
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#ifndef GOALPOST_BINARY
#error "GOALPOST_BINARY (the goalpost executable) must be defined by the build"
#endif

extern char** environ;

namespace goalpost::testing {

struct BinaryRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

// `goalpost ARGS...`, with its output in `scratch` (a file this run may overwrite).
inline BinaryRun run_goalpost(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
    std::vector<std::string> words{GOALPOST_BINARY};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, scratch.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, words[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    BOOST_REQUIRE_MESSAGE(rc == 0, "cannot start " << words[0] << ": " << std::strerror(rc));
    int status = 0;
    waitpid(pid, &status, 0);
    std::ifstream in(scratch, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out.str()};
}

}  // namespace goalpost::testing
