#pragma once
// Runs the teams' cadence: for a given `now`, fires every reminder, nudge, digest and
// summary that is due and has not fired for its period, putting its messages into the
// outbox in the same transaction. No clock inside: `now` is an argument.
#include <chrono>
#include <optional>
#include <string>

#include "core/message.hpp"
#include "core/ports.hpp"
#include "storage/storage.hpp"

namespace goalpost::bot {

class CadenceService {
public:
    // `public_url` (server.public_url): digests link to the team's dashboard page, and each
    // monthly summary to a stakeholder view of its own, valid until the next summary.
    CadenceService(storage::Storage& store, std::chrono::seconds grace, std::string command_name,
                   std::optional<std::string> public_url = std::nullopt);

    struct Result {
        int fired = 0;
        int skipped = 0;   // fell due longer ago than the grace window
        int messages = 0;  // rows put into the outbox
    };
    Result run_due(core::Time now);
    // The earliest scheduled instant after `now` over every team; nullopt with no teams.
    std::optional<core::Time> next_due(core::Time now);

    core::Repositories repositories();
    // The digest a team would get for the week ending at `at` (a preview: nothing is posted).
    core::Message digest(const core::WorkspaceKey& ws, const core::Team& team, core::Time at);
    // The stakeholder summary of a month "YYYY-MM"; nullopt for a malformed month.
    std::optional<core::Message> summary(const core::WorkspaceKey& ws, const core::Team& team,
                                         const std::string& month);

private:
    std::vector<storage::NewOutboxItem> messages_for(const storage::ScheduledTeam& t, core::ScheduleKind kind,
                                                     const core::Occurrence& o, core::Time now);

    storage::Storage& store_;
    storage::ScheduleRuns& runs_;
    core::CadenceRepository& cadence_;
    std::chrono::seconds grace_;
    std::string command_name_;
    std::optional<std::string> public_url_;
};

}  // namespace goalpost::bot
