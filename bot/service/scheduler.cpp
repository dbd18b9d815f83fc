#include "bot/service/scheduler.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

#include "bot/service/cadence_service.hpp"
#include "bot/outbox/delivery.hpp"
#include "bot/service/log.hpp"

namespace goalpost::bot {

namespace net = boost::asio;

namespace {
// Wake at least this often, so a changed wall clock or a new team is picked up.
constexpr auto longest_sleep = std::chrono::minutes(10);
}  // namespace

struct Scheduler::Impl {
    net::io_context ioc;
    net::steady_timer timer{ioc};
    std::thread thread;
    std::function<void()> loop;  // one pass, then wait on the timer for the next
};

Scheduler::Scheduler(CadenceService& cadence, Delivery& delivery, Clock clock)
    : impl_(std::make_unique<Impl>()), cadence_(cadence), delivery_(delivery), clock_(std::move(clock)) {}

Scheduler::~Scheduler() { stop(); }

core::Time Scheduler::tick(core::Time now) {
    core::Time next = now + longest_sleep;
    try {
        if (before_) {
            if (auto wanted = before_(now)) next = std::min(next, std::max(*wanted, now));
        }
        auto fired = cadence_.run_due(now);
        if (fired.fired || fired.skipped) {
            log::info("scheduler: {} fired, {} skipped, {} message(s) queued", fired.fired, fired.skipped,
                      fired.messages);
        }
        auto pass = delivery_.run_once(now);
        if (pass.next_due) next = std::min(next, std::max(*pass.next_due, now));
        if (auto due = cadence_.next_due(now)) next = std::min(next, *due);
    } catch (const std::exception& e) {
        // The database or the network failed: log it and try again shortly.
        log::error("scheduler pass failed: {}", e.what());
        next = now + std::chrono::seconds(30);
    }
    return next;
}

void Scheduler::start() {
    impl_->loop = [this] {
        core::Time now = clock_();
        core::Time next = tick(now);
        auto wait = std::clamp<std::chrono::seconds>(next - clock_(), std::chrono::seconds(0), longest_sleep);
        impl_->timer.expires_after(wait);
        impl_->timer.async_wait([this](boost::system::error_code) { impl_->loop(); });
    };
    net::post(impl_->ioc, [this] { impl_->loop(); });
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

void Scheduler::wake() {
    net::post(impl_->ioc, [this] { impl_->timer.cancel(); });
}

void Scheduler::stop() {
    if (!impl_->thread.joinable()) return;
    impl_->ioc.stop();
    impl_->thread.join();
}

}  // namespace goalpost::bot
