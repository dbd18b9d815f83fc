#pragma once
// The checks import makes before it writes anything: numbers and names unique, references
// that resolve, values in range, and nothing the target workspace already has.
#include <string>
#include <vector>

#include "transfer/document.hpp"
#include "transfer/problem.hpp"

namespace goalpost::transfer {

// What the target database already holds, by the names and numbers users see (storage
// answers). Its teams may be referred to; its names and numbers must not be used again.
class Existing {
public:
    virtual ~Existing() = default;
    virtual bool has_team(const core::WorkspaceKey& ws, const std::string& name) = 0;   // ASCII case ignored
    virtual bool has_cycle(const core::WorkspaceKey& ws, const std::string& name) = 0;  // ASCII case ignored
    virtual bool has_objective(const core::WorkspaceKey& ws, int number) = 0;
    virtual bool has_key_result(const core::WorkspaceKey& ws, int number) = 0;
};

// A workspace of a document and its place there ("workspaces[2]"), which every problem found
// in it names.
struct Placed {
    std::string where;
    Workspace workspace;
};

// One workspace's rows on their own and, when `target` is given, against what it holds.
Problems check(const Workspace& ws, const std::string& where, Existing* target = nullptr);
// Every workspace of `chosen`, in order.
Problems check(const std::vector<Placed>& chosen, Existing* target = nullptr);

// A workspace key that appears twice in a document (`workspaces[i]` names the later one).
Problems check_keys(const std::vector<Workspace>& workspaces);

// The file on its own, before any database is opened: what reading found (`reading`), then
// what check() finds in `chosen` at the places reading did not already complain about.
Problems check_alone(Problems reading, const std::vector<Placed>& chosen);

}  // namespace goalpost::transfer
