#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber history --env E [--repo PATH|URL] [--limit N] [--data-dir DIR] [--format text|json]
int RunHistoryCommand(CommandContext& ctx);

}  // namespace faber::controller
