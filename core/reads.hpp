#pragma once
// What a reader outside chat (the REST API) may see of a workspace, by the same rules as
// chat: the objectives of a cycle with their key results and rolled-up progress, and a key
// result's check-ins. Values, not messages: the reader renders them.
#include <optional>
#include <string>
#include <vector>

#include "core/commands/context.hpp"

namespace goalpost::core {

struct KeyResultRead {
    KeyResult kr;
    std::string team;
    double progress = 0;  // 0..1
};

struct ObjectiveRead {
    Objective objective;
    std::string team;
    double progress = 0;  // rolled up from its key results, 0..1
    std::vector<KeyResultRead> key_results;
};

// The objectives of `cycle` (default: the current one) the asker may see, of the team named
// `team` (exactly that team, not those under it) or of every team, by team then number.
// An unknown team is a not_found refusal; an unknown cycle an invalid one.
UserResult<std::vector<ObjectiveRead>> read_objectives(Context& cx, const std::optional<std::string>& team,
                                                       const std::optional<std::string>& cycle);

// A visible key result's check-ins, newest first: at most `limit`, those before `before` if
// given. A key result the asker may not see is not_found, as one that does not exist.
UserResult<std::vector<Checkin>> read_checkins(Context& cx, int kr_number, std::optional<Time> before, int limit);

}  // namespace goalpost::core
