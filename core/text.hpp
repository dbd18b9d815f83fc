#pragma once
// Text as chat clients send it and as goalpost writes it: escaping, UTF-8 everywhere.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace goalpost::core {

std::string ascii_lower(std::string_view s);

// `parts` with `separator` between them: "a, b, c". A separator only follows text: empty
// parts at the start add nothing.
std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ");

// Slack mrkdwn control characters; core message text uses this escaping for
// anything a user typed, so a title cannot ping @channel or inject a link.
std::string escape_text(std::string_view s);

// Cuts at a UTF-8 boundary so that the result has at most `max_bytes` bytes,
// adding "…" when something was cut; never inside `&amp;` `&lt;` `&gt;`, so escaped text
// stays escaped text. Ill-formed UTF-8 is replaced first (sanitize_utf8),
// so what the renderers put into JSON is always well-formed.
std::string truncate_utf8(std::string_view s, std::size_t max_bytes);

// Well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF)?
bool valid_utf8(std::string_view s);
// The text with every ill-formed sequence replaced by U+FFFD, as a browser would show it;
// valid text is returned unchanged. Applied to whatever arrives form-encoded, so no bytes
// reach the database or a JSON reply that Slack or Teams would refuse.
std::string sanitize_utf8(std::string_view s);

// ASCII whitespace: space, \t, \n, \r, \f, \v.
bool is_ascii_space(char c);
// `s` without leading and trailing ASCII whitespace.
std::string_view trim_ascii(std::string_view s);

// Number of code points (for limits stated in characters).
std::size_t utf8_length(std::string_view s);

}  // namespace goalpost::core
