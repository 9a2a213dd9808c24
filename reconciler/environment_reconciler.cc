#include "reconciler/environment_reconciler.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include "common/files.h"
#include "common/redactor.h"
#include "reconciler/command_environment.h"
#include "reconciler/drift_check.h"
#include "reconciler/leftover_processes.h"
#include "reconciler/run_record.h"
#include "store/environment_lock.h"
#include "store/records_layout.h"

namespace faber::reconciler {

struct EnvironmentReconciler::Recovery {
  store::JournalEntry journal;
  std::string policy;  // rerun | stop
};

namespace {

constexpr size_t kRunDirsKept = 3;

// Keeps the newest few run directories (they help debugging a failure) and removes the rest.
void PruneRunDirectories(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> runs;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) runs.push_back(entry.path());
  if (runs.size() <= kRunDirsKept) return;
  std::sort(runs.begin(), runs.end());  // names start with a UTC timestamp
  for (size_t i = 0; i + kRunDirsKept < runs.size(); ++i) std::filesystem::remove_all(runs[i], ec);
}

}  // namespace

EnvironmentReconciler::EnvironmentReconciler(store::GitRepository& repo, std::string records_branch,
                                             std::filesystem::path state_dir, ReconcilerDeps deps,
                                             std::mutex* records_mutex)
    : repo_(repo),
      records_(repo, std::move(records_branch), deps.clock),
      state_dir_(std::move(state_dir)),
      journal_(state_dir_ / "journal"),
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
  Recovery recovery{**found, ""};
  // A command of the dead run may still be deploying: stop it before anything else runs.
  int leftovers = StopLeftoverProcesses(recovery.journal.pgid, recovery.journal.run_id);
  if (leftovers > 0) {
    result.notes.push_back("stopped " + std::to_string(leftovers) + " process(es) left running by interrupted run " +
                           recovery.journal.run_id);
  }
  return recovery;
}

std::optional<std::string> EnvironmentReconciler::CheckGates(const manifests::EnvironmentConfig& env,
                                                             const std::string& head, const ReconcileOptions& options,
                                                             const store::RecordsSnapshot& records) {
  if (env.approval == "comment" && options.approved_commit != head) {
    return "awaiting approval: comment `/faber deploy` on the pull request or run `faber reconcile --approve " +
           head.substr(0, 7) + "`";
  }
  if (!env.requires_passed.empty()) {
    auto text = records.Read(store::DeploymentPath(env.requires_passed));
    if (!text.ok()) return "blocked: environment " + env.requires_passed + " has no successful deployment yet";
    auto required = store::ParseDeploymentState(*text, store::DeploymentPath(env.requires_passed));
    if (!required.ok() || required->last_applied_commit.empty()) {
      return "blocked: environment " + env.requires_passed + " has no successful deployment yet";
    }
    // What is promoted must contain what passed: the commit deployed there is part of this head.
    auto contained = repo_.IsAncestor(required->last_applied_commit, head);
    if (!contained.ok() || !*contained) {
      return "blocked: " + head.substr(0, 7) + " does not contain " + required->last_applied_commit.substr(0, 7) +
             ", the last commit that passed in " + env.requires_passed;
    }
  }
  return std::nullopt;
}

EnvironmentResult EnvironmentReconciler::Reconcile(const std::string& name, const std::string& branch,
                                                   const ReconcileOptions& options) {
  EnvironmentResult result;
  result.environment = name;
  auto lock = store::EnvironmentLock::TryAcquire(state_dir_ / "locks", name);
  if (!lock.ok()) {
    result.action = lock.status().kind() == common::ErrorKind::kWaiting ? "busy" : "error";
    result.error = lock.status();
    return result;
  }
  std::optional<Recovery> recovery = RecoverInterrupted(name, result);

  auto head = repo_.ResolveBranch(branch);
  if (!head.ok()) {
    result.action = "error";
    result.error = head.status();
    return result;
  }
  result.commit = *head;
  auto config_text = repo_.ReadFile(*head, "faber.yaml");
  if (!config_text.ok()) {
    result.action = "error";
    result.error = common::InvalidInput("faber.yaml is missing at " + branch + " (" + head->substr(0, 7) + ")");
    return result;
  }
  auto config = manifests::ParseFaberConfig(*config_text, "faber.yaml@" + branch);
  if (!config.ok()) {
    result.action = "error";
    result.error = config.status();
    return result;
  }
  const manifests::EnvironmentConfig* env = config->FindEnvironment(name);
  if (env == nullptr) {
    result.action = "error";
    result.error = common::InvalidInput("faber.yaml@" + branch + " does not define environment " + name);
    return result;
  }

  bool force = options.retry;
  if (recovery) {
    recovery->policy = env->on_interrupted == manifests::InterruptedPolicy::kRerun ? "rerun" : "stop";
    auto written = WriteRecords([&](const store::RecordsSnapshot& records) {
      return BuildInterruptedRecord(recovery->journal, deps_.clock.Now(), recovery->policy, records);
    });
    if (!written.ok()) {
      // The journal stays, so the next start records the interruption again: nothing is lost.
      result.action = "error";
      result.error = written.status();
      return result;
    }
    (void)journal_.Clear(name);
    result.records_commit = written->commit;
    result.status = "interrupted";
    result.notes.push_back("run " + recovery->journal.run_id + " was interrupted during " + recovery->journal.stage +
                           "; policy: " + recovery->policy);
    if (recovery->policy == "rerun" && recovery->journal.commit == *head) force = true;
    if (recovery->policy == "stop" && recovery->journal.commit == *head && !options.retry) {
      result.action = "stopped";
      return result;
    }
  }

  auto records = SyncRecords();
  if (!records.ok()) {
    result.action = "error";
    result.error = records.status();
    return result;
  }
  std::string last_attempted, last_applied, last_run_id;
  if (auto text = records->Read(store::DeploymentPath(name)); text.ok()) {
    auto state = store::ParseDeploymentState(*text, store::DeploymentPath(name));
    if (!state.ok()) {
      result.action = "error";
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
      result.action = "error";
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
    result.action = recovery ? "recovered" : "noop";
    return result;
  }
  if (auto gate = CheckGates(*env, *head, gated, *records)) {
    result.action = gate->rfind("awaiting", 0) == 0 ? "awaiting_approval" : "blocked";
    result.notes.push_back(*gate);
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
  result.action = "drift";
  if (commit.empty()) {
    result.notes.push_back("never deployed: nothing to compare");
    return;
  }
  result.commit = commit;
  common::TimePoint started = deps_.clock.Now();
  std::string run_id = common::FormatCompactUtc(started) + "-" + commit.substr(0, 7) + "-drift";
  auto run_dir = state_dir_ / "runs" / env.name / run_id;
  std::error_code ec;
  std::filesystem::remove_all(run_dir, ec);
  common::Status exported = repo_.ExportTree(commit, run_dir);
  auto engine = deps_.engines.Create(env);
  if (!exported.ok() || !engine.ok()) {
    result.action = "error";
    result.error = exported.ok() ? engine.status() : exported;
    return;
  }
  common::Redactor redactor;
  for (const auto& secret : deps_.known_secrets) redactor.AddSecretValue(secret);
  EngineContext ctx;
  ctx.module_dir = run_dir / env.directory;
  ctx.env = BuildCommandEnvironment(env, commit, env.branch, run_id, redactor);
  ctx.timeout = env.stage_timeout;
  DriftOutcome drift = CheckDrift(**engine, ctx, env.name, commit, redactor, started);
  auto written = WriteRecords([&](const store::RecordsSnapshot& records) -> common::Result<store::RecordsChange> {
    return BuildDriftRecord(records, env.name, commit, started, drift);
  });
  result.status = drift.status;
  result.notes.push_back(drift.detail);
  if (!written.ok()) {
    result.action = "error";
    result.error = written.status();
    return;
  }
  result.records_commit = written->commit;
  result.push = written->push;
  PruneRunDirectories(state_dir_ / "runs" / env.name);
}

void EnvironmentReconciler::RunAndRecord(const manifests::EnvironmentConfig& env, const std::string& head,
                                         const std::vector<std::string>& policy_dirs, const ReconcileOptions& options,
                                         const RequestedFix* fix, const std::string& last_run_id,
                                         EnvironmentResult& result) {
  RunIdentity run;
  run.started = deps_.clock.Now();
  run.environment = env.name;
  run.branch = env.branch;
  run.commit = head;
  run.run_id = common::FormatCompactUtc(run.started) + "-" + head.substr(0, 7);
  if (run.run_id == last_run_id) {
    // A rerun of the same commit within the same second would take the last run's id and report
    // paths (DESIGN.md's <UTC second>-<sha7>): start it in the next second instead.
    deps_.clock.SleepFor(std::chrono::milliseconds(1000));
    run.started = deps_.clock.Now();
    run.run_id = common::FormatCompactUtc(run.started) + "-" + head.substr(0, 7);
  }
  run.tests_skipped = options.skip_tests;
  if (fix != nullptr) run.requested_fix = fix->attempt;
  if (auto info = repo_.GetCommit(head); info.ok()) run.pull_request = store::PullRequestFromMessage(info->message);

  store::JournalEntry journal{run.run_id, env.name, head, env.branch, "export", common::FormatIso8601(run.started),
                              getpid(), 0};
  if (auto s = journal_.Write(journal); !s.ok()) {
    result.action = "error";
    result.error = s;
    return;
  }
  spdlog::info("{}: run {} of {} started", env.name, run.run_id, env.branch);

  auto run_dir = state_dir_ / "runs" / env.name / run.run_id;
  std::error_code ec;
  std::filesystem::remove_all(run_dir, ec);
  RunOutcome outcome;
  common::Status exported = repo_.ExportTree(head, run_dir);
  auto engine = deps_.engines.Create(env);
  if (!exported.ok() || !engine.ok()) {
    const common::Status& why = exported.ok() ? engine.status() : exported;
    outcome.status = "failed";
    outcome.stages.push_back({kStageValidate, "failed", -1, 0, why.message(), why.message()});
    outcome.failure = FailureContext{env.name, head, kStageValidate, exported.ok() ? "engine" : "export", -1, why.message()};
  } else {
    common::Redactor redactor;
    for (const auto& secret : deps_.known_secrets) redactor.AddSecretValue(secret);
    Pipeline pipeline(**engine, deps_.runner, deps_.http, deps_.clock, redactor, options.cancel,
                      [&](const std::string& stage, pid_t pgid) {
                        journal.stage = stage;
                        journal.pgid = pgid;
                        (void)journal_.Write(journal);
                      });
    PipelineInputs inputs{&env,     head,        env.branch, run.run_id, run_dir, options.skip_tests, policy_dirs,
                          fix != nullptr ? fix->approved : ApprovedRemedies{}};
    outcome = pipeline.Run(inputs);
  }
  run.finished = deps_.clock.Now();
  result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(run.finished - run.started).count();

  auto written = WriteRecords([&](const store::RecordsSnapshot& records) {
    return BuildRunRecord(run, outcome, deps_.debugger, records);
  });
  result.action = "deployed";
  result.status = outcome.status;
  if (!written.ok()) {
    // Keep the journal: the next start records this run as interrupted rather than losing it.
    result.action = "error";
    result.error = written.status();
    return;
  }
  (void)journal_.Clear(env.name);
  result.records_commit = written->commit;
  result.push = written->push;
  for (const auto& rejection : written->push_rejections) result.notes.push_back("push rejected: " + rejection);
  if (written->push == store::PushState::kFailed) {
    result.notes.push_back("records kept locally; they are pushed with the next records commit");
  }
  spdlog::info("{}: run {} {} (records {})", env.name, run.run_id, outcome.status, written->commit.substr(0, 7));
  PruneRunDirectories(state_dir_ / "runs" / env.name);
}

}  // namespace faber::reconciler
