#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber debug --error TEXT|--error-file F [--operation O] [--env E] [--issue-log DIR | --repo PATH]
//   [--min-confidence low|medium|high] [--format text|json|markdown]
// Diagnoses a deploy error and proposes ranked fixes; with an issue log, records the occurrence.
// Exit 0 with a diagnosis, 2 on bad input.
int RunDebugCommand(CommandContext& ctx);

}  // namespace faber::controller
