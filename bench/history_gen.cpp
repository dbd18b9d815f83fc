// Writes a goalpost export document (the JSON `goalpost import` reads) holding the data set
// bench_loadgen's `setup` would create, plus history: check-ins spread over the last weeks,
// so that `goalpost import` builds a database that has been used for a while, through the
// product's own import path.
//
//   bench_history_gen --out FILE [--teams 20] [--objectives 1] [--krs 5] [--members 10]
//                     [--team-checkins 50000] [--workspace-checkins 0] [--days 77]
//
// Team bench1 gets --team-checkins check-ins by its members on its KRs; the other teams share
// --workspace-checkins. Names and numbers follow bench_loadgen (teams bench1..N, users
// U(team + k * teams), O- and KR- numbers assigned team by team), so its load addresses them.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>

namespace {

struct Options {
    std::string out;
    int teams = 20;
    int objectives = 1;
    int krs = 5;
    int members = 10;
    long long team_checkins = 50000;
    long long workspace_checkins = 0;
    int days = 77;  // 11 weeks
};

std::string user_of(const Options& o, int team, int k) { return "U" + std::to_string(team + k * o.teams); }

std::string iso(std::time_t t) {
    char buf[32];
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string quarter(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    return std::to_string(tm.tm_year + 1900) + "-Q" + std::to_string(tm.tm_mon / 3 + 1);
}

// One array of check-ins on KRs [first_kr, first_kr + krs) by the members of `team`
// (team 0: any team but bench1), evenly spread over the window ending now.
void checkins(std::FILE* f, const Options& o, long long count, int first_kr, int krs, int team, std::time_t now,
              bool& first_row) {
    const long long window = static_cast<long long>(o.days) * 86400;
    for (long long i = 0; i < count; ++i) {
        const int kr = first_kr + static_cast<int>(i % krs);
        const int t = team > 0 ? team : 2 + static_cast<int>((kr - first_kr) / (o.objectives * o.krs));
        const std::time_t at = now - window + static_cast<std::time_t>(i * window / count);
        std::fprintf(f, "%s\n{\"kr\":\"KR-%d\",\"user\":\"%s\",\"value\":%lld,\"confidence\":%d,\"note\":\"history %lld\","
                        "\"created_at\":\"%s\"}",
                     first_row ? "" : ",", kr, user_of(o, t, static_cast<int>(i / krs % o.members)).c_str(),
                     i % 1000, 5 + static_cast<int>(i % 5), i, iso(at).c_str());
        first_row = false;
    }
}

void write(const Options& o) {
    std::FILE* f = std::fopen(o.out.c_str(), "w");
    if (!f) throw std::runtime_error("cannot write " + o.out);
    const std::time_t now = std::time(nullptr);
    const std::string created = iso(now - (o.days + 7) * 86400L);
    std::fprintf(f, "{\"format\":\"goalpost-export\",\"version\":1,\"schema_version\":8,\"exported_at\":\"%s\","
                    "\"workspaces\":[{\"key\":\"slack:T1\",\"cycles\":[],\"teams\":[",
                 iso(now).c_str());
    for (int t = 1; t <= o.teams; ++t) {
        std::fprintf(f, "%s\n{\"name\":\"bench%d\",\"channel\":\"C%d\",\"timezone\":\"UTC\",\"created_by\":\"%s\","
                        "\"created_at\":\"%s\",\"members\":[",
                     t > 1 ? "," : "", t, 100 + t, user_of(o, t, 0).c_str(), created.c_str());
        for (int k = 0; k < o.members; ++k) {
            std::fprintf(f, "%s{\"user\":\"%s\",\"lead\":false,\"added_at\":\"%s\"}", k ? "," : "",
                         user_of(o, t, k).c_str(), created.c_str());
        }
        std::fprintf(f, "]}");
    }
    std::fprintf(f, "],\"objectives\":[");
    for (int t = 1; t <= o.teams; ++t) {
        for (int j = 0; j < o.objectives; ++j) {
            const int number = (t - 1) * o.objectives + j + 1;
            std::fprintf(f, "%s\n{\"number\":\"O-%d\",\"title\":\"Objective %d of bench%d\",\"team\":\"bench%d\","
                            "\"cycle\":\"%s\",\"visibility\":\"%s\",\"created_by\":\"%s\",\"created_at\":\"%s\"}",
                         number > 1 ? "," : "", number, j + 1, t, t, quarter(now).c_str(),
                         j % 2 ? "internal" : "public", user_of(o, t, 0).c_str(), created.c_str());
        }
    }
    std::fprintf(f, "],\"key_results\":[");
    for (int t = 1; t <= o.teams; ++t) {
        for (int j = 0; j < o.objectives; ++j) {
            for (int k = 0; k < o.krs; ++k) {
                const int objective = (t - 1) * o.objectives + j + 1;
                const int number = (objective - 1) * o.krs + k + 1;
                std::fprintf(f, "%s\n{\"number\":\"KR-%d\",\"objective\":\"O-%d\",\"title\":\"Key result %d\","
                                "\"start\":0,\"target\":1000,\"current\":0,\"unit\":\"pts\",\"owner\":\"%s\","
                                "\"created_at\":\"%s\"}",
                             number > 1 ? "," : "", number, objective, k + 1,
                             user_of(o, t, k % o.members).c_str(), created.c_str());
            }
        }
    }
    std::fprintf(f, "],\"checkins\":[");
    bool first_row = true;
    const int per_team = o.objectives * o.krs;
    checkins(f, o, o.team_checkins, 1, per_team, 1, now, first_row);
    if (o.teams > 1) checkins(f, o, o.workspace_checkins, per_team + 1, per_team * (o.teams - 1), 0, now, first_row);
    std::fprintf(f, "],\"wins\":[],\"grade_overrides\":[],\"retros\":[],\"edits\":[]}]}\n");
    if (std::fclose(f) != 0) throw std::runtime_error("cannot finish " + o.out);
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--out") o.out = value();
        else if (a == "--teams") o.teams = std::max(1, std::atoi(value()));
        else if (a == "--objectives") o.objectives = std::max(1, std::atoi(value()));
        else if (a == "--krs") o.krs = std::max(1, std::atoi(value()));
        else if (a == "--members") o.members = std::max(1, std::atoi(value()));
        else if (a == "--team-checkins") o.team_checkins = std::max(0LL, std::atoll(value()));
        else if (a == "--workspace-checkins") o.workspace_checkins = std::max(0LL, std::atoll(value()));
        else if (a == "--days") o.days = std::max(1, std::atoi(value()));
        else {
            std::fprintf(stderr, "usage: bench_history_gen --out FILE [--teams N] [--objectives N] [--krs N] "
                                 "[--members N] [--team-checkins N] [--workspace-checkins N] [--days N]\n");
            return 2;
        }
    }
    if (o.out.empty()) {
        std::fprintf(stderr, "bench_history_gen: --out FILE is required\n");
        return 2;
    }
    try {
        write(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_history_gen: %s\n", e.what());
        return 1;
    }
    return 0;
}
