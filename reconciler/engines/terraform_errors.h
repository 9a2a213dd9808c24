#pragma once

#include <string>
#include <string_view>

namespace faber::reconciler {

// What a failed terraform/tofu command's output says, as far as the engine's remedies care.
enum class TerraformFailure {
  kOther,            // nothing the engine can fix by itself: goes to the debugger
  kTransient,        // throttling, timeouts, connection resets, 5xx: retry with backoff
  kStateLocked,      // the state lock is held (the lock id is in the output)
  kNeedsUpgrade,     // the dependency lock file does not match the providers required
  kNeedsReconfigure, // the backend configuration changed since init
};

// Returns the name of `failure`, e.g. "state_locked".
const char* TerraformFailureName(TerraformFailure failure);

// Classifies the output (stdout and stderr) of a failed terraform/tofu command.
TerraformFailure ClassifyTerraformFailure(std::string_view output);

// Returns the lock id of a "Error acquiring the state lock" message ("ID: ..." under Lock Info),
// or "" when the output names none.
std::string LockIdFrom(std::string_view output);

}  // namespace faber::reconciler
