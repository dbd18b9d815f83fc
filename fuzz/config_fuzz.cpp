// config::parse_settings on arbitrary text with an empty environment: never crashes or
// throws; an accepted configuration holds values inside the documented ranges, and every
// problem has a message.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/settings.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace goalpost::config;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const EnvLookup no_env = [](const char*) -> std::optional<std::string> { return std::nullopt; };
    const Loaded loaded = parse_settings(text, no_env);
    for (const Problem& p : loaded.problems) {
        FUZZ_CHECK(!p.message.empty(), "a problem has a message");
        (void)format_problem(p);
    }
    const Settings& s = loaded.settings;
    FUZZ_CHECK(s.server.threads >= 1 && s.server.threads <= 256, "threads in 1..256");
    FUZZ_CHECK(s.server.max_body_bytes >= 1024, "max_body_bytes at least 1024");
    FUZZ_CHECK(s.server.read_timeout.count() >= 1, "read timeout at least 1 s");
    FUZZ_CHECK(!s.storage.path.empty(), "a storage path");
    FUZZ_CHECK(s.slack.command.size() >= 2 && s.slack.command[0] == '/', "a slash command");
    const std::string described = describe(s);
    FUZZ_CHECK(!described.empty() && described.back() == '\n', "describe ends its lines");
    return 0;
}
