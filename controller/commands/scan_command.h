#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber scan DIR [--format text|json|sarif|junit] [--policies DIR]... [--skip ID]...
//   [--required-tag T]... [--naming REGEX] [--production] [--block-on SEV,...] [--var-file F]... [--var K=V]...
//   [--scanner checkov|tfsec|trivy]... [--scanner-timeout DURATION] [--require-scanners]
// Runs the security rules and compliance gates over the module in DIR, and the external scanners
// named that are on PATH, their findings merged into the same report. Exit 1 when a finding of a
// blocking severity (default CRITICAL,HIGH) failed, or with --require-scanners when a scanner did
// not run; 2 on bad input.
int RunScanCommand(CommandContext& ctx);

}  // namespace faber::controller
