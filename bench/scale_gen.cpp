// The scale benchmark: a goalpost database like a 10,000-person company, and what it costs.
//
//   bench_scale_gen --db FILE [--goalpost BIN] [--reuse] [--people N] [--teams N]
//                   [--objectives N] [--krs N] [--checkins N] [--connections N]
//
// 1. Generate (skipped with --reuse when FILE already holds the data): one Slack workspace,
//    ~1,700 teams in a company > department > group > team tree, 10,000 people, 8,000
//    objectives, 30,000 key results and 1.3 million check-ins spread over 2027-Q1. The schema
//    comes from storage::open_sqlite (so it is always the current one); the rows go in through
//    storage::Database in one transaction with prepared statements.
// 2. Digests: every team's weekly digest (the week ending Friday 2027-03-26 16:00 UTC) and
//    every team's monthly summary (2027-03), built by core's own builders through the real
//    repositories, as the scheduler builds them.
// 3. Raw scan: the aggregates SQLite alone computes over the same rows for both windows (KRs
//    per team; check-ins in the window per team; each KR's latest check-in before the
//    window's start and end), the floor any digest code has to stand on. Ratio = 2 / 3.
// 4. With --goalpost: start-up time of `goalpost serve` on FILE (exec until GET /healthz
//    answers 200), its RSS idle, and its RSS with N (default 1,000) open keep-alive
//    connections that each made a request.
//
// Human lines, then machine-readable "RESULT label=... key=value ..." lines for bench/run.sh.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "bot/dashboard/pages.hpp"
#include "core/commands/alignment.hpp"
#include "core/commands/context.hpp"
#include "core/schedule/cadence.hpp"
#include "core/schedule/digest.hpp"
#include "storage/sqlite/sqlite.hpp"
#include "storage/checkin_weeks.hpp"
#include "storage/sqlite_storage.hpp"

extern char** environ;

namespace {

using namespace goalpost;
using Clock = std::chrono::steady_clock;
using storage::Database;
using storage::SqliteDatabase;
using storage::Statement;

struct Options {
    std::string db;
    std::string goalpost;
    bool reuse = false;
    int people = 10000;
    int teams = 1700;
    int objectives = 8000;
    int krs = 30000;
    long long checkins = 1300000;
    int connections = 1000;
};

const std::string workspace = "slack:TSCALE";

std::int64_t unix_time(int y, unsigned m, unsigned d, int h = 0) {
    using namespace std::chrono;
    return duration_cast<seconds>(sys_days{year{y} / month{m} / day{d}}.time_since_epoch()).count() + h * 3600;
}

const std::int64_t quarter_start = unix_time(2027, 1, 1);
const std::int64_t quarter_end = unix_time(2027, 4, 1);
// The digest instant: Friday 16:00 UTC in the last full week of the quarter.
const std::int64_t digest_at = unix_time(2027, 3, 26, 16);
const std::string summary_month = "2027-03";

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU seconds (user + system) this process used so far: on a shared machine the wall clock
// also counts other processes' turns, so both are reported.
double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(u.ru_utime) + s(u.ru_stime);
}

// ---- 1. generate ----------------------------------------------------------------------

std::int64_t count_rows(SqliteDatabase& db, const char* table) {
    auto st = db.prepare(fmt::format("SELECT count(*) FROM {}", table));
    st.step();
    return st.int64(0);
}

void generate(const Options& o) {
    std::filesystem::remove(o.db);
    std::filesystem::remove(o.db + "-wal");
    std::filesystem::remove(o.db + "-shm");
    // The schema exactly as goalpost creates it (WAL, current migrations).
    storage::open_sqlite(o.db);

    const auto started = Clock::now();
    SqliteDatabase db(o.db);
    // A throwaway bulk load: no fsync, a big page cache; the file stays in WAL mode.
    db.exec("PRAGMA synchronous = OFF");
    db.exec("PRAGMA cache_size = -262144");
    db.exec("PRAGMA temp_store = MEMORY");
    std::mt19937_64 rng(20270101);
    auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    auto pick = [&](auto n) { return static_cast<decltype(n)>(rng() % static_cast<std::uint64_t>(n)); };

    storage::Transaction transaction(db);
    db.exec("INSERT INTO workspaces(id, key) VALUES (1, '" + workspace + "')");

    // Teams: company (1) > 12 departments > ~140 groups > teams; ids 1..teams.
    const int departments = 12;
    const int groups = std::max(1, o.teams / 12);
    const char* zones[] = {"Europe/Berlin", "America/New_York", "America/Los_Angeles", "Europe/London", "Asia/Tokyo", "UTC"};
    {
        auto st = db.prepare(
            "INSERT INTO teams(id, workspace_id, name, channel, timezone, parent_team_id, created_by, created_at) "
            "VALUES (?, 1, ?, ?, ?, ?, 'U00001', ?)");
        for (int t = 1; t <= o.teams; ++t) {
            std::optional<std::int64_t> parent;
            std::string name;
            if (t == 1) {
                name = "company";
            } else if (t <= 1 + departments) {
                parent = 1;
                name = fmt::format("dept-{:02}", t - 1);
            } else if (t <= 1 + departments + groups) {
                parent = 2 + (t % departments);
                name = fmt::format("group-{:03}", t - 1 - departments);
            } else {
                parent = 2 + departments + (t % groups);
                name = fmt::format("team-{:04}", t - 1 - departments - groups);
            }
            st.bind(1, t).bind(2, name).bind(3, fmt::format("C{:06}", t)).bind(4, zones[t % 6]).bind(5, parent)
                .bind(6, quarter_start - 40 * 86400);
            st.run();
            st.reset();
        }
    }

    // People: everyone in one team, one in seven also in a second; team t's members kept
    // for owners and check-in authors.
    std::vector<std::vector<int>> members(static_cast<size_t>(o.teams) + 1);
    {
        auto st = db.prepare("INSERT OR IGNORE INTO team_members(team_id, user_id, added_at) VALUES (?, ?, ?)");
        auto add = [&](int team, int person) {
            st.bind(1, team).bind(2, fmt::format("U{:05}", person)).bind(3, quarter_start - 30 * 86400);
            if (st.run() > 0) members[static_cast<size_t>(team)].push_back(person);
            st.reset();
        };
        for (int p = 1; p <= o.people; ++p) {
            add(1 + (p - 1) % o.teams, p);
            if (p % 7 == 0) add(1 + pick(o.teams), p);
        }
    }

    // Objectives spread over the teams (4 or 5 each), 60% public.
    std::vector<int> team_of_objective(static_cast<size_t>(o.objectives) + 1);
    {
        auto st = db.prepare(
            "INSERT INTO objectives(id, workspace_id, number, team_id, title, parent_number, cycle, visibility, kind, "
            "created_by, created_at) VALUES (?, 1, ?, ?, ?, ?, '2027-Q1', ?, ?, ?, ?)");
        for (int j = 1; j <= o.objectives; ++j) {
            const int team = 1 + (j - 1) % o.teams;
            team_of_objective[static_cast<size_t>(j)] = team;
            const auto& m = members[static_cast<size_t>(team)];
            std::optional<int> parent;
            if (j > o.teams && pick(3) == 0) parent = 1 + pick(std::min(j - 1, o.teams));
            st.bind(1, j).bind(2, j).bind(3, team)
                .bind(4, fmt::format("Objective {} of team {}: make the quarter count", j, team))
                .bind(5, parent).bind(6, pick(10) < 6 ? "public" : "internal")
                .bind(7, pick(4) == 0 ? "committed" : "aspirational")
                .bind(8, fmt::format("U{:05}", m.empty() ? 1 : m[0])).bind(9, quarter_start - 7 * 86400);
            st.run();
            st.reset();
        }
    }

    // Key results (3 or 4 per objective): 5% binary, 15% decreasing.
    struct Kr {
        double start, target, skill;
        bool binary;
        int owner;
        double last = 0;
    };
    std::vector<Kr> krs(static_cast<size_t>(o.krs) + 1);
    {
        auto st = db.prepare(
            "INSERT INTO key_results(id, workspace_id, number, objective_id, title, binary, start_value, target_value, "
            "current_value, unit, due, owner, created_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, '2027-03-31', ?, ?)");
        for (int i = 1; i <= o.krs; ++i) {
            const int objective = 1 + (i - 1) % o.objectives;
            const auto& m = members[static_cast<size_t>(team_of_objective[static_cast<size_t>(objective)])];
            Kr& kr = krs[static_cast<size_t>(i)];
            kr.binary = pick(20) == 0;
            kr.owner = m.empty() ? 1 : m[pick(m.size())];
            kr.skill = uniform(0.3, 1.3);
            const char* unit = "";
            if (kr.binary) {
                kr.start = 0;
                kr.target = 1;
            } else if (pick(7) == 0) {
                kr.start = uniform(5, 20);
                kr.target = kr.start * uniform(0.4, 0.8);
                unit = "%";
            } else {
                kr.start = std::floor(uniform(0, 1000));
                kr.target = kr.start + std::floor(uniform(100, 100000));
                unit = pick(3) == 0 ? "$" : "";
            }
            kr.last = kr.start;
            st.bind(1, i).bind(2, i).bind(3, objective)
                .bind(4, fmt::format("Key result {}: move the number that matters", i)).bind(5, kr.binary ? 1 : 0)
                .bind(6, kr.start).bind(7, kr.target).bind(8, kr.start).bind(9, unit)
                .bind(10, fmt::format("U{:05}", kr.owner)).bind(11, quarter_start - 5 * 86400);
            st.run();
            st.reset();
        }
    }

    // Check-ins: each KR gets its share at random instants of the quarter, inserted in time
    // order (as they arrive in real life), values moving toward the target with noise.
    struct Event {
        std::int64_t at;
        int kr;
    };
    std::vector<Event> events;
    events.reserve(static_cast<size_t>(o.checkins));
    for (long long n = 0; n < o.checkins; ++n) {
        events.push_back({quarter_start + pick(quarter_end - quarter_start - 86400), 1 + static_cast<int>(n % o.krs)});
    }
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.at < b.at; });
    {
        auto st = db.prepare(
            "INSERT INTO checkins(workspace_id, kr_id, user_id, value, confidence, note, created_at) "
            "VALUES (1, ?, ?, ?, ?, ?, ?)");
        const char* notes[] = {"", "", "", "blocked on the vendor", "ahead of plan", "needs a decision", "", "hiring slower"};
        for (const auto& e : events) {
            Kr& kr = krs[static_cast<size_t>(e.kr)];
            const double elapsed = static_cast<double>(e.at - quarter_start) / static_cast<double>(quarter_end - quarter_start);
            double value;
            if (kr.binary) {
                value = elapsed * kr.skill > 0.8 ? 1 : 0;
            } else {
                const double p = std::clamp(elapsed * kr.skill + uniform(-0.05, 0.05), 0.0, 1.2);
                value = std::round((kr.start + (kr.target - kr.start) * p) * 10) / 10;
            }
            kr.last = value;
            std::optional<int> confidence;
            if (pick(10) < 6) confidence = std::clamp(static_cast<int>(std::lround(uniform(3, 10) * std::min(1.0, kr.skill))), 1, 10);
            st.bind(1, e.kr).bind(2, fmt::format("U{:05}", kr.owner)).bind(3, value).bind(4, confidence)
                .bind(5, notes[pick(8)]).bind(6, e.at);
            st.run();
            st.reset();
        }
    }
    {
        auto st = db.prepare("UPDATE key_results SET current_value = ? WHERE id = ?");
        for (int i = 1; i <= o.krs; ++i) {
            st.bind(1, krs[static_cast<size_t>(i)].last).bind(2, i);
            st.run();
            st.reset();
        }
    }
    // The aggregate goalpost keeps as check-ins are recorded (storage/checkin_weeks.hpp).
    storage::register_week_function(db);
    storage::count_checkin_weeks_after(db, 1, 0);
    transaction.commit();
    // Leave a plain file behind: everything checkpointed, the WAL empty, statistics fresh.
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    const double seconds = seconds_since(started);
    const auto size = std::filesystem::file_size(o.db);
    std::printf("generate: %lld teams, %lld members, %lld objectives, %lld key results, %lld check-ins in %.1f s (%.0f MB)\n",
                static_cast<long long>(count_rows(db, "teams")), static_cast<long long>(count_rows(db, "team_members")),
                static_cast<long long>(count_rows(db, "objectives")), static_cast<long long>(count_rows(db, "key_results")),
                static_cast<long long>(count_rows(db, "checkins")), seconds, static_cast<double>(size) / 1e6);
    std::printf("RESULT label=scale-generate seconds=%.2f checkins=%lld db_mb=%.0f\n", seconds, o.checkins,
                static_cast<double>(size) / 1e6);
}

bool holds_the_data(const Options& o) {
    if (!std::filesystem::exists(o.db)) return false;
    try {
        SqliteDatabase db(o.db);
        return count_rows(db, "checkins") == o.checkins && count_rows(db, "key_results") == o.krs;
    } catch (const std::exception&) {
        return false;
    }
}

// ---- 2. digests -----------------------------------------------------------------------

struct Built {
    int messages = 0;
    long long blocks = 0;
};

// Every team's weekly digest: core's own builder, through the real repositories.
// (Swap point: when the scheduler's entry point changes, change this call.)
Built build_every_weekly_digest(const core::Repositories& repos, const std::vector<core::Team>& teams,
                                const std::vector<std::string>& zones) {
    Built b;
    const core::Time at{std::chrono::seconds{digest_at}};
    for (size_t i = 0; i < teams.size(); ++i) {
        auto m = core::weekly_digest(repos, workspace, teams[i], zones[i], at);
        ++b.messages;
        b.blocks += static_cast<long long>(m.blocks.size());
    }
    return b;
}

// Every team's monthly stakeholder summary for `summary_month`.
Built build_every_monthly_summary(const core::Repositories& repos, const std::vector<core::Team>& teams,
                                  const std::vector<std::string>& zones) {
    Built b;
    for (size_t i = 0; i < teams.size(); ++i) {
        auto range = core::month_range(zones[i], summary_month);
        if (!range) continue;
        auto m = core::monthly_summary(repos, workspace, teams[i], range->first, range->second, summary_month);
        ++b.messages;
        b.blocks += static_cast<long long>(m.blocks.size());
    }
    return b;
}

double time_digests(const Options& o) {
    auto store = storage::open_sqlite(o.db);
    auto repos = store->repositories();
    core::CadenceRepository& cadence = *repos.cadence;
    const auto teams = repos.teams.teams(workspace);
    std::vector<std::string> zones;
    for (const auto& t : teams) {
        auto s = cadence.settings_of(workspace, t.id);
        zones.push_back(s ? s->cadence.timezone : t.timezone);
    }
    const double cpu0 = cpu_seconds();
    auto t0 = Clock::now();
    const Built weekly = build_every_weekly_digest(repos, teams, zones);
    const double weekly_s = seconds_since(t0);
    auto t1 = Clock::now();
    const Built monthly = build_every_monthly_summary(repos, teams, zones);
    const double monthly_s = seconds_since(t1);
    const double cpu = cpu_seconds() - cpu0;
    std::printf("digests: %d weekly digests in %.3f s, %d monthly summaries in %.3f s (%lld blocks), total %.3f s "
                "(%.3f s CPU)\n",
                weekly.messages, weekly_s, monthly.messages, monthly_s, weekly.blocks + monthly.blocks,
                weekly_s + monthly_s, cpu);
    std::printf("RESULT label=scale-digests seconds=%.3f cpu_s=%.3f weekly_s=%.3f monthly_s=%.3f teams=%zu\n",
                weekly_s + monthly_s, cpu, weekly_s, monthly_s, teams.size());
    return cpu;
}

// ---- 3. raw scan ----------------------------------------------------------------------

double time_raw_scan(const Options& o) {
    SqliteDatabase db(o.db);
    db.exec("PRAGMA query_only = ON");
    auto run = [&](const char* sql, std::initializer_list<std::int64_t> args) {
        auto st = db.prepare(sql);
        int i = 0;
        for (auto a : args) st.bind(++i, a);
        double sink = 0;
        long long rows = 0;
        while (st.step()) {
            ++rows;
            sink += st.real(1);
        }
        return rows + static_cast<long long>(sink > 0);
    };
    auto month = core::month_range("UTC", summary_month);
    const std::int64_t windows[2][2] = {{digest_at - 7 * 86400, digest_at},
                                        {month->first.time_since_epoch().count(), month->second.time_since_epoch().count()}};
    const double cpu0 = cpu_seconds();
    const auto started = Clock::now();
    long long rows = 0;
    for (const auto& w : windows) {
        // The team's objectives and KRs.
        rows += run("SELECT o.team_id, sum(k.current_value), count(*) FROM objectives o "
                    "JOIN key_results k ON k.objective_id = o.id WHERE o.workspace_id = 1 AND o.archived = 0 "
                    "GROUP BY o.team_id",
                    {});
        // The window's check-ins per team.
        rows += run("SELECT o.team_id, sum(c.value), count(*) FROM checkins c "
                    "JOIN key_results k ON k.id = c.kr_id JOIN objectives o ON o.id = k.objective_id "
                    "WHERE c.created_at >= ? AND c.created_at < ? GROUP BY o.team_id",
                    {w[0], w[1]});
        // Every KR's latest check-in before the window's start and before its end, one pass.
        rows += run("SELECT kr_id, max(CASE WHEN created_at < ?1 THEN created_at END), "
                    "max(CASE WHEN created_at < ?2 THEN created_at END) FROM checkins GROUP BY kr_id",
                    {w[0], w[1]});
    }
    const double seconds = seconds_since(started);
    const double cpu = cpu_seconds() - cpu0;
    std::printf("raw scan: the same aggregates in SQLite alone, both windows: %.3f s (%.3f s CPU, %lld result rows)\n",
                seconds, cpu, rows);
    std::printf("RESULT label=scale-raw-scan seconds=%.3f cpu_s=%.3f\n", seconds, cpu);
    return cpu;
}

// ---- 4. start-up and RSS ----------------------------------------------------------------

long rss_kb(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field) + 1);
    }
    return -1;
}

int connect_to(unsigned short port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// GET /healthz on an open connection; the status code, or -1.
int healthz(int fd) {
    static const char request[] = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, request, sizeof request - 1, MSG_NOSIGNAL) != static_cast<ssize_t>(sizeof request - 1)) return -1;
    std::string reply;
    char buf[1024];
    while (reply.find("\r\n\r\n") == std::string::npos || reply.find("}") == std::string::npos) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return -1;
        reply.append(buf, static_cast<size_t>(n));
    }
    return reply.size() > 12 ? std::atoi(reply.c_str() + 9) : -1;
}

void time_startup(const Options& o) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(o.db).parent_path().empty() ? fs::path(".") : fs::path(o.db).parent_path();
    const fs::path config = dir / "scale-goalpost.json", log = dir / "scale-goalpost.log";
    {
        std::ofstream out(config);
        out << R"({"server": {"bind": "127.0.0.1", "port": 0}, "storage": {"path": ")" << fs::absolute(o.db).string()
            << R"("}, "slack": {"signing_secret": "8f742231b10e8888abcd99yyyzzz85a5"}})";
    }
    rlimit nofile{};
    getrlimit(RLIMIT_NOFILE, &nofile);
    nofile.rlim_cur = std::min<rlim_t>(nofile.rlim_max, static_cast<rlim_t>(o.connections) + 256);
    setrlimit(RLIMIT_NOFILE, &nofile);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::string bin = o.goalpost, serve = "serve", flag = "--config", file = config.string();
    char* argv[] = {bin.data(), serve.data(), flag.data(), file.data(), nullptr};
    pid_t pid = -1;
    const auto started = Clock::now();
    if (posix_spawn(&pid, bin.c_str(), &actions, nullptr, argv, environ) != 0) {
        std::fprintf(stderr, "scale: cannot start %s\n", bin.c_str());
        return;
    }
    posix_spawn_file_actions_destroy(&actions);
    // Poll (1 ms) for the port in the log, then for /healthz answering 200, for up to 30 s.
    static const std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
    unsigned short port = 0;
    int fd = -1;
    double startup_ms = -1;
    while (seconds_since(started) < 30) {
        if (port == 0) {
            std::ifstream in(log);
            std::stringstream text;
            text << in.rdbuf();
            std::smatch m;
            std::string s = text.str();
            if (std::regex_search(s, m, listening)) port = static_cast<unsigned short>(std::stoi(m[1]));
        }
        if (port != 0 && (fd = connect_to(port)) >= 0) {
            if (healthz(fd) == 200) {
                startup_ms = seconds_since(started) * 1000;
                break;
            }
            ::close(fd);
            fd = -1;
        }
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            std::fprintf(stderr, "scale: goalpost exited at start-up; see %s\n", log.c_str());
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (startup_ms < 0) {
        std::fprintf(stderr, "scale: goalpost did not answer /healthz within 30 s\n");
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // settle before reading RSS
    const long idle = rss_kb(pid, "VmRSS:");

    // N keep-alive connections, each with one request answered, all held open.
    std::vector<int> open{fd};
    int failed = 0;
    for (int i = 1; i < o.connections; ++i) {
        int c = connect_to(port);
        if (c < 0 || healthz(c) != 200) {
            ++failed;
            if (c >= 0) ::close(c);
            continue;
        }
        open.push_back(c);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const long busy = rss_kb(pid, "VmRSS:");
    const long peak = rss_kb(pid, "VmHWM:");
    for (int c : open) ::close(c);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    std::printf("start-up: goalpost serve answered /healthz %.1f ms after exec; RSS %.1f MB idle, %.1f MB with %zu open "
                "keep-alive connections (peak %.1f MB)%s\n",
                startup_ms, idle / 1024.0, busy / 1024.0, open.size(), peak / 1024.0,
                failed ? fmt::format(", {} connections failed", failed).c_str() : "");
    std::printf("RESULT label=scale-startup startup_ms=%.1f rss_idle_kb=%ld rss_conn_kb=%ld hwm_kb=%ld connections=%zu\n",
                startup_ms, idle, busy, peak, open.size());
}

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: bench_scale_gen --db FILE [--goalpost BIN] [--reuse] [--people N] [--teams N] [--objectives N]\n"
                 "                       [--krs N] [--checkins N] [--connections N]\n");
    std::exit(2);
}

// ---- 5. the dashboard's tree ------------------------------------------------------------

// The company's alignment tree as /d/ builds it (core::tree_view, then the HTML renderer),
// for an admin (who sees every objective): the fastest and the median of 15 renders.
void time_tree(const Options& o) {
    auto store = storage::open_sqlite(o.db);
    core::HandlerContext ctx{store->repositories(), core::Actor{workspace, "UADMIN", "", ""},
                             core::Time{std::chrono::seconds{digest_at}}, {"UADMIN"}, "/okr"};
    std::vector<double> ms;
    std::size_t rows = 0, bytes = 0;
    for (int i = 0; i < 15; ++i) {
        auto started = Clock::now();
        core::Context cx(ctx);  // a fresh request each time: the viewer and calendar are read again
        auto view = core::tree_view(core::TreeCmd{}, cx);
        if (!view) throw std::runtime_error("tree_view refused: " + view.error().what);
        const std::string html = bot::dashboard::tree_page(*view, true);
        ms.push_back(seconds_since(started) * 1000);
        rows = view->rows.size();
        bytes = html.size();
    }
    std::sort(ms.begin(), ms.end());
    std::printf("tree: the company tree (%zu rows drawn, %zu bytes of HTML) in %.1f ms (median %.1f ms)\n", rows, bytes,
                ms.front(), ms[ms.size() / 2]);
    std::printf("RESULT label=scale-tree min_ms=%.1f median_ms=%.1f rows=%zu html_bytes=%zu\n", ms.front(),
                ms[ms.size() / 2], rows, bytes);
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows as it happens, also through a pipe
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage();
            return argv[++i];
        };
        if (a == "--db") o.db = value();
        else if (a == "--goalpost") o.goalpost = value();
        else if (a == "--reuse") o.reuse = true;
        else if (a == "--people") o.people = std::stoi(value());
        else if (a == "--teams") o.teams = std::stoi(value());
        else if (a == "--objectives") o.objectives = std::stoi(value());
        else if (a == "--krs") o.krs = std::stoi(value());
        else if (a == "--checkins") o.checkins = std::stoll(value());
        else if (a == "--connections") o.connections = std::stoi(value());
        else usage();
    }
    if (o.db.empty() || o.teams < 20 || o.objectives < 1 || o.krs < 1 || o.people < o.teams) usage();
    try {
        if (o.reuse && holds_the_data(o)) {
            std::printf("generate: reusing %s\n", o.db.c_str());
        } else {
            generate(o);
        }
        time_tree(o);
        const double digests = time_digests(o);
        const double raw = time_raw_scan(o);
        std::printf("ratio: digests take %.1fx the raw scan (CPU time)\n", raw > 0 ? digests / raw : 0.0);
        std::printf("RESULT label=scale-ratio ratio=%.2f\n", raw > 0 ? digests / raw : 0.0);
        if (!o.goalpost.empty()) time_startup(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_scale_gen: %s\n", e.what());
        return 1;
    }
    return 0;
}
