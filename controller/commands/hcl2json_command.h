#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber hcl2json FILE... [--compact]: the parse of each file in hcl2json's JSON shape; for
// several files, one object mapping each path as given to its JSON ({"error": ...} when it does
// not parse). Exit 1 when any file has a syntax error, 2 when one cannot be read.
int RunHcl2JsonCommand(CommandContext& ctx);

}  // namespace faber::controller
