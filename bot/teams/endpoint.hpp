#pragma once
// POST /teams/messages: a Teams outgoing webhook. The body is verified on its raw bytes, the
// Activity parsed, checked for age and replay, and its text run through the same /okr
// grammar as Slack. Teams waits at most 5 seconds for the reply; nothing here waits on
// anything but the local database.
#include <variant>

#include "bot/http/types.hpp"
#include "bot/service/edge.hpp"
#include "bot/teams/activity.hpp"
#include "core/commands/context.hpp"

namespace goalpost::bot {

class TeamsEndpoint {
public:
    explicit TeamsEndpoint(const EdgeContext& edge) : edge_(edge) {}
    HttpResponse handle(const HttpRequest& request, core::Time now) const;

private:
    std::variant<HttpResponse, TeamsActivity> verify(const HttpRequest& request, core::Time now) const;
    core::HandlerContext context_for(const TeamsActivity& activity, core::Time now) const;

    const EdgeContext& edge_;
};

}  // namespace goalpost::bot
