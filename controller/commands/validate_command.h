#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber validate DIR [--format text|json]: syntax and structure of the module in DIR and of the
// local modules it calls; one "file:line:col: summary" line per problem; exit 1 when any.
int RunValidateCommand(CommandContext& ctx);

}  // namespace faber::controller
