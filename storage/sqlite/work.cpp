#include "storage/sqlite/work.hpp"

namespace goalpost::storage {
namespace {

thread_local SqlWork this_thread;

}  // namespace

SqlWork sql_work_of_this_thread() { return this_thread; }

namespace detail {

void count_statement(std::uint64_t vm_steps, std::uint64_t fullscan_steps) {
    ++this_thread.statements;
    this_thread.vm_steps += vm_steps;
    this_thread.fullscan_steps += fullscan_steps;
}

}  // namespace detail
}  // namespace goalpost::storage
