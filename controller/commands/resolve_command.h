#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber resolve ISSUE_ID --solution-id ID|--solution TEXT --outcome success|failure [--env E]
//   (--issue-log DIR | --repo PATH)
// Records one attempt at fixing an issue (a new manual solution with --solution); success rates
// and resolution times move. Exit 0 recorded, 2 on bad input or an unknown issue or solution.
int RunResolveCommand(CommandContext& ctx);

}  // namespace faber::controller
