#pragma once

#include "reconciler/run_summary.h"
#include "reconciler/stages/run_context.h"

namespace faber::reconciler {

// The per-environment pipeline: the stages of reconciler/stages/stage_table.h, in order, up to
// the inputs' last stage. The first failing stage ends the run; later stages are recorded as
// not run. Deploys, previews and requested fixes all run through it, so cancel, redaction and
// output limits come from one place.
class Pipeline {
 public:
  explicit Pipeline(RunServices services) : services_(std::move(services)) {}

  // Runs the stages for `inputs`; never throws, every failure is in the summary. The summary's
  // identity (environment, branch, commit, run id) comes from `inputs`; its times and pull
  // request are the caller's to set.
  RunSummary Run(const RunInputs& inputs);

 private:
  RunServices services_;
};

}  // namespace faber::reconciler
