#include "core/numbers.hpp"

#include <cmath>
#include <cstdlib>
#include <fmt/format.h>

namespace goalpost::core {
namespace {

constexpr std::string_view currency_signs[] = {"$", "€", "£", "¥"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Accepts digits with optional thousands separators in groups of three.
bool valid_integer_part(std::string_view digits) {
    if (digits.empty()) return false;
    if (digits.find(',') == std::string_view::npos) {
        for (char c : digits) if (!is_digit(c)) return false;
        return true;
    }
    size_t group = 0;
    bool first = true;
    size_t count = 0;
    for (char c : digits) {
        if (c == ',') {
            if (count == 0 || count > 3 || (!first && count != 3)) return false;
            first = false;
            count = 0;
            ++group;
        } else if (is_digit(c)) {
            ++count;
        } else {
            return false;
        }
    }
    return count == 3;
}

}  // namespace

std::optional<ParsedNumber> parse_number(std::string_view text) {
    ParsedNumber out;
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    for (auto sign : currency_signs) {
        if (text.starts_with(sign)) {
            out.unit = std::string(sign);
            text.remove_prefix(sign.size());
            break;
        }
    }
    if (!negative && !text.empty() && text.front() == '-') {  // "$-3"
        negative = true;
        text.remove_prefix(1);
    }
    if (text.ends_with("%")) {
        if (!out.unit.empty()) return std::nullopt;
        out.unit = "%";
        text.remove_suffix(1);
    }
    auto dot = text.find('.');
    std::string_view int_part = text.substr(0, dot);
    std::string_view frac_part = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    if (int_part.empty() && !frac_part.empty()) int_part = "0";
    if (!valid_integer_part(int_part)) return std::nullopt;
    if (dot != std::string_view::npos) {
        if (frac_part.empty()) return std::nullopt;
        for (char c : frac_part) if (!is_digit(c)) return std::nullopt;
    }
    std::string plain;
    for (char c : int_part) if (c != ',') plain += c;
    if (!frac_part.empty()) { plain += '.'; plain += frac_part; }
    if (plain.size() > 30) return std::nullopt;
    out.value = std::strtod(plain.c_str(), nullptr);
    if (!std::isfinite(out.value)) return std::nullopt;
    if (negative) out.value = -out.value;
    return out;
}

std::string format_number(double value) {
    if (!std::isfinite(value)) return "?";
    if (std::fabs(value) >= 1e15) return fmt::format("{:.6g}", value);  // past exact long long cents
    double rounded = std::round(value * 100.0) / 100.0;
    bool negative = rounded < 0;
    double magnitude = std::fabs(rounded);
    auto whole = static_cast<long long>(magnitude);
    double frac = magnitude - static_cast<double>(whole);
    std::string digits = std::to_string(whole);
    std::string grouped;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    if (frac > 0.0049) {
        std::string f = fmt::format("{:.2f}", frac);  // "0.50"
        f = f.substr(1);
        while (!f.empty() && f.back() == '0') f.pop_back();
        grouped += f;
    }
    return (negative && (whole != 0 || frac > 0.0049) ? "-" : "") + grouped;
}

std::string format_value(double value, const std::string& unit) {
    if (unit.empty()) return format_number(value);
    if (unit == "%") return format_number(value) + "%";
    for (auto sign : currency_signs) {
        if (unit == sign) {
            return value < 0 ? "-" + unit + format_number(-value) : unit + format_number(value);
        }
    }
    return format_number(value) + " " + unit;
}

}  // namespace goalpost::core
