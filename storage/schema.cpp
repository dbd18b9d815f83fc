#include "storage/schema.hpp"

#include <array>
#include <cstdlib>
#include <string_view>

#include <fmt/format.h>
#include <sqlite3.h>

#include "core/slack_text.hpp"
#include "storage/checkin_weeks.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sql/query.hpp"
#include "storage/sqlite/sqlite.hpp"

namespace goalpost::storage {

namespace {

// Append only: a migration that shipped is never edited, a change is a new step.
constexpr std::array<std::string_view, 13> migrations{
    // 1: the core tables. Every row hangs off a workspace; ids never cross it.
    R"sql(
CREATE TABLE workspaces(
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE teams(
    id             INTEGER PRIMARY KEY,
    workspace_id   INTEGER NOT NULL REFERENCES workspaces(id),
    name           TEXT NOT NULL,
    channel        TEXT NOT NULL DEFAULT '',
    timezone       TEXT NOT NULL DEFAULT 'UTC',
    parent_team_id INTEGER REFERENCES teams(id),
    created_by     TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    UNIQUE(workspace_id, name COLLATE NOCASE)
);
CREATE TABLE team_members(
    team_id  INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY(team_id, user_id)
);
CREATE TABLE objectives(
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id),
    number        INTEGER NOT NULL,
    team_id       INTEGER REFERENCES teams(id),
    title         TEXT NOT NULL,
    parent_number INTEGER,
    cycle         TEXT NOT NULL DEFAULT '',
    visibility    TEXT NOT NULL CHECK(visibility IN ('public', 'internal')),
    kind          TEXT NOT NULL CHECK(kind IN ('aspirational', 'committed')),
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    archived      INTEGER NOT NULL DEFAULT 0 CHECK(archived IN (0, 1)),
    UNIQUE(workspace_id, number)
);
CREATE TABLE key_results(
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id),
    number        INTEGER NOT NULL,
    objective_id  INTEGER NOT NULL REFERENCES objectives(id),
    title         TEXT NOT NULL,
    binary        INTEGER NOT NULL DEFAULT 0 CHECK(binary IN (0, 1)),
    start_value   REAL NOT NULL,
    target_value  REAL NOT NULL,
    current_value REAL NOT NULL,
    unit          TEXT NOT NULL DEFAULT '',
    due           TEXT,
    owner         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    UNIQUE(workspace_id, number)
);
CREATE TABLE checkins(
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    kr_id        INTEGER NOT NULL REFERENCES key_results(id),
    user_id      TEXT NOT NULL,
    value        REAL NOT NULL,
    confidence   INTEGER CHECK(confidence BETWEEN 1 AND 10),
    note         TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
)sql",
    // 2: indexes for the hot queries and for foreign-key checks on the child columns.
    R"sql(
CREATE INDEX checkins_by_kr_time ON checkins(kr_id, created_at, id);
CREATE INDEX key_results_by_owner ON key_results(workspace_id, owner, number);
CREATE INDEX key_results_by_objective ON key_results(objective_id, number);
CREATE INDEX objectives_by_team ON objectives(workspace_id, team_id, number);
CREATE INDEX team_members_by_user ON team_members(user_id);
CREATE INDEX teams_by_parent ON teams(parent_team_id);
)sql",
    // 3: cadence. Each team's schedule; each (team, kind, period) fires once, recorded in the
    // same transaction that puts its messages into the outbox.
    R"sql(
ALTER TABLE teams ADD COLUMN reminder TEXT NOT NULL DEFAULT 'mon 09:00';
ALTER TABLE teams ADD COLUMN digest TEXT NOT NULL DEFAULT 'fri 16:00';
ALTER TABLE teams ADD COLUMN summary TEXT NOT NULL DEFAULT '1 10:00';
ALTER TABLE teams ADD COLUMN stakeholder_channel TEXT NOT NULL DEFAULT '';
CREATE TABLE schedule_runs(
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    team_id      INTEGER NOT NULL REFERENCES teams(id),
    kind         TEXT NOT NULL,
    period       TEXT NOT NULL,
    due_at       INTEGER NOT NULL,
    fired_at     INTEGER NOT NULL,
    outcome      TEXT NOT NULL CHECK(outcome IN ('fired', 'skipped')),
    UNIQUE(team_id, kind, period)
);
CREATE TABLE outbox(
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces(id),
    platform         TEXT NOT NULL CHECK(platform IN ('slack', 'teams')),
    destination_kind TEXT NOT NULL CHECK(destination_kind IN ('channel', 'user', 'webhook')),
    destination      TEXT NOT NULL,
    payload          TEXT NOT NULL,
    dedupe_key       TEXT UNIQUE,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending', 'sent', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX outbox_pending ON outbox(status, next_attempt_at, id);
)sql",
    // 4: Microsoft Teams. A team's Workflows webhook URL (a secret: never logged), and the
    // Activity ids already handled, since the outgoing webhook signs no timestamp.
    R"sql(
ALTER TABLE teams ADD COLUMN teams_webhook_url TEXT NOT NULL DEFAULT '';
CREATE TABLE handled_activities(
    activity_id TEXT PRIMARY KEY,
    handled_at  INTEGER NOT NULL
);
CREATE INDEX handled_activities_by_time ON handled_activities(handled_at);
)sql",
    // 5: the OKR playbook. Quick wins; the audit trail of edits; grades with owner overrides;
    // retros; the KR a carried-over KR was copied from.
    R"sql(
CREATE TABLE wins(
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    team_id      INTEGER NOT NULL REFERENCES teams(id),
    kr_id        INTEGER REFERENCES key_results(id),
    title        TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX wins_by_team_time ON wins(team_id, created_at);
CREATE INDEX wins_by_kr ON wins(kr_id);
CREATE TABLE edits(
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    target       TEXT NOT NULL CHECK(target IN ('objective', 'key_result')),
    target_id    INTEGER NOT NULL,
    user_id      TEXT NOT NULL,
    field        TEXT NOT NULL,
    old_value    TEXT NOT NULL,
    new_value    TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);
CREATE INDEX edits_by_target ON edits(workspace_id, target, target_id, created_at);
CREATE TABLE grade_overrides(
    kr_id        INTEGER PRIMARY KEY REFERENCES key_results(id),
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    score        REAL NOT NULL CHECK(score BETWEEN 0 AND 1),
    reason       TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE TABLE retros(
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    objective_id INTEGER NOT NULL REFERENCES objectives(id),
    user_id      TEXT NOT NULL,
    text         TEXT NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX retros_by_objective ON retros(objective_id, created_at);
ALTER TABLE objectives ADD COLUMN grade REAL;
ALTER TABLE objectives ADD COLUMN graded_by TEXT;
ALTER TABLE objectives ADD COLUMN graded_at INTEGER;
ALTER TABLE key_results ADD COLUMN carried_from INTEGER REFERENCES key_results(id);
)sql",
    // 6: custom cycles per workspace (calendar quarters need no row), and team leads, who see
    // and look after the internal objectives of the teams below theirs.
    R"sql(
CREATE TABLE cycles(
    id           INTEGER PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    name         TEXT NOT NULL,
    start_date   TEXT NOT NULL,
    end_date     TEXT NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    CHECK(start_date <= end_date),
    UNIQUE(workspace_id, name COLLATE NOCASE)
);
ALTER TABLE team_members ADD COLUMN lead INTEGER NOT NULL DEFAULT 0 CHECK(lead IN (0, 1));
)sql",
    // 7: the outbox also carries Slack App Home tabs (destination kind 'home', published with
    // views.publish). SQLite cannot change a CHECK in place: the table is rebuilt, rows and ids
    // kept; nothing references it.
    R"sql(
CREATE TABLE outbox_v7(
    id               INTEGER PRIMARY KEY,
    workspace_id     INTEGER NOT NULL REFERENCES workspaces(id),
    platform         TEXT NOT NULL CHECK(platform IN ('slack', 'teams')),
    destination_kind TEXT NOT NULL CHECK(destination_kind IN ('channel', 'user', 'home', 'webhook')),
    destination      TEXT NOT NULL,
    payload          TEXT NOT NULL,
    dedupe_key       TEXT UNIQUE,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending', 'sent', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
INSERT INTO outbox_v7(id, workspace_id, platform, destination_kind, destination, payload, dedupe_key, status,
                      attempts, next_attempt_at, last_error, created_at, sent_at)
    SELECT id, workspace_id, platform, destination_kind, destination, payload, dedupe_key, status,
           attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v7 RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(status, next_attempt_at, id);
)sql",
    // 8: text typed in Slack used to be stored as Slack sends it, escaped ("R&amp;D",
    // "&lt; 200 ms", a typed URL as "<https://...|...>"); it is now stored as typed, decoded
    // at the Slack edge. This decodes the rows written before, with the edge's own rules
    // (goalpost_slack_text is core::decode_slack_text), in Slack workspaces only: Teams text
    // was always decoded at its edge. It never decodes anything twice: it runs once per file,
    // since user_version = 8 commits in the same transaction, and text stored after it arrives
    // decoded already. A team name whose decoded form another team of the workspace already
    // has ("R&amp;D" beside an "R&D" seeded from the config) keeps its old name (OR IGNORE).
    R"sql(
CREATE TEMP TABLE slack_workspaces AS SELECT id FROM workspaces WHERE substr(key, 1, 6) = 'slack:';
UPDATE OR IGNORE teams SET name = goalpost_slack_text(name)
    WHERE workspace_id IN slack_workspaces AND (instr(name, '&') > 0 OR instr(name, '<') > 0);
UPDATE objectives SET title = goalpost_slack_text(title)
    WHERE workspace_id IN slack_workspaces AND (instr(title, '&') > 0 OR instr(title, '<') > 0);
UPDATE key_results SET title = goalpost_slack_text(title), unit = goalpost_slack_text(unit)
    WHERE workspace_id IN slack_workspaces
      AND (instr(title, '&') > 0 OR instr(title, '<') > 0 OR instr(unit, '&') > 0 OR instr(unit, '<') > 0);
UPDATE checkins SET note = goalpost_slack_text(note)
    WHERE workspace_id IN slack_workspaces AND (instr(note, '&') > 0 OR instr(note, '<') > 0);
UPDATE wins SET title = goalpost_slack_text(title)
    WHERE workspace_id IN slack_workspaces AND (instr(title, '&') > 0 OR instr(title, '<') > 0);
UPDATE retros SET text = goalpost_slack_text(text)
    WHERE workspace_id IN slack_workspaces AND (instr(text, '&') > 0 OR instr(text, '<') > 0);
UPDATE grade_overrides SET reason = goalpost_slack_text(reason)
    WHERE workspace_id IN slack_workspaces AND (instr(reason, '&') > 0 OR instr(reason, '<') > 0);
UPDATE edits SET old_value = goalpost_slack_text(old_value), new_value = goalpost_slack_text(new_value),
                 reason = goalpost_slack_text(reason)
    WHERE workspace_id IN slack_workspaces
      AND (instr(old_value || new_value || reason, '&') > 0 OR instr(old_value || new_value || reason, '<') > 0);
DROP TABLE slack_workspaces;
)sql",
    // 9: a check-in's work no longer grows with history. checkin_weeks counts each person's
    // check-ins per team and local ISO week (goalpost_week is core::week_key in the team's time
    // zone), kept in the transaction of every check-in, import and time zone change, so that
    // streak and "everybody checked in" celebrations read a few rows, not the team's check-ins;
    // backfilled here from every check-in on a team's objective. Key order (team, week, person):
    // one week of a team is one range, and so are the last weeks a streak looks at. The
    // check-ins' time index also carries the value, the person and the confidence, so "a KR's
    // value at instant t", "who checked in between two instants" and "the KR's latest
    // confidences" (digests, summaries) never read the table,
    // and (kr_id, value) gives a KR's best value before a
    // check-in (the 70% and 100% celebrations) in one index step.
    R"sql(
CREATE TABLE checkin_weeks(
    team_id  INTEGER NOT NULL REFERENCES teams(id),
    week     TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    checkins INTEGER NOT NULL,
    PRIMARY KEY(team_id, week, user_id)
) WITHOUT ROWID;
INSERT INTO checkin_weeks(team_id, week, user_id, checkins)
    SELECT o.team_id, goalpost_week(t.timezone, c.created_at), c.user_id, count(*) FROM checkins c
    JOIN key_results k ON k.id = c.kr_id JOIN objectives o ON o.id = k.objective_id JOIN teams t ON t.id = o.team_id
    GROUP BY 1, 2, 3;
DROP INDEX checkins_by_kr_time;
CREATE INDEX checkins_by_kr_time_value ON checkins(kr_id, created_at, id, value, user_id, confidence);
CREATE INDEX checkins_by_kr_value ON checkins(kr_id, value);
)sql",
    // 10: several instances on one database (PostgreSQL). An outbox row is claimed by one
    // sender until claimed_until; a claim its sender never released (the instance died) ends
    // then and the row is sent by another. delivery_holds is the pacing every sender keeps: a
    // destination or a workspace held back after a 429, until a unix second.
    R"sql(
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
CREATE TABLE delivery_holds(
    hold_key TEXT PRIMARY KEY,
    until    INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 11: REST API tokens (only a SHA-256 of the secret is kept; a revoked token keeps its row,
    // and its name may be used again) and the answers kept for Idempotency-Key (status 0: the
    // first request is still running).
    R"sql(
CREATE TABLE api_tokens(
    id            INTEGER PRIMARY KEY,
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id),
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    scope_team_id INTEGER REFERENCES teams(id),
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE UNIQUE INDEX api_tokens_by_name ON api_tokens(workspace_id, name) WHERE revoked_at IS NULL;
CREATE TABLE api_idempotency(
    token_id   INTEGER NOT NULL REFERENCES api_tokens(id),
    key        TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    status     INTEGER NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY(token_id, key)
) WITHOUT ROWID;
)sql",
    // 12: key-result sources (`/okr kr source`): one per KR, with when it is next due, the
    // lease of the instance reading it, and what its latest reads gave.
    R"sql(
CREATE TABLE kr_sources(
    kr_id         INTEGER PRIMARY KEY REFERENCES key_results(id),
    workspace_id  INTEGER NOT NULL REFERENCES workspaces(id),
    kind          TEXT NOT NULL,
    args          TEXT NOT NULL,
    set_by        TEXT NOT NULL,
    set_at        INTEGER NOT NULL,
    next_read_at  INTEGER NOT NULL,
    claimed_until INTEGER,
    last_read_at  INTEGER,
    last_value    REAL,
    last_error    TEXT NOT NULL DEFAULT '',
    failures      INTEGER NOT NULL DEFAULT 0,
    alerted       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kr_sources_due ON kr_sources(next_read_at);
)sql",
    // 13: the dashboard's sign-in links (`/okr dashboard`, single use unless shared with a
    // Teams channel; kind 'summary': the stakeholder view a monthly summary links to) and
    // browser sessions; only a SHA-256 of each secret is kept.
    R"sql(
CREATE TABLE dashboard_links(
    token_hash   TEXT PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    user_id      TEXT NOT NULL,
    team_id      INTEGER REFERENCES teams(id),
    shared       INTEGER NOT NULL DEFAULT 0,
    kind         TEXT NOT NULL DEFAULT 'login',
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
) WITHOUT ROWID;
CREATE TABLE dashboard_sessions(
    session_hash TEXT PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
    user_id      TEXT NOT NULL,
    team_id      INTEGER REFERENCES teams(id),
    shared       INTEGER NOT NULL DEFAULT 0,
    expires_at   INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
};

// goalpost_slack_text(text): core::decode_slack_text for migration 8. Anything but text (NULL)
// is returned as it is.
void slack_text_function(sqlite3_context* context, int, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        sqlite3_result_value(context, argv[0]);
        return;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const auto bytes = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
    try {
        const std::string decoded = core::decode_slack_text(std::string_view(text, bytes));
        sqlite3_result_text64(context, decoded.data(), decoded.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } catch (const std::bad_alloc&) {
        sqlite3_result_error_nomem(context);
    }
}

}  // namespace

void register_sql_functions(Database& db) {
    register_week_function(db);
    const int rc = sqlite3_create_function_v2(sqlite_of(db).handle(), "goalpost_slack_text", 1,
                                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                              slack_text_function, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        throw StorageError(fmt::format("sqlite: cannot register goalpost_slack_text: {}", sqlite3_errstr(rc)));
    }
}

namespace {

// No planner statistics yet, or the check-ins or key results have more than doubled since
// they were gathered (max(rowid) stands in for the row count: an index seek, not a scan).
bool statistics_outgrown(Database& db) {
    if (!exists(db.cached("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'"))) return true;
    for (const char* table : {"checkins", "key_results"}) {
        const auto rows = first_row(db.cached(fmt::format("SELECT coalesce(max(rowid), 0) FROM {}", table)),
                                    [](Statement& row) { return row.int64(0); })
                              .value_or(0);
        const auto counted = first_row(query(db, "SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1", table),
                                       [](Statement& row) { return std::atoll(row.text(0).c_str()); });
        if (counted ? rows > 2 * *counted + 100 : rows > 0) return true;
    }
    return false;
}

}  // namespace

int current_schema_version() { return static_cast<int>(migrations.size()); }

void migrate(Database& db, int up_to) { apply_migrations(db, migrations, up_to, register_sql_functions); }

void refresh_planner_statistics(Database& db) {
    // Only when needed, so a normal start-up does not wait for it; analysis_limit keeps it
    // to milliseconds on any size.
    try {
        if (statistics_outgrown(db)) db.exec("PRAGMA analysis_limit = 1000; ANALYZE");
    } catch (const StorageError&) {
    }
}

}  // namespace goalpost::storage
