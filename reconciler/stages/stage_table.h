#pragma once

#include <array>

#include "manifests/run_vocabulary.h"
#include "reconciler/stages/stages.h"

namespace faber::reconciler {

// One row of the pipeline: a stage and what runs it.
struct StageEntry {
  manifests::Stage stage;
  bool (*run)(RunContext& ctx);
};

// The pipeline, in order. The failure judging (manifests::kStageOrder), the records and the
// reports read the same order; the static_asserts below keep the two lists one.
inline constexpr std::array<StageEntry, 5> kStages = {{
    {manifests::Stage::kValidate, RunValidateStage},
    {manifests::Stage::kPreDeployment, RunPreDeploymentStage},
    {manifests::Stage::kPreview, RunPreviewStage},
    {manifests::Stage::kDeploy, RunDeployStage},
    {manifests::Stage::kPostDeployment, RunPostDeploymentStage},
}};

constexpr bool StageTableMatchesOrder() {
  for (size_t i = 0; i < kStages.size(); ++i) {
    if (kStages[i].stage != manifests::kStageOrder[i]) return false;
  }
  return kStages.size() == manifests::kStageOrder.size();
}
static_assert(StageTableMatchesOrder(), "kStages must list the stages in manifests::kStageOrder");

}  // namespace faber::reconciler
