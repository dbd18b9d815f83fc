#pragma once
// Export documents written by an older goalpost, read with the meaning their rows have now.
#include "transfer/document.hpp"

namespace goalpost::transfer {

// The first schema (migration 8) whose Slack text is stored as typed. A document exported
// from an older file holds what Slack sent instead ("R&amp;D").
inline constexpr int slack_text_as_typed_since = 8;

// Decodes every text a person typed in a Slack workspace (key "slack:..."), once, as
// migration 8 does for a database file; other workspaces are left alone. Team names change
// with every reference to them (parents, objectives, wins); a team whose decoded name
// another team of the workspace has or gets keeps its name, as in the migration.
void decode_slack_text(Workspace& ws);

}  // namespace goalpost::transfer
