#pragma once

#include "reconciler/stages/run_context.h"

namespace faber::reconciler {

// The stages of the pipeline, one file each. Each appends its record to the run's summary and
// returns false when the run must stop there (the summary's failure says why).

// init and validate through the engine: the code is well-formed and its providers resolve.
bool RunValidateStage(RunContext& ctx);
// The tests that need no deploy: security and compliance rules, cost against the budget, the
// external scanners and the environment's test commands, into the pre-deployment report.
bool RunPreDeploymentStage(RunContext& ctx);
// The plan through the engine, its summary, and the pre-deployment tests again over its values.
bool RunPreviewStage(RunContext& ctx);
// The apply through the engine, then the outputs it left (sensitive values masked).
bool RunDeployStage(RunContext& ctx);
// What the deploy left: the state against the plan, the security posture, alarms and the health
// checks, into the post-deployment report.
bool RunPostDeploymentStage(RunContext& ctx);

// Masks the values of outputs marked sensitive in `terraform output -json` shaped JSON
// ({"name": {"value": ..., "sensitive": true}}) and redacts the rest.
nlohmann::json MaskOutputs(const nlohmann::json& outputs, const common::Redactor& redactor);

}  // namespace faber::reconciler
