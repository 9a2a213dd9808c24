#include "reconciler/environment_reconciler.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/files.h"
#include "common/redactor.h"
#include "reconciler/pipeline.h"
#include "reconciler/policy_branch.h"
#include "reconciler/stages/command_environment.h"
#include "reconciler/stages/record_stage.h"
#include "store/environment_lock.h"
#include "store/records_layout.h"

namespace faber::reconciler {

struct EnvironmentReconciler::Recovery {
  store::JournalEntry journal;
  manifests::InterruptedPolicy policy = manifests::InterruptedPolicy::kRerun;
};

// What the environment's gates decide about deploying a head.
struct EnvironmentReconciler::Gate {
  Action action = Action::kDeployed;  // kDeployed: open; kAwaitingApproval or kBlocked: closed
  std::string why;                    // for a closed gate: what it waits for
};

namespace {

constexpr size_t kRunDirsKept = 3;

// Turns the oldest run directory that would be pruned into `checkout` (the next run's), so the
// export brings it to the new tree by comparing files instead of deleting a whole tree and
// writing another (ExportTree compares everything, so nothing the old run left survives).
void RecycleRunDirectory(common::Env& env, const std::filesystem::path& dir, const std::filesystem::path& checkout) {
  auto runs = env.ListDirectory(dir);
  if (!runs.ok() || runs->size() < kRunDirsKept || env.Exists(checkout)) return;
  std::sort(runs->begin(), runs->end());  // names start with a UTC timestamp
  if (auto moved = env.Rename(runs->front(), checkout); !moved.ok()) spdlog::warn("{}", moved.message());
}

// Keeps the newest few run directories (they help debugging a failure) and removes the rest.
void PruneRunDirectories(common::Env& env, const std::filesystem::path& dir) {
  auto runs = env.ListDirectory(dir);
  if (!runs.ok() || runs->size() <= kRunDirsKept) return;
  std::sort(runs->begin(), runs->end());  // names start with a UTC timestamp
  for (size_t i = 0; i + kRunDirsKept < runs->size(); ++i) {
    if (auto removed = env.RemoveAll((*runs)[i]); !removed.ok()) spdlog::warn("{}", removed.message());
  }
}

}  // namespace

const char* ActionName(Action action) {
  switch (action) {
    case Action::kDeployed: return "deployed";
    case Action::kNoop: return "noop";
    case Action::kRecovered: return "recovered";
    case Action::kStopped: return "stopped";
    case Action::kAwaitingApproval: return "awaiting_approval";
    case Action::kBlocked: return "blocked";
    case Action::kBusy: return "busy";
    case Action::kDrift: return "drift";
    case Action::kError: return "error";
  }
  return "error";
}

std::string EnvironmentResult::StatusName() const {
  if (run) return manifests::RunStatusName(run->status);
  if (drift) return manifests::DriftVerdictName(drift->verdict);
  if (interrupted) return manifests::RunStatusName(*interrupted);
  return "";
}

bool EnvironmentResult::Failed() const {
  if (run) return run->status == manifests::RunStatus::kFailed || run->status == manifests::RunStatus::kAborted;
  if (drift) return drift->verdict != manifests::DriftVerdict::kInSync;
  return false;
}

EnvironmentReconciler::EnvironmentReconciler(store::Repository& repo, std::string records_branch,
                                             std::filesystem::path state_dir, ReconcilerDeps deps,
                                             std::mutex* records_mutex)
    : repo_(repo),
      records_(repo, std::move(records_branch), deps.clock),
      state_dir_(std::move(state_dir)),
      journal_(state_dir_ / "journal", *deps.env),
      deps_(std::move(deps)),
      records_mutex_(records_mutex) {}

common::Result<store::RecordsWriteResult> EnvironmentReconciler::WriteRecords(const store::RecordsMutation& mutation) {
  std::unique_lock<std::mutex> lock;
  if (records_mutex_ != nullptr) lock = std::unique_lock<std::mutex>(*records_mutex_);
  return records_.Write(mutation);
}

std::optional<EnvironmentReconciler::Recovery> EnvironmentReconciler::RecoverInterrupted(const std::string& name,
                                                                                        EnvironmentResult& result) {
  auto found = journal_.Find(name);
  if (!found.ok()) {
    result.notes.push_back(found.status().message());
    return std::nullopt;
  }
  if (!found->has_value()) return std::nullopt;
  Recovery recovery{**found, manifests::InterruptedPolicy::kRerun};
  // A command of the dead run may still be deploying: stop it before anything else runs.
  int leftovers = deps_.env->StopLeftoverProcesses(recovery.journal.pgid, recovery.journal.run_id);
  if (leftovers > 0) {
    result.notes.push_back("stopped " + std::to_string(leftovers) + " process(es) left running by interrupted run " +
                           recovery.journal.run_id);
  }
  return recovery;
}

EnvironmentReconciler::Gate EnvironmentReconciler::CheckGates(const manifests::EnvironmentConfig& env,
                                                              const std::string& head, const ReconcileOptions& options,
                                                              const store::RecordsSnapshot& records) {
  if (env.approval == manifests::ApprovalMode::kOnComment && options.approved_commit != head) {
    return {Action::kAwaitingApproval,
            "awaiting approval: comment `/faber deploy` on the pull request or run `faber reconcile --approve " +
                head.substr(0, 7) + "`"};
  }
  if (!env.requires_passed.empty()) {
    Gate never{Action::kBlocked, "blocked: environment " + env.requires_passed + " has no successful deployment yet"};
    auto text = records.Read(store::DeploymentPath(env.requires_passed));
    if (!text.ok()) return never;
    auto required = store::ParseDeploymentState(*text, store::DeploymentPath(env.requires_passed));
    if (!required.ok() || required->last_applied_commit.empty()) return never;
    // What is promoted must contain what passed: the commit deployed there is part of this head.
    auto contained = repo_.IsAncestor(required->last_applied_commit, head);
    if (!contained.ok() || !*contained) {
      return {Action::kBlocked, "blocked: " + head.substr(0, 7) + " does not contain " +
                                    required->last_applied_commit.substr(0, 7) + ", the last commit that passed in " +
                                    env.requires_passed};
    }
  }
  return {};
}

void EnvironmentReconciler::AddKnownSecrets(common::Redactor& redactor) const {
  for (const auto& secret : deps_.known_secrets) redactor.AddSecretValue(secret);
}

bool EnvironmentReconciler::RecordRecovery(const manifests::EnvironmentConfig& env, const std::string& head,
                                           Recovery& recovery, const ReconcileOptions& options, bool& force,
                                           EnvironmentResult& result) {
  recovery.policy = env.on_interrupted;
  auto written = WriteRecords([&](const store::RecordsSnapshot& records) {
    return BuildInterruptedRecord(recovery.journal, deps_.clock.Now(), recovery.policy, records);
  });
  if (!written.ok()) {
    // The journal stays, so the next start records the interruption again: nothing is lost.
    result.action = Action::kError;
    result.error = written.status();
    return false;
  }
  (void)journal_.Clear(env.name);
  result.records_commit = written->commit;
  result.interrupted = manifests::RunStatus::kInterrupted;
  result.notes.push_back("run " + recovery.journal.run_id + " was interrupted during " + recovery.journal.stage +
                         "; policy: " + manifests::InterruptedPolicyName(recovery.policy));
  bool same_commit = recovery.journal.commit == head;
  if (recovery.policy == manifests::InterruptedPolicy::kRerun && same_commit) force = true;
  if (recovery.policy == manifests::InterruptedPolicy::kStop && same_commit && !options.retry) {
    result.action = Action::kStopped;
    return false;
  }
  return true;
}

EnvironmentResult EnvironmentReconciler::Reconcile(const std::string& name, const std::string& branch,
                                                   const ReconcileOptions& options) {
  EnvironmentResult result;
  result.environment = name;
  auto lock = store::EnvironmentLock::TryAcquire(state_dir_ / "locks", name, *deps_.env);
  if (!lock.ok()) {
    result.action = lock.status().kind() == common::ErrorKind::kWaiting ? Action::kBusy : Action::kError;
    result.error = lock.status();
    return result;
  }
  std::optional<Recovery> recovery = RecoverInterrupted(name, result);

  auto head = repo_.ResolveBranch(branch);
  if (!head.ok()) {
    result.action = Action::kError;
    result.error = head.status();
    return result;
  }
  result.commit = *head;
  auto config_text = repo_.ReadFile(*head, "faber.yaml");
  if (!config_text.ok()) {
    result.action = Action::kError;
    result.error = common::InvalidInput("faber.yaml is missing at " + branch + " (" + head->substr(0, 7) + ")");
    return result;
  }
  auto config = manifests::ParseFaberConfig(*config_text, "faber.yaml@" + branch);
  if (!config.ok()) {
    result.action = Action::kError;
    result.error = config.status();
    return result;
  }
  const manifests::EnvironmentConfig* declared = config->FindEnvironment(name);
  if (declared == nullptr) {
    result.action = Action::kError;
    result.error = common::InvalidInput("faber.yaml@" + branch + " does not define environment " + name);
    return result;
  }
  // The gates come from the default branch: the commit being gated cannot remove them.
  auto gated_env = WithPolicyGates(repo_, *declared);
  if (!gated_env.ok()) {
    result.action = Action::kError;
    result.error = gated_env.status();
    return result;
  }
  const manifests::EnvironmentConfig* env = &*gated_env;

  bool force = options.retry;
  if (recovery && !RecordRecovery(*env, *head, *recovery, options, force, result)) return result;

  auto records = SyncRecords();
  if (!records.ok()) {
    result.action = Action::kError;
    result.error = records.status();
    return result;
  }
  std::string last_attempted, last_applied, last_run_id;
  if (auto text = records->Read(store::DeploymentPath(name)); text.ok()) {
    auto state = store::ParseDeploymentState(*text, store::DeploymentPath(name));
    if (!state.ok()) {
      result.action = Action::kError;
      result.error = state.status();
      return result;
    }
    last_attempted = state->last_attempted_commit;
    last_applied = state->last_applied_commit;
    last_run_id = state->last_run.value("run_id", "");
  }
  if (options.drift) {
    CheckDriftAndRecord(*env, last_applied, result);
    return result;
  }
  std::optional<RequestedFix> fix;
  ReconcileOptions gated = options;
  if (!options.apply_fix.empty()) {
    auto found = FindRequestedFix(*records, name, options.apply_fix,
                                  options.requested_by.empty() ? "cli" : options.requested_by);
    if (found.ok() && found->commit != *head) {
      found = common::InvalidInput("solution " + options.apply_fix + " was proposed for " + found->commit.substr(0, 7) +
                                   ", but " + branch + " moved on to " + head->substr(0, 7) +
                                   ", which deploys by itself");
    }
    if (!found.ok()) {
      result.action = Action::kError;
      result.error = found.status();
      return result;
    }
    fix = std::move(*found);
    // The person asking is authorized to deploy: the fix reruns the very commit that failed.
    force = true;
    gated.approved_commit = *head;
    result.notes.push_back("applying solution " + fix->attempt.solution_id + " (" + fix->attempt.remedy +
                           ") for issue " + fix->attempt.issue_id + ", asked by " + fix->attempt.requested_by);
  }
  if (last_attempted == *head && !force) {
    result.action = recovery ? Action::kRecovered : Action::kNoop;
    return result;
  }
  if (Gate gate = CheckGates(*env, *head, gated, *records); gate.action != Action::kDeployed) {
    result.action = gate.action;
    result.notes.push_back(gate.why);
    return result;
  }
  RunAndRecord(*env, *head, config->policies, options, fix ? &*fix : nullptr, last_run_id, result);
  return result;
}

common::Result<store::RecordsSnapshot> EnvironmentReconciler::SyncRecords() {
  std::unique_lock<std::mutex> lock;
  if (records_mutex_ != nullptr) lock = std::unique_lock<std::mutex>(*records_mutex_);
  return records_.Sync();
}

void EnvironmentReconciler::CheckDriftAndRecord(const manifests::EnvironmentConfig& env, const std::string& commit,
                                                EnvironmentResult& result) {
  result.action = Action::kDrift;
  if (commit.empty()) {
    result.notes.push_back("never deployed: nothing to compare");
    return;
  }
  result.commit = commit;
  common::TimePoint started = deps_.clock.Now();
  std::string run_id = common::FormatCompactUtc(started) + "-" + commit.substr(0, 7) + "-drift";
  auto run_dir = state_dir_ / "runs" / env.name / run_id;
  (void)deps_.env->RemoveAll(run_dir);
  common::Status exported = repo_.ExportTree(commit, run_dir);
  auto engine = deps_.engines.Create(env);
  if (!exported.ok() || !engine.ok()) {
    result.action = Action::kError;
    result.error = exported.ok() ? engine.status() : exported;
    return;
  }
  common::Redactor redactor;
    AddKnownSecrets(redactor);
  EngineContext ctx;
  ctx.module_dir = run_dir / env.directory;
  ctx.env = BuildCommandEnvironment(env, commit, env.branch, run_id, redactor);
  ctx.timeout = env.stage_timeout;
  DriftOutcome drift = CheckDrift(**engine, ctx, env.name, commit, redactor, started);
  drift.report_path = store::ReportPath(env.name, started, commit, "drift");
  auto written = WriteRecords([&](const store::RecordsSnapshot& records) -> common::Result<store::RecordsChange> {
    return BuildDriftRecord(records, env.name, commit, started, drift);
  });
  result.notes.push_back(drift.detail);
  result.drift = drift;
  if (!written.ok()) {
    result.action = Action::kError;
    result.error = written.status();
    return;
  }
  result.records_commit = written->commit;
  result.push = written->push;
  PruneRunDirectories(*deps_.env, state_dir_ / "runs" / env.name);
}

void EnvironmentReconciler::RunAndRecord(const manifests::EnvironmentConfig& env, const std::string& head,
                                         const std::vector<std::string>& policy_dirs, const ReconcileOptions& options,
                                         const RequestedFix* fix, const std::string& last_run_id,
                                         EnvironmentResult& result) {
  common::TimePoint started = deps_.clock.Now();
  std::string run_id = common::FormatCompactUtc(started) + "-" + head.substr(0, 7);
  if (run_id == last_run_id) {
    // A rerun of the same commit within the same second would take the last run's id and report
    // paths (DESIGN.md's <UTC second>-<sha7>): start it in the next second instead.
    deps_.clock.SleepFor(std::chrono::milliseconds(1000));
    started = deps_.clock.Now();
    run_id = common::FormatCompactUtc(started) + "-" + head.substr(0, 7);
  }

  store::JournalEntry journal{run_id, env.name, head, env.branch, "export", common::FormatIso8601(started), deps_.env->ProcessId(), 0};
  if (auto s = journal_.Write(journal); !s.ok()) {
    result.action = Action::kError;
    result.error = s;
    return;
  }
  spdlog::info("{}: run {} of {} started", env.name, run_id, env.branch);

  auto on_stage = [&](manifests::Stage stage, pid_t pgid) {
    journal.stage = manifests::StageName(stage);
    journal.pgid = pgid;
    (void)journal_.Write(journal);
  };
  RunInputs inputs{&env, head, env.branch, run_id, state_dir_ / "runs" / env.name / run_id, options.skip_tests,
                   [this, policy_dirs] { return LoadPolicyRules(repo_, policy_dirs); },
                   fix != nullptr ? fix->approved : ApprovedRemedies{}};
  RecycleRunDirectory(*deps_.env, state_dir_ / "runs" / env.name, inputs.checkout_dir);
  RunSummary run = ExportAndRun(inputs, options.cancel, on_stage, "");
  run.kind = manifests::RunKind::kDeploy;
  run.run_id = run_id;
  run.environment = env.name;
  run.branch = env.branch;
  run.commit = head;
  run.started = started;
  run.tests_skipped = options.skip_tests;
  if (fix != nullptr) run.requested_fix = fix->attempt;
  if (auto info = repo_.GetCommit(head); info.ok()) run.pull_request = store::PullRequestFromMessage(info->message);
  run.finished = deps_.clock.Now();
  result.duration_ms = run.duration_ms();

  DebugAnalysis analysis;  // of the attempt that won the compare-and-swap: the last one built
  auto written = WriteRecords([&](const store::RecordsSnapshot& records) -> common::Result<store::RecordsChange> {
    auto record = BuildRunRecord(run, deps_.debugger, records);
    if (!record.ok()) return record.status();
    analysis = std::move(record->analysis);
    return std::move(record->change);
  });
  result.action = Action::kDeployed;
  if (!written.ok()) {
    // Keep the journal: the next start records this run as interrupted rather than losing it.
    result.action = Action::kError;
    result.error = written.status();
    return;
  }
  (void)journal_.Clear(env.name);
  run.diagnosis = std::move(analysis.summary);
  run.fixes = std::move(analysis.fixes);
  run.proposal_markdown = std::move(analysis.markdown);
  run.records_commit = written->commit;
  result.records_commit = written->commit;
  result.push = written->push;
  for (const auto& rejection : written->push_rejections) result.notes.push_back("push rejected: " + rejection);
  if (written->push == store::PushState::kFailed) {
    result.notes.push_back("records kept locally; they are pushed with the next records commit");
  }
  spdlog::info("{}: run {} {} (records {})", env.name, run_id, manifests::RunStatusName(run.status),
               written->commit.substr(0, 7));
  result.run = std::move(run);
  PruneRunDirectories(*deps_.env, state_dir_ / "runs" / env.name);
}

RunSummary EnvironmentReconciler::ExportAndRun(const RunInputs& inputs, const common::CancelToken* cancel,
                                               StageListener on_stage, const std::string& export_context) {
  const manifests::EnvironmentConfig& env = *inputs.env;
  auto failed_at_validate = [&](const std::string& operation, const std::string& why) {
    RunSummary run;
    run.status = manifests::RunStatus::kFailed;
    run.stages.push_back({manifests::Stage::kValidate, manifests::StageStatus::kFailed, -1, 0, why, why});
    run.failure = FailureContext{env.name, inputs.commit, manifests::Stage::kValidate, operation, -1, why};
    return run;
  };
  // Whatever the checkout directory holds (a recycled run directory, or one a crash left), the
  // export makes it the commit's tree exactly.
  common::Status exported = repo_.ExportTree(inputs.commit, inputs.checkout_dir);
  if (!exported.ok()) return failed_at_validate("export", export_context + exported.message());
  auto engine = deps_.engines.Create(env);
  if (!engine.ok()) return failed_at_validate("engine", engine.status().message());
  common::Redactor redactor;
  AddKnownSecrets(redactor);
  Pipeline pipeline(RunServices{**engine, deps_.runner, deps_.http, deps_.clock, redactor, cancel, std::move(on_stage)});
  return pipeline.Run(inputs);
}

RunSummary EnvironmentReconciler::Preview(const PreviewRequest& request) {
  const manifests::EnvironmentConfig& env = *request.env;
  std::string short_commit = request.commit.substr(0, 7);
  common::TimePoint started = deps_.clock.Now();
  std::string run_id = common::FormatCompactUtc(started) + "-" + short_commit + "-preview";
  auto dir = state_dir_ / "previews" / env.name / run_id;
  RunInputs inputs{&env, request.commit, env.branch, run_id, dir, false,
                   [this, dirs = request.policy_dirs] { return LoadPolicyRules(repo_, dirs); }, ApprovedRemedies{},
                   request.plan ? manifests::Stage::kPreview : manifests::Stage::kPreDeployment, request.runs_code};
  RunSummary run = ExportAndRun(inputs, request.cancel, nullptr,
                                "faber could not read the pull request's head `" + short_commit + "`: ");
  (void)deps_.env->RemoveAll(dir);
  run.kind = manifests::RunKind::kPreview;
  run.run_id = run_id;
  run.environment = env.name;
  run.branch = env.branch;
  run.commit = request.commit;
  run.pull_request = request.pull_request;
  run.code_withheld = !request.runs_code;
  run.started = started;
  run.finished = deps_.clock.Now();
  return run;
}

}  // namespace faber::reconciler
