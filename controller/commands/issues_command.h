#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber issues [stats|show ID|list] (--issue-log DIR | --repo PATH) [--format text|json]
// Reads the issue log: statistics, one issue with its solutions and their records, or all ids.
int RunIssuesCommand(CommandContext& ctx);

}  // namespace faber::controller
