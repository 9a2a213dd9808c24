#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber reconcile --repo PATH|URL [--env E] [--once] [--retry] [--skip-tests] [--approve SHA]
//                 [--interval D] [--data-dir DIR] [--format text|json]
int RunReconcileCommand(CommandContext& ctx);

}  // namespace faber::controller
