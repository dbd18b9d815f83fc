// Wires the pieces together and nothing else.
#include <string>
#include <vector>

#include "bot/cli/cli.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return goalpost::bot::run_cli(args);
}
