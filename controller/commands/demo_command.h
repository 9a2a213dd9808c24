#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber demo [--dir DIR]: builds a self-contained example repository, reconciles it end to end
// (deploys a small site served on a loopback port and health-checks it), merges a change that
// breaks the deploy, and prints what happened and how to audit it.
int RunDemoCommand(CommandContext& ctx);

}  // namespace faber::controller
