#pragma once
// Reads the database directly, independent of goalpost's own queries: rows joined by
// newlines, columns by '|', NULL as "NULL". `where` is a SQLite file or, for a server on
// PostgreSQL, its schema's URL (RunningServer::db_path()). Numbers of a REAL column read as
// SQLite prints them ("1200.0") on both engines; concat_all() is SQLite's group_concat.
#include <boost/test/unit_test.hpp>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace goalpost::testing {

inline bool is_postgres_url(const std::string& where) {
    return where.rfind("postgresql://", 0) == 0 || where.rfind("postgres://", 0) == 0;
}

// A double as SQLite's text conversion writes it: 15 significant digits, ".0" if integral.
inline std::string sqlite_real_text(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    std::string s = buf;
    if (std::isfinite(v) && s.find_first_of(".e") == std::string::npos) s += ".0";
    return s;
}

inline std::string query_postgres(const std::string& url, const std::string& sql) {
    PGconn* conn = PQconnectdb(url.c_str());
    BOOST_REQUIRE_MESSAGE(PQstatus(conn) == CONNECTION_OK, PQerrorMessage(conn));
    PGresult* res = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK;
    const std::string error = ok ? "" : PQresultErrorMessage(res);
    std::string out;
    if (ok) {
        constexpr Oid float4_oid = 700, float8_oid = 701;
        for (int r = 0; r < PQntuples(res); ++r) {
            if (r) out += "\n";
            for (int c = 0; c < PQnfields(res); ++c) {
                if (c) out += "|";
                if (PQgetisnull(res, r, c)) {
                    out += "NULL";
                } else if (PQftype(res, c) == float8_oid || PQftype(res, c) == float4_oid) {
                    out += sqlite_real_text(std::strtod(PQgetvalue(res, r, c), nullptr));
                } else {
                    out += PQgetvalue(res, r, c);
                }
            }
        }
    }
    PQclear(res);
    PQfinish(conn);
    BOOST_REQUIRE_MESSAGE(ok, error + " in " + sql);
    return out;
}

inline std::string query(const std::string& where, const std::string& sql) {
    if (is_postgres_url(where)) return query_postgres(where, sql);
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(where.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    BOOST_REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    std::string out;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!out.empty()) out += "\n";
        for (int i = 0; i < sqlite3_column_count(st); ++i) {
            if (i) out += "|";
            auto t = sqlite3_column_text(st, i);
            out += t ? reinterpret_cast<const char*>(t) : "NULL";
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

// The values of a text expression joined by `separator`, in the SQL of `where`'s engine.
inline std::string concat_all(const std::string& where, const std::string& expression,
                              const std::string& separator = ",") {
    return (is_postgres_url(where) ? "string_agg(" : "group_concat(") + expression + ", '" + separator + "')";
}

inline bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

}  // namespace goalpost::testing
