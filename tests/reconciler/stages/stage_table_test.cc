#include "reconciler/stages/stage_table.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "manifests/run_vocabulary.h"

namespace faber::reconciler {
namespace {

using manifests::DriftVerdict;
using manifests::RunStatus;
using manifests::Stage;
using manifests::StageStatus;

TEST(StageTableTest, ListsEveryStageOnceInPipelineOrder) {
  ASSERT_EQ(kStages.size(), manifests::kStageOrder.size());
  std::set<Stage> seen;
  for (size_t i = 0; i < kStages.size(); ++i) {
    EXPECT_EQ(kStages[i].stage, manifests::kStageOrder[i]) << "row " << i;
    EXPECT_NE(kStages[i].run, nullptr) << manifests::StageName(kStages[i].stage);
    EXPECT_EQ(manifests::StageIndex(kStages[i].stage), static_cast<int>(i));
    seen.insert(kStages[i].stage);
  }
  EXPECT_EQ(seen, (std::set<Stage>{Stage::kValidate, Stage::kPreDeployment, Stage::kPreview, Stage::kDeploy,
                                   Stage::kPostDeployment}));
}

TEST(StageTableTest, EachStageRunsItsOwnFunction) {
  EXPECT_EQ(kStages[0].run, &RunValidateStage);
  EXPECT_EQ(kStages[1].run, &RunPreDeploymentStage);
  EXPECT_EQ(kStages[2].run, &RunPreviewStage);
  EXPECT_EQ(kStages[3].run, &RunDeployStage);
  EXPECT_EQ(kStages[4].run, &RunPostDeploymentStage);
}

TEST(StageTableTest, StageOrderIsThePipelineOrder) {
  EXPECT_EQ(manifests::kStageOrder,
            (std::array<Stage, 5>{Stage::kValidate, Stage::kPreDeployment, Stage::kPreview, Stage::kDeploy,
                                  Stage::kPostDeployment}));
}

TEST(RunVocabularyTest, StageNamesRoundTrip) {
  const std::pair<Stage, std::string> names[] = {{Stage::kValidate, "validate"},
                                                 {Stage::kPreDeployment, "pre-deployment"},
                                                 {Stage::kPreview, "preview"},
                                                 {Stage::kDeploy, "deploy"},
                                                 {Stage::kPostDeployment, "post-deployment"}};
  for (const auto& [stage, name] : names) {
    EXPECT_EQ(manifests::StageName(stage), name);
    EXPECT_EQ(manifests::ParseStage(name), stage) << name;
  }
  for (Stage stage : manifests::kStageOrder) EXPECT_EQ(manifests::ParseStage(manifests::StageName(stage)), stage);
}

TEST(RunVocabularyTest, StageStatusNamesRoundTrip) {
  const std::pair<StageStatus, std::string> names[] = {{StageStatus::kPassed, "passed"},
                                                       {StageStatus::kFailed, "failed"},
                                                       {StageStatus::kSkipped, "skipped"},
                                                       {StageStatus::kNotRun, "not_run"},
                                                       {StageStatus::kAborted, "aborted"}};
  for (const auto& [status, name] : names) {
    EXPECT_EQ(manifests::StageStatusName(status), name);
    EXPECT_EQ(manifests::ParseStageStatus(name), status) << name;
  }
}

TEST(RunVocabularyTest, RunStatusNamesRoundTrip) {
  const std::pair<RunStatus, std::string> names[] = {{RunStatus::kSucceeded, "succeeded"},
                                                     {RunStatus::kFailed, "failed"},
                                                     {RunStatus::kAborted, "aborted"},
                                                     {RunStatus::kInterrupted, "interrupted"}};
  for (const auto& [status, name] : names) {
    EXPECT_EQ(manifests::RunStatusName(status), name);
    EXPECT_EQ(manifests::ParseRunStatus(name), status) << name;
  }
}

TEST(RunVocabularyTest, DriftVerdictNamesRoundTrip) {
  const std::pair<DriftVerdict, std::string> names[] = {
      {DriftVerdict::kInSync, "in_sync"}, {DriftVerdict::kDrifted, "drifted"}, {DriftVerdict::kFailed, "failed"}};
  for (const auto& [verdict, name] : names) {
    EXPECT_EQ(manifests::DriftVerdictName(verdict), name);
    EXPECT_EQ(manifests::ParseDriftVerdict(name), verdict) << name;
  }
}

TEST(RunVocabularyTest, RunKindNames) {
  EXPECT_STREQ(manifests::RunKindName(manifests::RunKind::kDeploy), "deploy");
  EXPECT_STREQ(manifests::RunKindName(manifests::RunKind::kPreview), "preview");
  EXPECT_STREQ(manifests::RunKindName(manifests::RunKind::kDrift), "drift");
}

TEST(RunVocabularyTest, UnknownNamesAreRejected) {
  for (const char* name : {"", "Validate", "pre_deployment", "predeployment", "post-deploy", "apply", "deploy "}) {
    EXPECT_EQ(manifests::ParseStage(name), std::nullopt) << '"' << name << '"';
  }
  for (const char* name : {"", "PASSED", "not-run", "notrun", "pass", "failed\n"}) {
    EXPECT_EQ(manifests::ParseStageStatus(name), std::nullopt) << '"' << name << '"';
  }
  for (const char* name : {"", "success", "Succeeded", "running", "in_sync"}) {
    EXPECT_EQ(manifests::ParseRunStatus(name), std::nullopt) << '"' << name << '"';
  }
  for (const char* name : {"", "in-sync", "insync", "drift", "succeeded"}) {
    EXPECT_EQ(manifests::ParseDriftVerdict(name), std::nullopt) << '"' << name << '"';
  }
}

}  // namespace
}  // namespace faber::reconciler
