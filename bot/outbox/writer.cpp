#include "bot/outbox/writer.hpp"

#include <chrono>

#include "bot/outbox/routes.hpp"
#include "bot/service/log.hpp"
#include "bot/service/metrics.hpp"

namespace goalpost::bot {
namespace {

// How soon kept rows are tried again when nothing else happens.
constexpr std::chrono::seconds retry_after{30};

}  // namespace

OutboxWriter::OutboxWriter(storage::Outbox& outbox, core::CadenceRepository& cadence, Metrics& metrics)
    : outbox_(outbox), cadence_(cadence), metrics_(metrics) {}

void OutboxWriter::set_changed(std::function<void()> changed) { changed_ = std::move(changed); }

void OutboxWriter::write(const core::WorkspaceKey& ws, const std::vector<storage::NewOutboxItem>& items,
                         core::Time now) {
    if (items.empty()) return;
    if (outbox_.enqueue(ws, items, now) > 0 && changed_) changed_();
}

void OutboxWriter::announce(const core::WorkspaceKey& ws, const std::vector<core::Announcement>& posts,
                            core::Time now) {
    if (posts.empty()) return;
    retry_pending(now);
    std::vector<storage::NewOutboxItem> items;
    try {
        for (const auto& post : posts) {
            auto settings = cadence_.settings_of(ws, post.team_id);
            if (!settings) continue;
            if (auto item = to_team_channel(core::platform_of(ws), post.team_id, *settings, settings->channel,
                                            post.message,
                                            post.key.empty() ? std::nullopt : std::optional<std::string>(post.key))) {
                items.push_back(std::move(*item));
            }
        }
        write(ws, items, now);
    } catch (const std::exception& e) {
        log::error("{} announcement(s) of a command that was carried out could not be written to the outbox "
                   "(kept, written again later): {}",
                   posts.size(), e.what());
        metrics_.record_storage_failure();
        keep(ws, std::move(items));
    }
}

std::optional<core::Time> OutboxWriter::retry_pending(core::Time now) {
    std::deque<Kept> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(kept_);
    }
    while (!batch.empty()) {
        const auto ws = batch.front().ws;
        std::vector<storage::NewOutboxItem> items;
        while (!batch.empty() && batch.front().ws == ws) {
            items.push_back(std::move(batch.front().item));
            batch.pop_front();
        }
        try {
            write(ws, items, now);
            log::info("{} kept announcement(s) written to the outbox", items.size());
        } catch (const std::exception& e) {
            log::warn("kept announcements still cannot be written: {}", e.what());
            keep(ws, std::move(items));
            for (auto& rest : batch) keep(rest.ws, {std::move(rest.item)});
            break;
        }
    }
    std::lock_guard lock(mutex_);
    if (kept_.empty()) return std::nullopt;
    return now + retry_after;
}

std::size_t OutboxWriter::pending() const {
    std::lock_guard lock(mutex_);
    return kept_.size();
}

void OutboxWriter::keep(const core::WorkspaceKey& ws, std::vector<storage::NewOutboxItem> items) {
    std::lock_guard lock(mutex_);
    for (auto& item : items) kept_.push_back({ws, std::move(item)});
    std::size_t dropped = 0;
    while (kept_.size() > max_pending) {
        kept_.pop_front();
        ++dropped;
    }
    if (dropped > 0) log::error("{} kept announcement(s) dropped: more than {} waiting", dropped, max_pending);
}

}  // namespace goalpost::bot
