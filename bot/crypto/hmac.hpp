#pragma once
// HMAC-SHA256, constant-time comparison, hex and base64: what both platforms' request
// signatures are made of (Slack: hex of HMAC over "v0:ts:body"; Teams: base64 of HMAC over
// the body with a base64-decoded key). OpenSSL stays inside hmac.cpp.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace goalpost::bot::crypto {

inline constexpr std::size_t sha256_bytes = 32;

// The 32-byte HMAC-SHA256 of the concatenation of `parts`, keyed with `key`. The key schedule
// is kept per thread for the last key used, so a server verifying many requests with the same
// secret does not rebuild it (the one-shot HMAC() did: a tenth of a check-in's CPU).
std::string hmac_sha256(std::string_view key, std::initializer_list<std::string_view> parts);

// Compares in time independent of where they differ; false when the sizes differ.
bool equal_constant_time(std::string_view a, std::string_view b);

std::string to_hex(std::string_view bytes);  // lowercase

// Standard base64 (RFC 4648 alphabet, padded); nullopt when `text` is not exactly that.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);
// URL-safe base64 (RFC 4648 section 5) without padding.
std::string base64url_encode(std::string_view bytes);

// The 32-byte SHA-256 of `data`.
std::string sha256(std::string_view data);
// `n` bytes from OpenSSL's CSPRNG; throws std::runtime_error if it cannot give them.
std::string random_bytes(std::size_t n);

}  // namespace goalpost::bot::crypto
