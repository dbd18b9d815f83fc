#include "bot/dashboard/pages.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "core/message.hpp"
#include "core/numbers.hpp"
#include "core/okr/scoring.hpp"
#include "core/time.hpp"

namespace goalpost::bot::dashboard {
namespace {

std::string h(std::string_view s) { return html_escape(s); }

// The grade colour of a progress, as chat's dots: green from 0.7, yellow from 0.4, red below.
const char* grade_class(double progress) { return core::grade_name(core::grade_of(progress)); }

// A progress bar with its number, as a small SVG (the number is also in the text beside it).
std::string bar(double progress) {
    const double p = std::clamp(progress, 0.0, 1.0);
    const std::string pct = core::percent(progress);
    return fmt::format(
        R"(<svg class="bar" viewBox="0 0 100 8" width="120" height="10" role="img" aria-label="{0}"><title>{0} done</title>)"
        R"(<rect class="track" width="100" height="8" rx="2"/><rect class="fill {1}" width="{2:.1f}" height="8" rx="2"/></svg>)"
        R"( <span class="pct">{0}</span>)",
        pct, grade_class(progress), p * 100);
}

std::string page(std::string_view title, std::string_view body, bool whole_tree_allowed) {
    return fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"color-scheme\" content=\"light dark\">"
        "<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/d/style.css\">"
        "<title>{} · goalpost</title></head>\n<body><header><nav aria-label=\"goalpost\"><span class=\"brand\">goalpost</span>{}"
        "</nav></header>\n<main>\n{}\n</main></body></html>\n",
        h(title), whole_tree_allowed ? R"( <a href="/d/">Alignment tree</a>)" : "", body);
}

std::string team_link(const std::string& team) {
    return fmt::format(R"(<a href="/d/team/{}">{}</a>)", h(path_segment(team)), h(team));
}

// "2027-01-08 09:30 UTC"
std::string when(core::Time t) { return core::iso_minute(t); }

// Who did it, as a page shows it: "@U024BE7LH", "via API: deploy-bot", "goalpost (source: jira)".
std::string who(const std::string& user_id) {
    std::string m = core::mention(user_id);
    if (m.starts_with("<@") && m.ends_with(">")) m = "@" + m.substr(2, m.size() - 3);
    return m;
}

}  // namespace

std::string path_segment(std::string_view name) {
    std::string out;
    for (unsigned char c : name) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else out += fmt::format("%{:02X}", c);
    }
    return out;
}

std::optional<std::string> from_path_segment(std::string_view s) {
    std::string out;
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string tree_page(const core::TreeView& view, bool whole_tree_allowed) {
    std::string body = fmt::format("<h1>Alignment · {}</h1>\n", h(view.cycle));
    body += R"(<p class="legend">A parent's progress is the mean of its own key results and its aligned objectives.)";
    if (view.unaligned) body += fmt::format(" {} unaligned: no parent objective although the team has a parent team.", view.unaligned);
    body += "</p>\n";
    if (view.rows.empty()) body += fmt::format("<p>No objectives in {} yet.</p>\n", h(view.cycle));
    body += "<ul class=\"tree\">\n";
    for (const auto& row : view.rows) {
        body += fmt::format(
            R"(<li class="depth-{}"><span class="ref">O-{}</span> <span class="title">{}</span> · {} {}{}</li>)",
            std::min(row.depth, 8), row.objective.number, h(row.objective.title),
            row.team == "no team" ? std::string("no team") : team_link(row.team), bar(row.progress),
            row.unaligned ? R"( <span class="flag">unaligned</span>)" : "");
        body += "\n";
    }
    body += "</ul>\n";
    return page(fmt::format("Alignment {}", view.cycle), body, whole_tree_allowed);
}

namespace {

// Each objective with its key results' table; the at-risk lines into `at_risk`. `links`: the
// KRs link to their pages (not on the stakeholder view, which has no session).
std::string objectives_html(const std::vector<core::ObjectiveRead>& objectives, const std::string& cycle,
                            std::vector<std::string>& at_risk, bool links) {
    std::string body;
    auto kr_name = [links](int n) {
        return links ? fmt::format(R"(<a href="/d/kr/KR-{0}">KR-{0}</a>)", n) : fmt::format("KR-{}", n);
    };
    if (objectives.empty()) body += fmt::format("<p>No objectives in {} yet.</p>\n", h(cycle));
    for (const auto& o : objectives) {
        body += fmt::format("<section><h2><span class=\"ref\">O-{}</span> {}</h2>\n<p>{}{}</p>\n",
                            o.objective.number, h(o.objective.title), bar(o.progress),
                            o.objective.visibility == core::Visibility::internal ? R"( <span class="flag">internal</span>)"
                                                                                  : "");
        body += "<table><thead><tr><th scope=\"col\">Key result</th><th scope=\"col\">Now</th>"
                "<th scope=\"col\">Progress</th><th scope=\"col\">Confidence</th></tr></thead><tbody>\n";
        for (const auto& k : o.key_results) {
            const auto& kr = k.kr;
            std::string confidence = "—";
            if (kr.last_confidence) {
                confidence = fmt::format("{}/10, {}", *kr.last_confidence, core::confidence_label(*kr.last_confidence));
                if (*kr.last_confidence <= 6) {
                    at_risk.push_back(fmt::format("<li>{} {}: {}</li>", kr_name(kr.number), h(kr.title), h(confidence)));
                }
            }
            body += fmt::format("<tr><td>{} {}</td><td>{} of {}</td><td>{}</td><td>{}</td></tr>\n", kr_name(kr.number),
                                h(kr.title), h(core::format_value(kr.current, kr.unit)),
                                h(core::format_value(kr.target, kr.unit)), bar(k.progress), h(confidence));
        }
        body += "</tbody></table></section>\n";
    }
    return body;
}

}  // namespace

std::string team_page(const TeamPage& p, bool whole_tree_allowed) {
    std::string body = fmt::format("<h1>{} · {}</h1>\n", h(p.team.name), h(p.cycle));
    std::vector<std::string> at_risk;
    body += objectives_html(p.objectives, p.cycle, at_risk, true);
    body += "<section><h2>At risk</h2>\n";
    if (at_risk.empty()) {
        body += "<p>No key result's latest confidence is at risk or off track.</p>\n";
    } else {
        body += "<ul>\n";
        for (const auto& line : at_risk) body += line + "\n";
        body += "</ul>\n";
    }
    body += "</section>\n<section><h2>Wins</h2>\n";
    if (p.wins.empty()) body += fmt::format("<p>No wins logged in {} yet.</p>\n", h(p.cycle));
    else {
        body += "<ul>\n";
        for (const auto& w : p.wins) {
            body += fmt::format("<li>{} <span class=\"when\">{}</span>{}</li>\n", h(w.title), core::iso_date(w.at),
                                w.kr_number ? fmt::format(R"( · <a href="/d/kr/KR-{0}">KR-{0}</a>)", *w.kr_number) : "");
        }
        body += "</ul>\n";
    }
    body += "</section>\n";
    return page(p.team.name, body, whole_tree_allowed);
}

std::string burn_up_svg(const KrPage& p) {
    constexpr double w = 640, hgt = 300, left = 56, right = 16, top = 16, bottom = 36;
    const auto& kr = p.kr;
    // The time axis: the objective's cycle, else from the KR's creation to now.
    core::Time from = p.span ? p.span->start : kr.created_at;
    core::Time to = p.span ? p.span->end : std::max(p.now, kr.created_at + std::chrono::hours(24));
    if (to <= from) to = from + std::chrono::hours(24);
    std::vector<core::Checkin> points(p.checkins.rbegin(), p.checkins.rend());  // oldest first
    double lo = std::min(kr.start, kr.target), hi = std::max(kr.start, kr.target);
    for (const auto& c : points) {
        lo = std::min(lo, c.value);
        hi = std::max(hi, c.value);
    }
    if (hi - lo < 1e-9) hi = lo + 1;
    const double span_s = static_cast<double>((to - from).count());
    auto x = [&](core::Time t) {
        const double f = std::clamp(static_cast<double>((t - from).count()) / span_s, 0.0, 1.0);
        return left + f * (w - left - right);
    };
    auto y = [&](double v) { return top + (1 - (v - lo) / (hi - lo)) * (hgt - top - bottom); };
    std::string svg = fmt::format(
        R"(<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="chart-title chart-desc">)", w, hgt);
    std::string desc = fmt::format("From {} toward {} between {} and {}.", core::format_value(kr.start, kr.unit),
                                   core::format_value(kr.target, kr.unit), core::iso_date(from), core::iso_date(to));
    for (const auto& c : points) desc += fmt::format(" {}: {}.", core::iso_date(c.at), core::format_value(c.value, kr.unit));
    svg += fmt::format(R"(<title id="chart-title">Burn-up of KR-{}: {} against its expected pace</title>)", kr.number,
                       h(kr.title));
    svg += fmt::format(R"(<desc id="chart-desc">{}</desc>)", h(desc));
    // Axes and their labels.
    svg += fmt::format(R"(<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/><line class="axis" x1="{0}" y1="{2}" x2="{3}" y2="{2}"/>)",
                       left, top, hgt - bottom, w - right);
    svg += fmt::format(R"(<text class="label" x="{}" y="{:.1f}" text-anchor="end">{}</text>)", left - 6, y(hi) + 4,
                       h(core::format_value(hi, kr.unit)));
    svg += fmt::format(R"(<text class="label" x="{}" y="{:.1f}" text-anchor="end">{}</text>)", left - 6, y(lo) + 4,
                       h(core::format_value(lo, kr.unit)));
    svg += fmt::format(R"(<text class="label" x="{}" y="{}">{}</text>)", left, hgt - 12, core::iso_date(from));
    svg += fmt::format(R"(<text class="label" x="{}" y="{}" text-anchor="end">{}</text>)", w - right, hgt - 12,
                       core::iso_date(to));
    // The pace it should keep: start at the beginning, target at the end.
    svg += fmt::format(R"(<line class="pace" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"><title>Expected pace</title></line>)",
                       x(from), y(kr.start), x(to), y(kr.target));
    // Check-ins as steps.
    std::string path = fmt::format("M{:.1f},{:.1f}", x(from), y(kr.start));
    double last = kr.start;
    for (const auto& c : points) {
        path += fmt::format(" H{:.1f} V{:.1f}", x(c.at), y(c.value));
        last = c.value;
    }
    path += fmt::format(" H{:.1f}", x(std::min(p.now, to)));
    (void)last;
    svg += fmt::format(R"(<path class="actual" d="{}"><title>Check-ins</title></path>)", path);
    for (const auto& c : points) {
        const char* conf = !c.confidence ? "none" : *c.confidence >= 7 ? "on" : *c.confidence >= 4 ? "risk" : "off";
        svg += fmt::format(R"(<circle class="conf-{}" cx="{:.1f}" cy="{:.1f}" r="4"><title>{}: {}{}</title></circle>)", conf,
                           x(c.at), y(c.value), core::iso_date(c.at), h(core::format_value(c.value, kr.unit)),
                           c.confidence ? fmt::format(", confidence {}/10", *c.confidence) : "");
    }
    if (p.now >= from && p.now <= to) {
        svg += fmt::format(R"(<line class="today" x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}"><title>Today</title></line>)",
                           x(p.now), top, hgt - bottom);
    }
    svg += "</svg>";
    return svg;
}

std::string kr_page(const KrPage& p, bool whole_tree_allowed) {
    const auto& kr = p.kr;
    std::string body = fmt::format("<h1><span class=\"ref\">KR-{}</span> {}</h1>\n", kr.number, h(kr.title));
    body += fmt::format("<p>For <span class=\"ref\">O-{}</span> {} · {} · {} of {} {}</p>\n", p.objective.number,
                        h(p.objective.title), team_link(p.team), h(core::format_value(kr.current, kr.unit)),
                        h(core::format_value(kr.target, kr.unit)), bar(core::progress(kr)));
    body += "<figure>" + burn_up_svg(p) +
            "<figcaption>Steps: check-ins. Dashed: the expected pace from start to target. Dots: confidence "
            "(green on track, yellow at risk, red off track).</figcaption></figure>\n";
    body += "<h2>Check-ins</h2>\n";
    if (p.checkins.empty()) body += "<p>No check-ins yet.</p>\n";
    else {
        body += "<table><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Value</th>"
                "<th scope=\"col\">Confidence</th><th scope=\"col\">By</th><th scope=\"col\">Note</th></tr></thead><tbody>\n";
        for (const auto& c : p.checkins) {
            body += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", when(c.at),
                                h(core::format_value(c.value, kr.unit)),
                                c.confidence ? fmt::format("{}/10", *c.confidence) : "—", h(who(c.user_id)),
                                h(c.note));
        }
        body += "</tbody></table>\n";
    }
    body += "<h2>Edit history</h2>\n";
    if (p.history.empty()) body += "<p>Never edited.</p>\n";
    else {
        body += "<ul>\n";
        for (const auto& e : p.history) {
            body += fmt::format("<li>{} · {} · {}: {} → {}</li>\n", when(e.at), h(who(e.user_id)),
                                h(e.change.field), h(e.change.old_value), h(e.change.new_value));
        }
        body += "</ul>\n";
    }
    return page(fmt::format("KR-{} {}", kr.number, kr.title), body, whole_tree_allowed);
}

std::string summary_page(const std::vector<TeamPage>& teams) {
    if (teams.empty()) return message_page("Nothing to show", "This summary's team no longer exists.");
    std::string body = fmt::format("<h1>{} and the teams under it · {}</h1>\n", h(teams.front().team.name),
                                   h(teams.front().cycle));
    body += "<p class=\"legend\">The public objectives, as of now; the link works until the next monthly summary.</p>\n";
    std::vector<std::string> at_risk;
    for (const auto& t : teams) {
        body += fmt::format("<h2 class=\"team\">{}</h2>\n", h(t.team.name));
        body += objectives_html(t.objectives, t.cycle, at_risk, false);
    }
    return page(fmt::format("{} summary", teams.front().team.name), body, false);
}

std::string message_page(std::string_view title, std::string_view text) {
    return page(title, fmt::format("<h1>{}</h1>\n<p>{}</p>\n", h(title), h(text)), false);
}

const std::string& stylesheet() {
    static const std::string css = R"css(:root { color-scheme: light dark; --bg: #fff; --fg: #1d1d1f; --muted: #6b6b70;
  --line: #d8d8de; --track: #ececf0; --green: #1a7f37; --yellow: #b58100; --red: #c62828; --accent: #3451b2; }
@media (prefers-color-scheme: dark) { :root { --bg: #141417; --fg: #ececf0; --muted: #a0a0a8; --line: #3a3a40;
  --track: #2a2a30; --green: #3fb950; --yellow: #d9a400; --red: #f06a6a; --accent: #8ea2ff; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
header { border-bottom: 1px solid var(--line); padding: .5rem 1rem; }
nav a { margin-left: 1rem; }
.brand { font-weight: 700; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
a { color: var(--accent); }
a:focus, a:hover { outline: 2px solid var(--accent); outline-offset: 2px; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.ref { font-family: ui-monospace, monospace; color: var(--muted); }
.legend, .when, figcaption { color: var(--muted); font-size: .9rem; }
.flag { border: 1px solid var(--yellow); color: var(--yellow); border-radius: 4px; padding: 0 .3rem; font-size: .8rem; }
.tree { list-style: none; padding: 0; }
.tree li { padding: .3rem 0; border-bottom: 1px solid var(--line); }
.depth-1 { padding-left: 1.5rem !important; } .depth-2 { padding-left: 3rem !important; }
.depth-3 { padding-left: 4.5rem !important; } .depth-4, .depth-5, .depth-6, .depth-7, .depth-8 { padding-left: 6rem !important; }
.bar { vertical-align: middle; } .bar .track { fill: var(--track); }
.fill.green, .conf-on { fill: var(--green); } .fill.yellow, .conf-risk { fill: var(--yellow); }
.fill.red, .conf-off { fill: var(--red); } .conf-none { fill: var(--muted); }
.pct { font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.chart { width: 100%; height: auto; max-width: 640px; }
.chart .axis { stroke: var(--muted); } .chart .label { fill: var(--muted); font-size: 11px; }
.chart .pace { stroke: var(--muted); stroke-dasharray: 6 4; }
.chart .actual { fill: none; stroke: var(--accent); stroke-width: 2.5; }
.chart .today { stroke: var(--red); stroke-dasharray: 2 3; }
@media (max-width: 40rem) { th:nth-child(4), td:nth-child(4) { display: none; } main { padding: .5rem; } }
@media print { body { background: #fff; color: #000; } header nav a { display: none; } a { color: #000; text-decoration: none; }
  @page { size: A4; margin: 15mm; } section, figure { break-inside: avoid; } }
)css";
    return css;
}

}  // namespace goalpost::bot::dashboard
