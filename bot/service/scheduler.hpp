#pragma once
// Drives the cadence and the outbox in `serve`: one thread sleeping on one Asio timer until
// the next due instant (a schedule or an outbox row), never polling every team.
#include <functional>
#include <memory>

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
};

}  // namespace goalpost::bot
