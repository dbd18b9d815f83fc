#include "storage/cadence_store.hpp"

#include "storage/query.hpp"
#include "storage/sqlite_store.hpp"

namespace goalpost::storage {
namespace {

using core::RowId;
using core::Time;

constexpr std::string_view team_columns =
    "t.id, t.name, t.channel, t.timezone, t.parent_team_id, t.created_at, t.stakeholder_channel, "
    "t.reminder, t.digest, t.summary, t.teams_webhook_url != ''";

core::TeamSettings settings_from(Statement& s, int first) {
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

core::Team team_from(Statement& s) {
    core::Team t;
    t.id = s.int64(0);
    t.name = s.text(1);
    t.channel = s.text(2);
    t.timezone = s.text(3);
    t.parent_team_id = s.optional_int64(4);
    t.created_at = from_unix(s.int64(5));
    return t;
}

}  // namespace

std::optional<core::TeamSettings> CadenceStore::settings_of(const core::WorkspaceKey& ws, RowId team_id) {
    return store_.with_connection([&](Database& db) {
        std::string sql = std::string("SELECT ") + std::string(team_columns) +
                          " FROM teams t JOIN workspaces w ON w.id = t.workspace_id WHERE w.key = ? AND t.id = ?";
        return first_row(query(db, sql, ws, team_id), [](Statement& s) { return settings_from(s, 6); });
    });
}

void CadenceStore::update_settings(const core::WorkspaceKey& ws, RowId team_id, const core::TeamSettingsChange& c) {
    store_.with_connection([&](Database& db) {
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
        set("timezone", c.timezone);
        if (c.reminder) set("reminder", core::format_weekly(*c.reminder));
        if (c.digest) set("digest", core::format_weekly(*c.digest));
        if (c.summary) set("summary", core::format_monthly(*c.summary));
        set("teams_webhook_url", c.teams_webhook_url);
        tx.commit();
    });
}

std::vector<core::Checkin> CadenceStore::checkins_of_team(const core::WorkspaceKey& ws, RowId team_id, Time from,
                                                         Time to) {
    return store_.with_connection([&](Database& db) {
        return all_rows(query(db,
                              "SELECT c.id, c.kr_id, c.user_id, c.value, c.confidence, c.note, c.created_at "
                              "FROM checkins c JOIN key_results k ON k.id = c.kr_id "
                              "JOIN objectives o ON o.id = k.objective_id "
                              "JOIN workspaces w ON w.id = c.workspace_id "
                              "WHERE w.key = ? AND o.team_id = ? AND o.archived = 0 "
                              "AND c.created_at >= ? AND c.created_at < ? ORDER BY c.created_at, c.id",
                              ws, team_id, to_unix(from), to_unix(to)),
                        [](Statement& s) {
                            core::Checkin c;
                            c.id = s.int64(0);
                            c.kr_id = s.int64(1);
                            c.user_id = s.text(2);
                            c.value = s.real(3);
                            c.confidence = s.optional_integer(4);
                            c.note = s.text(5);
                            c.at = from_unix(s.int64(6));
                            return c;
                        });
    });
}

std::optional<double> CadenceStore::value_before(const core::WorkspaceKey& ws, RowId kr_id, Time t) {
    return store_.with_connection([&](Database& db) -> std::optional<double> {
        auto ws_id = find_workspace_id(db, ws);
        if (!ws_id) return std::nullopt;
        return first_row(query(db,
                               "SELECT value FROM checkins WHERE kr_id = ? AND workspace_id = ? AND created_at < ? "
                               "ORDER BY created_at DESC, id DESC LIMIT 1",
                               kr_id, *ws_id, to_unix(t)),
                         [](Statement& s) { return s.real(0); });
    });
}

std::vector<ScheduledTeam> CadenceStore::all_teams() {
    return store_.with_connection([&](Database& db) {
        std::string sql = std::string("SELECT ") + std::string(team_columns) +
                          ", w.key FROM teams t JOIN workspaces w ON w.id = t.workspace_id ORDER BY t.id";
        return all_rows(query(db, sql), [](Statement& s) {
            return ScheduledTeam{s.text(11), team_from(s), settings_from(s, 6)};
        });
    });
}

bool CadenceStore::has_run(RowId team_id, const std::string& kind, const std::string& period) {
    return store_.with_connection([&](Database& db) {
        return exists(query(db, "SELECT 1 FROM schedule_runs WHERE team_id = ? AND kind = ? AND period = ?", team_id,
                            kind, period));
    });
}

bool CadenceStore::record_run(const core::WorkspaceKey& ws, RowId team_id, const std::string& kind,
                              const std::string& period, Time due, const std::string& outcome,
                              const std::vector<NewOutboxItem>& messages, Time now) {
    return store_.with_connection([&](Database& db) {
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

std::optional<std::string> CadenceStore::teams_webhook_url(RowId team_id) {
    return store_.with_connection([&](Database& db) -> std::optional<std::string> {
        auto url = first_row(query(db, "SELECT teams_webhook_url FROM teams WHERE id = ?", team_id),
                             [](Statement& s) { return s.text(0); });
        if (!url || url->empty()) return std::nullopt;
        return url;
    });
}

}  // namespace goalpost::storage
