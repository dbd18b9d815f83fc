#include "core/commands/format.hpp"

#include <fmt/format.h>

#include "core/numbers.hpp"
#include "core/okr/playbook_view.hpp"
#include "core/okr/scoring.hpp"
#include "core/text.hpp"

namespace goalpost::core {

std::string channel_text(const std::string& channel) {
    if (channel.empty()) return "no channel";
    if (channel.starts_with("#")) return escape_text(channel);
    return fmt::format("<#{}>", channel);
}

std::string kr_ref(const KeyResult& kr) { return fmt::format("KR-{}", kr.number); }
std::string obj_ref(const Objective& o) { return fmt::format("O-{}", o.number); }

std::string value_text(const KeyResult& kr, double v) {
    if (kr.binary) return v >= 1.0 ? "done" : "not done";
    return format_value(v, kr.unit);
}

std::string kr_line(const KeyResult& kr) {
    std::string line = fmt::format("*{}* {}\n{}  ", kr_ref(kr), escape_text(kr.title), progress_bar(progress(kr)));
    if (kr.binary) {
        line += kr.current >= 1.0 ? "done" : "not done yet";
    } else {
        line += fmt::format("{} of {} (from {})", value_text(kr, kr.current), value_text(kr, kr.target),
                            value_text(kr, kr.start));
    }
    line += fmt::format(" · {}", mention(kr.owner));
    if (kr.last_confidence) line += fmt::format(" · confidence {}/10", *kr.last_confidence);
    return line;
}

std::string visibility_text(Visibility v) { return v == Visibility::public_ ? "public" : "internal"; }
std::string kind_text(ObjectiveKind k) { return k == ObjectiveKind::committed ? "committed" : "aspirational"; }

std::string kr_count_hint(const Objective& o, std::size_t count) {
    if (count < min_krs) {
        return fmt::format("{} has {} key result{}; 3 to 5 measurable ones describe it well.", obj_ref(o), count,
                           count == 1 ? "" : "s");
    }
    if (count > max_krs) return fmt::format("{} has {} key results; 3 to 5 keep it focused.", obj_ref(o), count);
    return {};
}

void add_sections(Message& m, const std::vector<std::string>& lines, std::string first, std::size_t max_blocks) {
    std::string text = std::move(first);
    std::size_t in_section = 0;
    for (const auto& line : lines) {
        if (in_section == 10) {
            m.section(text);
            text.clear();
            in_section = 0;
            if (m.blocks.size() >= max_blocks) break;
        }
        text += (text.empty() ? "" : "\n") + line;
        ++in_section;
    }
    if (!text.empty()) m.section(text);
}

}  // namespace goalpost::core
