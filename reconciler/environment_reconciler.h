#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel_token.h"
#include "common/clock.h"
#include "common/env.h"
#include "common/http_client.h"
#include "common/process_runner.h"
#include "manifests/faber_config.h"
#include "reconciler/drift_check.h"
#include "reconciler/engines/engine.h"
#include "reconciler/failure_debugger.h"
#include "reconciler/requested_fix.h"
#include "reconciler/run_summary.h"
#include "reconciler/stages/run_context.h"
#include "store/records_store.h"
#include "store/repository.h"
#include "store/run_journal.h"

namespace faber::reconciler {

struct ReconcileOptions {
  bool retry = false;          // run the head commit again even if it was already attempted
  bool skip_tests = false;     // skip both test stages (recorded as skipped)
  std::string approved_commit; // for `approval: comment` environments: the commit approved to deploy
  bool drift = false;          // instead of deploying: a refresh-only plan of the last applied commit
  std::string apply_fix;       // a solution proposed for the last failure: run that commit again, carrying it out
  std::string requested_by;    // who asked for apply_fix (a forge login; "cli" when empty)
  const common::CancelToken* cancel = nullptr;
};

// What reconciling one environment did.
enum class Action {
  kDeployed,          // a run went through the pipeline and was recorded (see RunSummary::status)
  kNoop,              // the head was attempted already
  kRecovered,         // an interrupted run was recorded; nothing else to do
  kStopped,           // an interrupted run was recorded and the policy waits for a retry
  kAwaitingApproval,  // `approval: comment` and the head is not approved yet
  kBlocked,           // a promotion gate (`requires`) is not met
  kBusy,              // another process holds the environment's lock
  kDrift,             // a drift check ran (see EnvironmentResult::drift)
  kError,             // something kept the reconcile from running (see EnvironmentResult::error)
};

// Returns "deployed", "noop", "recovered", "stopped", "awaiting_approval", "blocked", "busy",
// "drift" or "error", as the CLI's JSON output spells them.
const char* ActionName(Action action);

// What reconciling one environment did.
struct EnvironmentResult {
  std::string environment;
  Action action = Action::kNoop;
  std::optional<RunSummary> run;          // the pipeline run, when one ran and was recorded
  std::optional<manifests::RunStatus> interrupted;  // set when an interrupted run was recorded
  std::optional<DriftOutcome> drift;      // the drift check, when one ran
  std::string commit;
  std::string records_commit;
  int64_t duration_ms = 0;     // of the pipeline run, 0 when nothing ran
  store::PushState push = store::PushState::kNotNeeded;
  std::vector<std::string> notes;  // human-readable remarks (push rejections, recovery, gates)
  common::Status error;            // set when action is kError or kBusy; its kind drives requeue

  // The run's status name ("succeeded", "failed", "aborted", "interrupted"; for a drift check
  // "in_sync", "drifted", "failed"), "" when nothing ran.
  std::string StatusName() const;
  // True when a run or drift check failed, was aborted or found drift.
  bool Failed() const;
};

// The things a reconcile needs from outside; the controller builds the real ones.
struct ReconcilerDeps {
  EngineFactory& engines;
  common::ProcessRunner& runner;
  common::HttpClient& http;
  common::Clock& clock;
  FailureDebugger& debugger;
  std::vector<std::string> known_secrets;  // e.g. webhook secrets and forge tokens of the server
  common::Env* env = &common::DefaultEnv();  // files, locks and processes of the state directory
};

// A pull request's preview: its head, checked against the target environment's configuration.
struct PreviewRequest {
  const manifests::EnvironmentConfig* env = nullptr;  // from faber.yaml on the target branch
  std::vector<std::string> policy_dirs;               // faber.yaml `policies:` (read on the default branch)
  std::string commit;                                 // the pull request's head
  int pull_request = 0;
  bool plan = true;  // false: stop after the pre-deployment tests (`/faber test`)
  const common::CancelToken* cancel = nullptr;
  bool runs_code = true;  // false for an untrusted author's head: faber's in-process checks only (RunInputs)
};

// Reconciles one environment of one repository: idempotent (runs only for a head not attempted
// yet), crash-safe (a write-ahead journal finds runs killed mid-way), one run at a time per
// environment (a lock shared with other processes), one records commit per run.
class EnvironmentReconciler {
 public:
  // `state_dir` holds the journal, locks and run directories; `records_mutex`, when set,
  // serializes records writes of environments running in parallel threads (clone mode, where
  // each write also fetches and pushes).
  EnvironmentReconciler(store::Repository& repo, std::string records_branch, std::filesystem::path state_dir,
                        ReconcilerDeps deps, std::mutex* records_mutex = nullptr);

  // Reconciles environment `name` whose branch is `branch` (from the repository's faber.yaml);
  // the environment's settings are read from faber.yaml at the branch head being deployed.
  EnvironmentResult Reconcile(const std::string& name, const std::string& branch, const ReconcileOptions& options);

  // Runs the pipeline for a pull request's head up to its preview (or its pre-deployment tests)
  // in a scratch directory, and records nothing; the summary's kind is kPreview.
  RunSummary Preview(const PreviewRequest& request);

 private:
  struct Recovery;
  struct Gate;
  std::optional<Recovery> RecoverInterrupted(const std::string& name, EnvironmentResult& result);
  // Records the interrupted run of `recovery`; false when the reconcile must stop here.
  bool RecordRecovery(const manifests::EnvironmentConfig& env, const std::string& head, Recovery& recovery,
                      const ReconcileOptions& options, bool& force, EnvironmentResult& result);
  common::Result<store::RecordsWriteResult> WriteRecords(const store::RecordsMutation& mutation);
  common::Result<store::RecordsSnapshot> SyncRecords();
  void CheckDriftAndRecord(const manifests::EnvironmentConfig& env, const std::string& commit,
                           EnvironmentResult& result);
  void RunAndRecord(const manifests::EnvironmentConfig& env, const std::string& head,
                    const std::vector<std::string>& policy_dirs, const ReconcileOptions& options,
                    const RequestedFix* fix, const std::string& last_run_id, EnvironmentResult& result);
  Gate CheckGates(const manifests::EnvironmentConfig& env, const std::string& head, const ReconcileOptions& options,
                  const store::RecordsSnapshot& records);
  // Exports inputs.commit into inputs.checkout_dir and runs the pipeline there. A commit that
  // cannot be exported (`export_context` before the reason) or an engine that cannot be built
  // fails the run at validate, before any stage runs.
  RunSummary ExportAndRun(const RunInputs& inputs, const common::CancelToken* cancel, StageListener on_stage,
                          const std::string& export_context);
  // Adds the server's own secrets (webhook secrets, forge tokens) to `redactor`.
  void AddKnownSecrets(common::Redactor& redactor) const;

  store::Repository& repo_;
  store::RecordsStore records_;
  std::filesystem::path state_dir_;
  store::RunJournal journal_;
  ReconcilerDeps deps_;
  std::mutex* records_mutex_;
};

}  // namespace faber::reconciler
