// The validate stage: the engine's init and validate.

#include "reconciler/stages/stage_steps.h"
#include "reconciler/stages/stages.h"

namespace faber::reconciler {

bool RunValidateStage(RunContext& ctx) {
  return RunEngineOperations(ctx, manifests::Stage::kValidate,
                             {{"init", &Engine::Init}, {"validate", &Engine::Validate}});
}

}  // namespace faber::reconciler
