#include "storage/cadence.hpp"

#include <fmt/format.h>

#include "storage/checkin_weeks.hpp"
#include "storage/outbox.hpp"
#include "storage/rows.hpp"
#include "storage/sql/connections.hpp"

namespace goalpost::storage {

namespace {

using core::RowId;
using core::Time;

// After team_fields (columns 0-5): the settings, read by settings_from.
constexpr std::string_view settings_fields =
    "t.stakeholder_channel, t.reminder, t.digest, t.summary, t.teams_webhook_url != ''";
constexpr int settings_first = 6;

core::TeamSettings settings_from(Statement& s) {
    constexpr int first = settings_first;
    core::TeamSettings out;
    out.channel = s.text(2);
    out.cadence.timezone = s.text(3);
    out.stakeholder_channel = s.text(first);
    if (auto r = core::parse_weekly(s.text(first + 1))) out.cadence.reminder = *r;
    if (auto d = core::parse_weekly(s.text(first + 2))) out.cadence.digest = *d;
    if (auto m = core::parse_monthly(s.text(first + 3))) out.cadence.summary = *m;
    out.has_teams_webhook = s.integer(first + 4) != 0;
    return out;
}

std::string team_settings_sql(std::string_view extra, std::string_view rest) {
    return fmt::format("SELECT {}, {}{} FROM teams t JOIN workspaces w ON w.id = t.workspace_id {}", team_fields,
                       settings_fields, extra, rest);
}

}  // namespace

std::optional<core::TeamSettings> CadenceStore::settings_of(const core::WorkspaceKey& ws, RowId team_id) {
    return connections_.read([&](Database& db) {
        static const std::string sql = team_settings_sql("", "WHERE w.key = ? AND t.id = ?");
        return first_row(query(db, sql, ws, team_id), settings_from);
    });
}

void CadenceStore::update_settings(const core::WorkspaceKey& ws, RowId team_id, const core::TeamSettingsChange& c) {
    connections_.write([&](Database& db) {
        Transaction tx(db);
        auto ws_id = find_workspace_id(db, ws);
        if (!ws_id || !exists(query(db, "SELECT 1 FROM teams WHERE id = ? AND workspace_id = ?", team_id, *ws_id))) {
            throw StorageError("update_settings: team not in workspace");
        }
        auto set = [&](const char* column, const std::optional<std::string>& value) {
            if (!value) return;
            std::string sql = std::string("UPDATE teams SET ") + column + " = ? WHERE id = ?";
            query(db, sql, *value, team_id).run();
        };
        set("channel", c.channel);
        set("stakeholder_channel", c.stakeholder_channel);
        if (c.timezone) {
            const bool changed = query(db, "UPDATE teams SET timezone = ? WHERE id = ? AND timezone IS DISTINCT FROM ?",
                                       *c.timezone, team_id, *c.timezone)
                                     .run() > 0;
            // Its check-in weeks are local weeks: counted again in the new zone, in this transaction.
            if (changed && keeps_weeks_) rebuild_checkin_weeks(db, team_id);
        }
        if (c.reminder) set("reminder", core::format_weekly(*c.reminder));
        if (c.digest) set("digest", core::format_weekly(*c.digest));
        if (c.summary) set("summary", core::format_monthly(*c.summary));
        set("teams_webhook_url", c.teams_webhook_url);
        tx.commit();
    });
}

std::vector<core::Checkin> CadenceStore::checkins_of_team(const core::WorkspaceKey& ws, RowId team_id, Time from,
                                                         Time to) {
    return connections_.read([&](Database& db) {
        // Only the columns checkins_by_kr_time_value holds (no confidence, no note), so that
        // a month of a team's check-ins never reads the table.
        static const std::string sql = select_sql("c.id, c.kr_id, c.user_id, c.value, NULL, '', c.created_at",
                                                  "checkins c",
                                                  "JOIN key_results k ON k.id = c.kr_id "
                                                  "JOIN objectives o ON o.id = k.objective_id "
                                                  "JOIN workspaces w ON w.id = o.workspace_id "
                                                  "WHERE w.key = ? AND o.team_id = ? AND o.archived = 0 "
                                                  "AND c.created_at >= ? AND c.created_at < ? "
                                                  "ORDER BY c.created_at, c.id");
        return all_rows(query(db, sql, ws, team_id, to_unix(from), to_unix(to)), read_checkin);
    });
}

std::optional<double> CadenceStore::value_before(const core::WorkspaceKey& ws, RowId kr_id, Time t) {
    return connections_.read([&](Database& db) -> std::optional<double> {
        auto ws_id = find_workspace_id(db, ws);
        if (!ws_id) return std::nullopt;
        return first_row(query(db,
                               "SELECT value FROM checkins WHERE kr_id = ? AND workspace_id = ? AND created_at < ? "
                               "ORDER BY created_at DESC, id DESC LIMIT 1",
                               kr_id, *ws_id, to_unix(t)),
                         [](Statement& s) { return s.real(0); });
    });
}

namespace {

// Over the KRs of the team's objectives that are not archived (k, o, w), with ?1 the
// workspace key and ?2 the team: "SELECT <select> FROM ... <join> WHERE ... <tail>".
std::string team_krs_sql(std::string_view select, std::string_view join, std::string_view tail) {
    return fmt::format(
        "SELECT {} FROM key_results k JOIN objectives o ON o.id = k.objective_id "
        "JOIN workspaces w ON w.id = o.workspace_id {} WHERE w.key = ?1 AND o.team_id = ?2 AND o.archived = 0 {}",
        select, join, tail);
}

}  // namespace

std::map<RowId, double> CadenceStore::values_before(const core::WorkspaceKey& ws, RowId team_id, Time t) {
    return connections_.read([&](Database& db) {
        // One seek per KR into checkins_by_kr_time_value, which covers the value; a KR without
        // a check-in before t reads NULL and is left out.
        static const std::string sql = team_krs_sql(
            "k.id, (SELECT c.value FROM checkins c WHERE c.kr_id = k.id AND c.created_at < ?3 "
            "ORDER BY c.created_at DESC, c.id DESC LIMIT 1)",
            "", "");
        std::map<RowId, double> out;
        auto& statement = query(db, sql, ws, team_id, to_unix(t));
        ResetOnExit reset(statement);
        while (statement.step()) {
            if (!statement.is_null(1)) out.emplace(statement.int64(0), statement.real(1));
        }
        return out;
    });
}

std::map<RowId, std::vector<core::Checkin>> CadenceStore::recent_checkins_of_team(const core::WorkspaceKey& ws,
                                                                                  RowId team_id, int per_kr) {
    return connections_.read([&](Database& db) {
        // Each KR's newest rows from checkins_by_kr_time_value alone (no note, which reports do
        // not show): the `per_kr`-th newest instant, then the range from it. Never the KR's
        // whole history, never the table. Rows sharing that instant may make a few more.
        static const std::string sql = team_krs_sql(
            "c.id, c.kr_id, c.user_id, c.value, c.confidence, '', c.created_at",
            "JOIN checkins c ON c.kr_id = k.id AND c.created_at >= COALESCE((SELECT l.created_at FROM checkins l "
            "WHERE l.kr_id = k.id ORDER BY l.created_at DESC, l.id DESC LIMIT 1 OFFSET ?3 - 1), -9223372036854775807)",
            "ORDER BY k.id, c.created_at DESC, c.id DESC");
        std::map<RowId, std::vector<core::Checkin>> out;
        for (auto& c : all_rows(query(db, sql, ws, team_id, per_kr), read_checkin)) out[c.kr_id].push_back(std::move(c));
        return out;
    });
}

std::vector<ScheduledTeam> CadenceStore::all_teams() {
    return connections_.read([&](Database& db) {
        static const std::string sql = team_settings_sql(", w.key", "ORDER BY t.id");
        return all_rows(query(db, sql), [](Statement& s) {
            return ScheduledTeam{s.text(settings_first + 5), read_team(s), settings_from(s)};
        });
    });
}

bool CadenceStore::has_run(RowId team_id, const std::string& kind, const std::string& period) {
    return connections_.read([&](Database& db) {
        return exists(query(db, "SELECT 1 FROM schedule_runs WHERE team_id = ? AND kind = ? AND period = ?", team_id,
                            kind, period));
    });
}

bool CadenceStore::record_run(const core::WorkspaceKey& ws, RowId team_id, const std::string& kind,
                              const std::string& period, Time due, const std::string& outcome,
                              const std::vector<NewOutboxItem>& messages, Time now) {
    return connections_.write([&](Database& db) {
        Transaction tx(db);
        auto ws_id = ensure_workspace_id(db, ws);
        int inserted = query(db,
                             "INSERT INTO schedule_runs(workspace_id, team_id, kind, period, due_at, fired_at, outcome) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(team_id, kind, period) DO NOTHING",
                             ws_id, team_id, kind, period, to_unix(due), to_unix(now), outcome)
                           .run();
        if (inserted == 0) return false;  // already ran: the transaction rolls back, nothing is sent twice
        insert_outbox(db, ws, messages, now);
        tx.commit();
        return true;
    });
}

}  // namespace goalpost::storage
