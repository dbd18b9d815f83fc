#include "storage/sql/work.hpp"

namespace goalpost::storage {
namespace {

thread_local SqlWork this_thread;
thread_local std::vector<std::string>* kept_sql = nullptr;

}  // namespace

SqlWork sql_work_of_this_thread() { return this_thread; }

SqlWorkMeter::SqlWorkMeter(bool keep_sql) : start_(sql_work_of_this_thread()), keep_sql_(keep_sql) {
    if (keep_sql_) kept_sql = &sql_;
}

SqlWorkMeter::~SqlWorkMeter() {
    if (keep_sql_) kept_sql = nullptr;
}

namespace detail {

void count_statement(std::uint64_t vm_steps, std::uint64_t fullscan_steps, std::string_view sql) {
    ++this_thread.statements;
    this_thread.vm_steps += vm_steps;
    this_thread.fullscan_steps += fullscan_steps;
    if (kept_sql != nullptr) kept_sql->emplace_back(sql);
}

}  // namespace detail
}  // namespace goalpost::storage
