#pragma once

#include <sys/types.h>

#include <string>

namespace faber::reconciler {

// Stops what an interrupted run left running: the processes of group `pgid` that carry
// FABER_RUN_ID=<run_id> in their environment (so a recycled group id is never touched).
// Returns the number of matching processes found (0 when none were left).
int StopLeftoverProcesses(pid_t pgid, const std::string& run_id);

}  // namespace faber::reconciler
