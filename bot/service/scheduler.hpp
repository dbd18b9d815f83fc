#pragma once
// Drives the cadence and the outbox in `serve`: one thread sleeping on one Asio timer until
// the next due instant (a schedule or an outbox row), never polling every team.
#include <functional>
#include <memory>
#include <optional>

#include "core/types.hpp"

namespace goalpost::bot {

class CadenceService;
class Delivery;

class Scheduler {
public:
    using Clock = std::function<core::Time()>;
    Scheduler(CadenceService& cadence, Delivery& delivery, Clock clock);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Work to do at the start of every pass (writing announcements a failed disk held back);
    // it returns when it wants the next pass, if it does. Set before start().
    using Task = std::function<std::optional<core::Time>(core::Time now)>;
    void before_each_pass(Task task) { before_ = std::move(task); }

    // One pass at `now`: fire what is due, deliver what is due; returns when to look next.
    core::Time tick(core::Time now);

    void start();
    // Look again now (e.g. a command put something into the outbox).
    void wake();
    // Finishes the pass in progress, then stops the thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    CadenceService& cadence_;
    Delivery& delivery_;
    Clock clock_;
    Task before_;
};

}  // namespace goalpost::bot
