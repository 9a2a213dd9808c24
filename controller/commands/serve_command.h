#pragma once

#include "controller/command.h"

namespace faber::controller {

// faber serve --config server.yaml: polls the configured repositories and reconciles them,
// serves /healthz, /readyz and /metrics, and stops cleanly on SIGTERM.
int RunServeCommand(CommandContext& ctx);

}  // namespace faber::controller
