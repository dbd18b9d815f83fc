#include "bot/sources/http_reading.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <fmt/format.h>

#include "bot/crypto/hmac.hpp"
#include "bot/sources/json_pointer.hpp"
#include "core/commands/checkin.hpp"
#include "core/text.hpp"

namespace goalpost::bot::sources {

namespace {

namespace json = boost::json;

constexpr std::size_t max_message_bytes = 200;

const json::string* string_at(const json::value* v) { return v != nullptr ? v->if_string() : nullptr; }

const json::value* first_of(const json::value* v) {
    const auto* array = v != nullptr ? v->if_array() : nullptr;
    return array != nullptr && !array->empty() ? &array->front() : nullptr;
}

const json::value* member(const json::value* v, std::string_view name) {
    const auto* object = v != nullptr ? v->if_object() : nullptr;
    return object != nullptr ? object->if_contains(name) : nullptr;
}

// The shapes the six platforms' error bodies come in, most specific first.
std::string message_in(const json::value& body) {
    if (const auto* s = string_at(first_of(member(&body, "errorMessages")))) return std::string(*s);  // Jira
    if (const auto* s = string_at(member(first_of(member(&body, "errors")), "message"))) {
        return std::string(*s);  // Asana; GitHub's "Validation Failed" details
    }
    if (const auto* s = string_at(member(member(&body, "error"), "message"))) return std::string(*s);  // Google
    const auto* oauth_error = string_at(member(&body, "error"));
    if (const auto* s = string_at(member(&body, "error_description"))) {
        return oauth_error != nullptr ? fmt::format("{}: {}", *oauth_error, *s) : std::string(*s);
    }
    if (const auto* s = string_at(member(&body, "message"))) return std::string(*s);  // GitHub, Trello's 429
    if (oauth_error != nullptr) return std::string(*oauth_error);
    return {};
}

std::string one_line(std::string text, std::size_t max_bytes) {
    for (char& c : text) {
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    return core::truncate_utf8(core::trim_ascii(text), max_bytes);
}

std::string redacted(std::string text, std::vector<std::string> secrets) {
    // Longest first: a secret that holds a shorter one must not be left half shown.
    std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    constexpr std::string_view hidden = "(hidden)";
    for (const auto& secret : secrets) {
        if (secret.empty()) continue;
        for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + hidden.size())) {
            text.replace(at, secret.size(), hidden);
        }
    }
    return text;
}

// "(403)", or "(403: The caller does not have permission)". Secrets go before the text is cut,
// so that no part of one is left.
std::string status_and_message(const PostResult& result, const Platform& p) {
    const auto message =
        core::truncate_utf8(redacted(platform_message(result, result.body.size()), p.secrets), max_message_bytes);
    return message.empty() ? fmt::format("({})", result.status) : fmt::format("({}: {})", result.status, message);
}

std::string_view kind_of(const json::value& v) {
    switch (v.kind()) {
        case json::kind::bool_: return "true or false";
        case json::kind::null: return "null";
        case json::kind::array: return "a list";
        default: return "an object";
    }
}

}  // namespace

Reading refused(std::string error) { return Reading{std::nullopt, std::move(error), false, std::nullopt}; }

Reading retry_later(std::string error, std::optional<int> after) {
    return Reading{std::nullopt, std::move(error), true, after};
}

std::optional<Reading> failure(const PostResult& result, const Platform& p) {
    if (result.network_error) {
        // The client stops reading at 1 MiB; no retry makes the answer smaller.
        if (result.error.find("body limit") != std::string::npos) {
            return refused(fmt::format("{} answered with more than 1 MiB: check {}", p.name, p.address_key));
        }
        if (result.error.find("timed out") != std::string::npos) {
            return retry_later(fmt::format("{} did not answer in time; goalpost will read again", p.name));
        }
        return retry_later(
            fmt::format("goalpost could not reach {} ({}); it will read again. If this goes on, "
                        "check {}",
                        p.name, result.error, p.address_key));
    }
    const int status = result.status;
    if (status == 0) {
        return refused(fmt::format("goalpost could not send the request to {} ({}): check {}", p.name, result.error,
                                   p.address_key));
    }
    if (status >= 200 && status < 300) return std::nullopt;
    if (status == 429) {
        return retry_later(
            fmt::format("{} is limiting how often goalpost may read (429); it will read again later", p.name),
            result.retry_after_seconds ? result.retry_after_seconds : p.rate_limit_wait);
    }
    if (status == 408 || status >= 500) {
        return retry_later(fmt::format("{} had a problem answering ({}); goalpost will read again", p.name, status),
                           result.retry_after_seconds);
    }
    const auto what = status_and_message(result, p);
    if (status == 401) {
        return refused(fmt::format("{} refused goalpost's credentials {}: check {}", p.name, what, p.credentials));
    }
    if (status == 403) {
        const auto hint = p.forbidden_hint.empty() ? fmt::format("check {} and that they may read it", p.credentials)
                                                   : p.forbidden_hint;
        return refused(fmt::format("{} refused access {}: {}", p.name, what, hint));
    }
    if (status == 404) {
        return refused(fmt::format("{} found nothing to read there {}: {}", p.name, what,
                                   p.not_found_hint.empty() ? p.request_hint : p.not_found_hint));
    }
    if (status >= 400) return refused(fmt::format("{} refused {} {}: {}", p.name, p.request, what, p.request_hint));
    return refused(fmt::format("{} answered {} instead of a value: check {}", p.name, status, p.address_key));
}

boost::system::result<json::value, Reading> json_body(const PostResult& result, const Platform& p) {
    if (auto f = failure(result, p)) return *f;
    boost::system::error_code ec;
    auto body = json::parse(result.body, ec);
    if (ec) {
        return refused(fmt::format("{} answered with something that is not JSON: check {}", p.name, p.address_key));
    }
    return body;
}

Reading number_at(const json::value& body, std::string_view pointer, std::string_view what, const Platform& p) {
    auto found = find_pointer(body, pointer);
    if (!found) {
        return refused(fmt::format("{} answered without {} ({}): {}", p.name, what, found.error(), p.request_hint));
    }
    const json::value& v = **found;
    if (v.is_number()) return Reading{v.to_number<double>(), {}, false, std::nullopt};
    if (const auto* s = v.if_string()) {
        // A number in quotes, as some APIs write large or formatted ones: read it as people type it.
        if (auto n = core::parse_checkin_value(*s)) return Reading{*n, {}, false, std::nullopt};
        return refused(fmt::format("{} answered {} \"{}\", which is not a number: {}", p.name, what,
                                   one_line(std::string(*s), 40), p.request_hint));
    }
    return refused(fmt::format("{} answered {} as {}, not a number: {}", p.name, what, kind_of(v), p.request_hint));
}

std::string platform_message(const PostResult& result, std::size_t max_bytes) {
    boost::system::error_code ec;
    const auto body = json::parse(result.body, ec);
    if (!ec) return one_line(message_in(body), max_bytes);
    // Trello answers most refusals in plain text ("invalid id"); an HTML error page says nothing.
    const auto type = result.header("content-type").value_or("");
    if (!type.starts_with("text/plain")) return {};
    return one_line(result.body.substr(0, result.body.find('\n')), max_bytes);
}

std::string url_of(std::string_view base, std::string_view path) {
    while (base.ends_with('/')) base.remove_suffix(1);
    return fmt::format("{}{}", base, path);
}

std::string percent_encode(std::string_view text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

std::vector<std::string> credentials_in(const config::SourcesSettings& s) {
    std::vector<std::string> all;
    const auto add = [&all](const std::optional<std::string>& secret) {
        if (!secret || secret->empty()) return;
        all.push_back(*secret);
        all.push_back(percent_encode(*secret));
    };
    add(s.jira.api_token);
    if (s.jira.email && s.jira.api_token) add(crypto::base64_encode(*s.jira.email + ":" + *s.jira.api_token));
    add(s.asana.token);
    add(s.trello.api_key);
    add(s.trello.token);
    add(s.github.token);
    add(s.sheets.api_key);
    for (const auto& [name, url] : s.urls) {
        for (const auto& [header, value] : url.headers) {
            add(value);
            // "Bearer abc": a server that echoes the token echoes it without the scheme.
            if (const auto space = value.rfind(' '); space != std::string::npos) add(value.substr(space + 1));
        }
        // A query may hold a key: every parameter's value long enough to be one ("json" is not).
        if (const auto query = url.url.find('?'); query != std::string::npos) {
            for (auto at = url.url.find('=', query); at != std::string::npos; at = url.url.find('=', at + 1)) {
                auto value = url.url.substr(at + 1, url.url.find_first_of("&#", at + 1) - at - 1);
                if (value.size() >= 8) add(value);
            }
        }
    }
    return all;
}

Reading without_secrets(Reading reading, const Platform& p) {
    reading.error = redacted(std::move(reading.error), p.secrets);
    return reading;
}

}  // namespace goalpost::bot::sources
