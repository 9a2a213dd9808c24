#pragma once

#include <string>

#include "common/status.h"
#include "reconciler/engines/engine.h"
#include "reconciler/failure_debugger.h"
#include "store/records_store.h"

namespace faber::reconciler {

// A fix a person asked faber to carry out (`/faber apply-fix <solution_id>`,
// `faber reconcile --apply-fix`), found among the proposals of the environment's last failed run.
struct RequestedFix {
  FixAttempt attempt;         // issue, solution, remedy, and the stage and operation that failed
  std::string commit;         // the commit whose run failed: the fix runs it again
  ApprovedRemedies approved;  // what the engine may do for it beyond its policy
  std::string description;    // the solution, for the reply
};

// Finds `solution_id` in the debugger's proposal of `environment`'s last run on the records branch.
// kNotFound when there is no failed run or no such proposal (naming those there are);
// kInvalidInput when the solution is a person's to carry out (with its steps), is known not to
// apply, or is an unlock without a lock id.
common::Result<RequestedFix> FindRequestedFix(const store::RecordsSnapshot& records, const std::string& environment,
                                              const std::string& solution_id, const std::string& requested_by);

}  // namespace faber::reconciler
