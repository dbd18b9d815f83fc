#pragma once
// What import refuses: a problem found in an export document, where and what.
#include <string>
#include <vector>

namespace goalpost::transfer {

struct Problem {
    std::string where;  // a path into the document, like `workspaces[0].objectives[2].team`
    std::string message;
};
using Problems = std::vector<Problem>;

// Grouped by place in natural order ("teams[2]" before "teams[10]"); problems at one place
// keep the order they were found in.
void sort_by_place(Problems& problems);

}  // namespace goalpost::transfer
