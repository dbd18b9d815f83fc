#pragma once
// Key-result sources in core's terms: which kinds exist and what arguments each takes, what
// is kept about a KR's source, and the repository that keeps it. Reading a source is the
// edge's (bot/sources/): core never touches the network.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"

namespace goalpost::core {

// A KR's source as `/okr kr source KR-7 KIND ARGS...` set it.
struct SourceSpec {
    std::string kind;               // jira | asana | trello | github | sheets | url
    std::vector<std::string> args;  // as typed, in order (see source_kinds())
};

struct SourceKind {
    std::string_view name;
    std::string_view args;     // for help and errors: "\"JQL query\""
    std::string_view example;  // the arguments of a working example
    std::size_t arity;
};
const std::vector<SourceKind>& source_kinds();

// Checks a spec the user typed: a known kind, its number of arguments, each argument's form
// (an Asana project gid of digits and completed|incomplete|all, a JSON Pointer starting
// with "/" or empty, a Trello list id of 24 hex digits, an A1 range of one cell, ...).
// The error says what to type.
std::optional<std::string> source_spec_problem(const SourceSpec& spec);

// "Jira: project = OPS AND statusCategory = Done", in words for `show`.
std::string describe_source(const SourceSpec& spec);

// The user id a source's check-ins are recorded under: "source:jira" (mention() shows it as
// "goalpost (source: jira)").
std::string source_user(std::string_view kind);

struct KrSource {
    RowId kr_id = 0;
    SourceSpec spec;
    std::string set_by;
    Time set_at{};
    std::optional<Time> last_read_at;
    std::optional<double> last_value;
    std::string last_error;  // of the latest read, empty when it succeeded
    int failures = 0;        // failed reads in a row
};

class SourceRepository {
public:
    virtual ~SourceRepository() = default;
    // Sets (or replaces) the KR's source; it is read at the next round.
    virtual void set_source(const WorkspaceKey& ws, RowId kr_id, const SourceSpec& spec, const std::string& user,
                            Time at) = 0;
    // false when the KR had none.
    virtual bool clear_source(const WorkspaceKey& ws, RowId kr_id) = 0;
    virtual std::optional<KrSource> source_of(const WorkspaceKey& ws, RowId kr_id) = 0;
};

// What reading a KR's source now (`/okr kr sync`) gave.
struct SyncReport {
    std::optional<double> value;  // the number read
    bool changed = false;         // it became a check-in
    std::string error;            // why nothing was read
    // Still reading when the command had to answer; the report goes to `later` (see SourceHooks).
    bool pending = false;
};

// What the edge lends `kr source` and `kr sync`: the configuration and the network.
struct SourceHooks {
    unsigned interval_minutes = 60;
    // What the server's configuration lacks to read `spec` ("sources.jira.api_token isn't
    // set"), or nothing.
    std::function<std::optional<std::string>(const SourceSpec&)> check;
    // Reads the KR's source now; a changed value is recorded and posted like any reading.
    // With `later`, a read that takes longer than a chat platform waits for an answer
    // returns pending and hands its report to `later` when it is done; without, it waits.
    std::function<SyncReport(const WorkspaceKey&, const KeyResult&, Time, std::function<void(const SyncReport&)> later)>
        sync;
};

}  // namespace goalpost::core
