#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/cancel_token.h"
#include "common/clock.h"
#include "common/http_client.h"
#include "common/process_runner.h"
#include "manifests/faber_config.h"
#include "reconciler/engines/engine.h"
#include "reconciler/failure_debugger.h"
#include "reconciler/pipeline.h"
#include "reconciler/requested_fix.h"
#include "store/git_repository.h"
#include "store/records_store.h"
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
struct EnvironmentResult {
  std::string environment;
  std::string action;          // deployed | noop | recovered | stopped | awaiting_approval | blocked | busy | error
  std::string status;          // succeeded | failed | interrupted | aborted, "" when nothing ran
  std::string commit;
  std::string records_commit;
  int64_t duration_ms = 0;     // of the pipeline run, 0 when nothing ran
  store::PushState push = store::PushState::kNotNeeded;
  std::vector<std::string> notes;  // human-readable remarks (push rejections, recovery, gates)
  common::Status error;            // set when action is "error"
};

// The things a reconcile needs from outside; the controller builds the real ones.
struct ReconcilerDeps {
  EngineFactory& engines;
  common::ProcessRunner& runner;
  common::HttpClient& http;
  common::Clock& clock;
  FailureDebugger& debugger;
  std::vector<std::string> known_secrets;  // e.g. webhook secrets and forge tokens of the server
};

// Reconciles one environment of one repository: idempotent (runs only for a head not attempted
// yet), crash-safe (a write-ahead journal finds runs killed mid-way), one run at a time per
// environment (a lock shared with other processes), one records commit per run.
class EnvironmentReconciler {
 public:
  // `state_dir` holds the journal, locks and run directories; `records_mutex`, when set,
  // serializes records writes of environments running in parallel threads (clone mode, where
  // each write also fetches and pushes).
  EnvironmentReconciler(store::GitRepository& repo, std::string records_branch, std::filesystem::path state_dir,
                        ReconcilerDeps deps, std::mutex* records_mutex = nullptr);

  // Reconciles environment `name` whose branch is `branch` (from the repository's faber.yaml);
  // the environment's settings are read from faber.yaml at the branch head being deployed.
  EnvironmentResult Reconcile(const std::string& name, const std::string& branch, const ReconcileOptions& options);

 private:
  struct Recovery;
  std::optional<Recovery> RecoverInterrupted(const std::string& name, EnvironmentResult& result);
  common::Result<store::RecordsWriteResult> WriteRecords(const store::RecordsMutation& mutation);
  common::Result<store::RecordsSnapshot> SyncRecords();
  void CheckDriftAndRecord(const manifests::EnvironmentConfig& env, const std::string& commit,
                           EnvironmentResult& result);
  void RunAndRecord(const manifests::EnvironmentConfig& env, const std::string& head,
                    const std::vector<std::string>& policy_dirs, const ReconcileOptions& options,
                    const RequestedFix* fix, const std::string& last_run_id, EnvironmentResult& result);
  std::optional<std::string> CheckGates(const manifests::EnvironmentConfig& env, const std::string& head,
                                        const ReconcileOptions& options, const store::RecordsSnapshot& records);

  store::GitRepository& repo_;
  store::RecordsStore records_;
  std::filesystem::path state_dir_;
  store::RunJournal journal_;
  ReconcilerDeps deps_;
  std::mutex* records_mutex_;
};

}  // namespace faber::reconciler
