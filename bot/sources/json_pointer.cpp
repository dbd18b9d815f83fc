#include "bot/sources/json_pointer.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "core/text.hpp"

// Not boost::json::value::find_pointer: in Boost 1.81 it takes an empty token on an array
// ("/foo//x") for index 0, checks escapes only in tokens it reaches, and its error codes do not
// say which part of the pointer failed, which is what the admin who wrote it needs to know.
namespace goalpost::bot::sources {

namespace {

namespace json = boost::json;

std::string quoted(std::string_view text) { return fmt::format("\"{}\"", core::truncate_utf8(text, 60)); }

// Every '~' must begin "~0" or "~1" (section 3); the pointer is checked whole before it is used.
std::optional<std::string> syntax_error(std::string_view pointer) {
    if (!pointer.empty() && pointer.front() != '/') {
        return fmt::format("{} is not a JSON Pointer: it must be empty or start with \"/\"", quoted(pointer));
    }
    for (std::size_t i = 0; i < pointer.size(); ++i) {
        if (pointer[i] != '~') continue;
        if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) {
            return fmt::format("{} is not a JSON Pointer: write ~0 for \"~\" and ~1 for \"/\" in a name",
                               quoted(pointer));
        }
    }
    return std::nullopt;
}

// Section 4: "~1" becomes "/" first, then "~0" becomes "~", so "~01" is "~1".
std::string unescape(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~') {
            out += token[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            out += token[i];
        }
    }
    return out;
}

// "0", or digits without a leading zero (section 4); "-" and everything else is no index.
std::optional<std::size_t> array_index(std::string_view token) {
    if (token.empty() || token.size() > 18 || (token.size() > 1 && token.front() == '0')) return std::nullopt;
    std::size_t index = 0;
    for (char c : token) {
        if (c < '0' || c > '9') return std::nullopt;
        index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    return index;
}

std::string_view kind_of(const json::value& v) {
    switch (v.kind()) {
        case json::kind::string: return "a string";
        case json::kind::bool_: return "true or false";
        case json::kind::null: return "null";
        default: return "a number";
    }
}

}  // namespace

boost::system::result<const json::value*, std::string> find_pointer(const json::value& document,
                                                                    std::string_view pointer) {
    if (auto error = syntax_error(pointer)) return *error;
    const json::value* at = &document;
    std::size_t done = 0;  // how much of the pointer has been followed, for the messages
    while (done < pointer.size()) {
        const auto end = std::min(pointer.find('/', done + 1), pointer.size());
        const auto raw = pointer.substr(done + 1, end - done - 1);
        const auto where = done == 0 ? std::string("the document") : quoted(pointer.substr(0, done));
        const auto token = unescape(raw);
        if (const auto* object = at->if_object()) {
            at = object->if_contains(token);
            if (at == nullptr) return fmt::format("{} has no member {}", where, quoted(token));
        } else if (const auto* array = at->if_array()) {
            const auto index = array_index(raw);
            if (!index) {
                return fmt::format("{} is a list, and {} is not a position in it (0, 1, ...)", where, quoted(raw));
            }
            if (*index >= array->size()) {
                return fmt::format("{} has {} elements, so there is no element {}", where, array->size(), *index);
            }
            at = &(*array)[*index];
        } else {
            return fmt::format("{} is {}, so it has no {}", where, kind_of(*at), quoted(token));
        }
        done = end;
    }
    return at;
}

}  // namespace goalpost::bot::sources
