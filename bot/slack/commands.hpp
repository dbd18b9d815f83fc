#pragma once
// POST /slack/commands: a slash command, verified, read, run, answered with Block Kit.
#include "bot/http/types.hpp"
#include "bot/service/edge.hpp"
#include "bot/slack/verify.hpp"

namespace goalpost::bot {

class SlackCommands {
public:
    SlackCommands(const EdgeContext& edge, const SlackVerifier& verifier) : edge_(edge), verifier_(verifier) {}
    HttpResponse handle(const HttpRequest& request, core::Time now) const;

private:
    const EdgeContext& edge_;
    const SlackVerifier& verifier_;
};

}  // namespace goalpost::bot
