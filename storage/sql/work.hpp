#pragma once
// What the statements run by the current thread cost SQLite, counted as each statement
// finishes (sqlite3_stmt_status): how many ran, their virtual-machine steps (a measure of
// rows and index entries touched) and their steps of full table or index scans. Per thread
// and always on: a few loads and adds per statement, no shared cache line. Tests use it to
// check that a request's work stays bounded whatever the history.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace goalpost::storage {

struct SqlWork {
    std::uint64_t statements = 0;
    std::uint64_t vm_steps = 0;
    std::uint64_t fullscan_steps = 0;

    SqlWork operator-(const SqlWork& earlier) const {
        return {statements - earlier.statements, vm_steps - earlier.vm_steps, fullscan_steps - earlier.fullscan_steps};
    }
};

// The totals of this thread since it started.
SqlWork sql_work_of_this_thread();

// Measures what runs on this thread between its construction and work(); with
// `keep_sql`, also the text of each statement run (for EXPLAIN QUERY PLAN in tests).
// One meter per thread at a time keeps the text.
class SqlWorkMeter {
public:
    explicit SqlWorkMeter(bool keep_sql = false);
    ~SqlWorkMeter();
    SqlWorkMeter(const SqlWorkMeter&) = delete;
    SqlWorkMeter& operator=(const SqlWorkMeter&) = delete;

    SqlWork work() const { return sql_work_of_this_thread() - start_; }
    const std::vector<std::string>& statements() const { return sql_; }

private:
    SqlWork start_;
    bool keep_sql_;
    std::vector<std::string> sql_;
};

namespace detail {
// Called by Statement when a statement finished or was reset after stepping.
void count_statement(std::uint64_t vm_steps, std::uint64_t fullscan_steps, std::string_view sql);
}  // namespace detail

}  // namespace goalpost::storage
