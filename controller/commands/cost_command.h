#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber cost DIR [--usage-file F] [--budget N] [--warn-share S] [--compare OTHER_DIR]
//   [--pricing DIR] [--var-file F]... [--var K=V]... [--format text|json]
// Estimates the monthly cost of the module in DIR (with --compare: the delta from the module in
// OTHER_DIR, e.g. the deployed commit). Exit 1 when the estimate is over --budget, 2 on bad input.
int RunCostCommand(CommandContext& ctx);

}  // namespace faber::controller
