#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber show-plan PLAN.json [--format text|json|markdown]: the change summary of a
// `terraform show -json` plan, sensitive values masked; exit 2 when the file is not a readable plan.
int RunShowPlanCommand(CommandContext& ctx);

}  // namespace faber::controller
