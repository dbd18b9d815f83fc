#pragma once
// Reads the database file directly, independent of goalpost's own queries: rows joined by
// newlines, columns by '|', NULL as "NULL".
#include <boost/test/unit_test.hpp>
#include <sqlite3.h>
#include <string>

namespace goalpost::testing {

inline std::string query(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
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

inline bool has(const std::string& s, const std::string& needle) { return s.find(needle) != std::string::npos; }

}  // namespace goalpost::testing
