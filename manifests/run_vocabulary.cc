#include "manifests/run_vocabulary.h"

namespace faber::manifests {
namespace {

// Finds `name` among the names `name_of` gives the values [0, count) of an enum.
template <typename Enum, typename NameOf>
std::optional<Enum> ParseByName(std::string_view name, int count, NameOf name_of) {
  for (int i = 0; i < count; ++i) {
    if (name == name_of(static_cast<Enum>(i))) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kValidate: return "validate";
    case Stage::kPreDeployment: return "pre-deployment";
    case Stage::kPreview: return "preview";
    case Stage::kDeploy: return "deploy";
    case Stage::kPostDeployment: return "post-deployment";
  }
  return "validate";
}

const char* StageStatusName(StageStatus status) {
  switch (status) {
    case StageStatus::kPassed: return "passed";
    case StageStatus::kFailed: return "failed";
    case StageStatus::kSkipped: return "skipped";
    case StageStatus::kNotRun: return "not_run";
    case StageStatus::kAborted: return "aborted";
  }
  return "failed";
}

const char* RunStatusName(RunStatus status) {
  switch (status) {
    case RunStatus::kSucceeded: return "succeeded";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kAborted: return "aborted";
    case RunStatus::kInterrupted: return "interrupted";
  }
  return "failed";
}

const char* DriftVerdictName(DriftVerdict verdict) {
  switch (verdict) {
    case DriftVerdict::kInSync: return "in_sync";
    case DriftVerdict::kDrifted: return "drifted";
    case DriftVerdict::kFailed: return "failed";
  }
  return "failed";
}

const char* RunKindName(RunKind kind) {
  switch (kind) {
    case RunKind::kDeploy: return "deploy";
    case RunKind::kPreview: return "preview";
    case RunKind::kDrift: return "drift";
  }
  return "deploy";
}

std::optional<Stage> ParseStage(std::string_view name) { return ParseByName<Stage>(name, 5, StageName); }
std::optional<StageStatus> ParseStageStatus(std::string_view name) {
  return ParseByName<StageStatus>(name, 5, StageStatusName);
}
std::optional<RunStatus> ParseRunStatus(std::string_view name) { return ParseByName<RunStatus>(name, 4, RunStatusName); }
std::optional<DriftVerdict> ParseDriftVerdict(std::string_view name) {
  return ParseByName<DriftVerdict>(name, 3, DriftVerdictName);
}

}  // namespace faber::manifests
