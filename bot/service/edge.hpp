#pragma once
// What the platform endpoints (Slack commands, interactions and events; Teams messages)
// share. The App owns every piece and hands this to each endpoint.
#include "config/settings.hpp"
#include "core/ports.hpp"
#include "core/sources.hpp"

namespace goalpost::storage {
class DashboardAccess;
class EventLog;
}  // namespace goalpost::storage

namespace goalpost::bot {

class CommandRunner;
class Metrics;
class OutboundHttp;
class OutboxWriter;

struct EdgeContext {
    const config::Settings& settings;
    core::Repositories repos;  // every port a command may use
    Metrics& metrics;
    CommandRunner& runner;
    OutboxWriter& outbox;
    storage::EventLog& handled;  // Teams Activities and Slack events already handled
    OutboundHttp* http = nullptr;  // views.open for the check-in modal; set by serve
    const core::SourceHooks* sources = nullptr;  // `kr source`, `kr sync`; set by serve
    storage::DashboardAccess* dashboard = nullptr;  // `/okr dashboard` links
};

}  // namespace goalpost::bot
