#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber scan DIR [--format text|json|sarif|junit] [--policies DIR]... [--skip ID]...
//   [--required-tag T]... [--naming REGEX] [--production] [--block-on SEV,...] [--var-file F]... [--var K=V]...
// Runs the security rules and compliance gates over the module in DIR. Exit 1 when a finding of
// a blocking severity (default CRITICAL,HIGH) failed, 2 on bad input.
int RunScanCommand(CommandContext& ctx);

}  // namespace faber::controller
