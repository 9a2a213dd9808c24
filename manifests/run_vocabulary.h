#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace faber::manifests {

// The words a run is described in, shared by the reconciler (which decides), the records (which
// store their names) and the forge reports (which render them). Code compares these enums; the
// names exist only where they are written or read back (records, comments, JSON output).

// A stage of the per-environment pipeline, in pipeline order.
enum class Stage { kValidate, kPreDeployment, kPreview, kDeploy, kPostDeployment };
inline constexpr std::array<Stage, 5> kStageOrder = {Stage::kValidate, Stage::kPreDeployment, Stage::kPreview,
                                                     Stage::kDeploy, Stage::kPostDeployment};

// How one stage ended.
enum class StageStatus { kPassed, kFailed, kSkipped, kNotRun, kAborted };

// How one run ended (interrupted: faber died during it and found it at the next start).
enum class RunStatus { kSucceeded, kFailed, kAborted, kInterrupted };

// What a drift check found.
enum class DriftVerdict { kInSync, kDrifted, kFailed };

// What kind of run a report describes.
enum class RunKind { kDeploy, kPreview, kDrift };

// Returns the record name: "validate", "pre-deployment", "preview", "deploy", "post-deployment".
const char* StageName(Stage stage);
// Returns "passed", "failed", "skipped", "not_run" or "aborted".
const char* StageStatusName(StageStatus status);
// Returns "succeeded", "failed", "aborted" or "interrupted".
const char* RunStatusName(RunStatus status);
// Returns "in_sync", "drifted" or "failed".
const char* DriftVerdictName(DriftVerdict verdict);
// Returns "deploy", "preview" or "drift".
const char* RunKindName(RunKind kind);

// The inverse of the names above; nullopt for a name that is none of them.
std::optional<Stage> ParseStage(std::string_view name);
std::optional<StageStatus> ParseStageStatus(std::string_view name);
std::optional<RunStatus> ParseRunStatus(std::string_view name);
std::optional<DriftVerdict> ParseDriftVerdict(std::string_view name);

// The position of `stage` in kStageOrder.
inline constexpr int StageIndex(Stage stage) { return static_cast<int>(stage); }

}  // namespace faber::manifests
