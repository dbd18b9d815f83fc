#pragma once
// An export document with one row of every kind and the awkward text export must survive
// (commas, quotes, line breaks, a formula, non-Latin text), for the transfer and storage tests.
#include "tests/support/clock.hpp"
#include "transfer/document.hpp"

namespace goalpost::testing {

inline transfer::Workspace a_transfer_workspace(const core::WorkspaceKey& key = "slack:T1") {
    using namespace transfer;
    Workspace ws;
    ws.key = key;
    ws.cycles = {Cycle{"FY27-H1", "2027-01-01", "2027-06-30", "U1", utc(2026, 9, 20)}};
    Team company{.name = "company", .channel = "C0", .created_by = "U1", .created_at = utc(2026, 10, 1)};
    company.members = {Member{"U1", true, utc(2026, 10, 1)}};
    Team growth{.name = "growth", .parent = "company", .channel = "C2", .timezone = "Europe/Berlin",
                .reminder = "tue 10:30", .digest = "off", .stakeholder_channel = "C-stake", .created_by = "U1",
                .created_at = utc(2026, 10, 2)};
    growth.members = {Member{"U2", false, utc(2026, 10, 2)}, Member{"U3", false, utc(2026, 10, 2)}};
    ws.teams = {company, growth};
    ws.objectives = {
        Objective{.number = 1, .title = "Win the market", .team = "company", .cycle = "2027-Q1",
                  .commitment = "committed", .created_by = "U1", .created_at = utc(2026, 12, 1)},
        Objective{.number = 2, .title = "Grow, \"fast\"", .team = "growth", .parent = 1, .cycle = "FY27-H1",
                  .visibility = "internal", .archived = true, .grade = 0.35, .graded_by = "U4",
                  .graded_at = utc(2027, 6, 30, 12), .created_by = "U2", .created_at = utc(2026, 12, 2)}};
    ws.key_results = {
        KeyResult{.number = 1, .objective = 2, .title = "Qualified leads", .target = 1200, .current = 612.5,
                  .unit = "leads", .due = "2027-03-31", .owner = "U2", .created_at = utc(2026, 12, 2)},
        KeyResult{.number = 2, .objective = 1, .title = "Launch v2", .binary = true, .target = 1, .owner = "U1",
                  .carried_from = 1, .created_at = utc(2026, 12, 1)}};
    ws.checkins = {Checkin{1, "U2", 300, 7, "Hi, \"there\"\nsecond line", utc(2027, 1, 8, 9)},
                   Checkin{1, "U2", 612.5, 6, "日本語のメモ", utc(2027, 1, 15, 9)},
                   Checkin{2, "U3", -3, std::nullopt, "=HYPERLINK(\"http://evil\",\"x\")", utc(2027, 1, 16)}};
    ws.wins = {Win{"growth", 1, "First 300 leads, yay", "U2", utc(2027, 1, 9)},
               Win{"company", {}, "Offsite", "U1", utc(2027, 1, 10)}};
    ws.grade_overrides = {GradeOverride{1, 0.4, "partly there", "U4", utc(2027, 6, 30)}};
    ws.retros = {Retro{2, "U4", "We learned: smaller bets", utc(2027, 7, 1)}};
    ws.edits = {Edit{false, 1, "target", "1000", "1200", "bigger market", "U2", utc(2027, 1, 5)}};
    return ws;
}

}  // namespace goalpost::testing
