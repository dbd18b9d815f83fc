#pragma once
// Reading the settings file: every problem collected with its key (never a secret's value),
// unknown keys with a "did you mean", and the environment variables that override a key.
// Used by settings.cpp only.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "config/settings.hpp"

namespace goalpost::config::detail {

namespace json = boost::json;

// Checks a string's content; returns what is wrong with it, never the value itself.
using Check = std::optional<std::string> (*)(std::string_view);

// How a value is shown in a message. Secrets are described by their type only.
std::string show(const json::value& v, bool secret);

std::optional<std::string> check_not_empty(std::string_view s);
std::optional<std::string> check_bind(std::string_view s);
std::optional<std::string> check_secret(std::string_view s);
std::optional<std::string> check_base64_secret(std::string_view s);
std::optional<std::string> check_url(std::string_view s);
std::optional<std::string> check_database_url(std::string_view s);
std::optional<std::string> check_command(std::string_view s);

struct StringRule {
    bool secret = false;       // never echoed; an empty string in the file means "not set"
    Check check = nullptr;     // content check, also applied to the environment value
    const char* env = nullptr; // environment variable that overrides the file
};

class Reader {
public:
    Reader(std::vector<Problem>& problems, const EnvLookup& env) : problems_(problems), env_(env) {}

    void problem(std::string key, std::string message);

    // Reports every key of `object` that is not in `known`, with a suggestion if one is close.
    void reject_unknown(const json::object& object, std::string_view section,
                        std::initializer_list<std::string_view> known);

    // The section's object, or null when it is absent or not an object (a problem).
    const json::object* section(const json::object& root, std::string_view name);

    std::optional<std::int64_t> integer(const json::object* object, std::string_view section,
                                        std::string_view leaf, std::int64_t min, std::int64_t max);

    // The effective value of a string key: the environment (if set and not empty) wins over
    // the file. Both are validated; a bad value is reported and not used.
    std::optional<std::string> string(const json::object* object, std::string_view section,
                                      std::string_view leaf, const StringRule& rule);

    void admins(const json::object& root, std::vector<std::string>& out);

private:
    std::vector<Problem>& problems_;
    const EnvLookup& env_;
};

// The file's JSON (comments and trailing commas allowed); nullopt and a problem with the
// line and column when it is not JSON.
std::optional<json::value> parse_json(std::string_view text, std::vector<Problem>& problems);

}  // namespace goalpost::config::detail
