#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/redactor.h"
#include "reconciler/failure_debugger.h"
#include "reconciler/repository_reconciler.h"
#include "webhooks/notifier.h"
#include "webhooks/trigger_sink.h"

namespace faber::controller {

// Wraps the debugger to keep the Markdown proposal of each failed run, which the run record does
// not hold, until the run's comment is written.
class ProposalRecorder : public reconciler::FailureDebugger {
 public:
  explicit ProposalRecorder(reconciler::FailureDebugger& inner) : inner_(inner) {}
  reconciler::DebugAnalysis Analyze(const reconciler::FailureContext* failure,
                                    const std::vector<reconciler::FixAttempt>& attempts,
                                    const store::RecordsSnapshot& records) override;
  // Returns and forgets the proposal of (environment, commit); "" when there is none.
  std::string Take(const std::string& environment, const std::string& commit);

 private:
  reconciler::FailureDebugger& inner_;
  std::mutex mu_;
  std::map<std::string, std::string> proposals_;
};

// What a worker does for one trigger.
struct TriggerWork {
  bool reconcile = true;              // false: the trigger was answered without a reconcile
  std::string only_environment;       // "" for every environment
  reconciler::ReconcileOptions options;
  webhooks::Trigger trigger;          // the trigger with what the forge told (target branch, head)
};

// The forge side of `faber serve`: pull-request previews, answers to comment commands, and the
// comment and commit status of every run, through each repository's Notifier.
class ForgeReporting {
 public:
  ForgeReporting(ProposalRecorder& proposals, reconciler::ReconcilerDeps deps) : proposals_(proposals), deps_(std::move(deps)) {}

  // Sends the reports of repository `url` to `notifier`.
  void AddRepository(const std::string& url, std::unique_ptr<webhooks::Notifier> notifier);

  // Handles what needs no reconcile (previews, help) and says how to reconcile for the rest.
  TriggerWork Prepare(const std::string& url, reconciler::RepositoryOpener& opener, const webhooks::Trigger& trigger);

  // Reports every environment that ran in `result`: comment on its pull request and commit status.
  void Publish(const std::string& url, reconciler::RepositoryOpener& opener, const webhooks::Trigger* trigger,
               const reconciler::RepositoryResult& result);

  // Reports the drift checks in `checked` whose verdict changed since the last one reported (each
  // after a start): a commit status faber/drift/<env> on the checked commit (a git note without a
  // forge), with the drifted resources.
  void PublishDrift(const std::string& url, reconciler::RepositoryOpener& opener,
                    const std::vector<reconciler::EnvironmentResult>& checked);

 private:
  webhooks::Notifier* NotifierFor(const std::string& url);
  // Checks "/faber apply-fix <solution_id>" against the environment's last failure, answers, and
  // says how to reconcile when the fix can run.
  TriggerWork PrepareFix(const std::string& url, reconciler::RepositoryOpener& opener, const webhooks::Trigger& trigger,
                         const std::function<void(const std::string&)>& reply);
  // Adds the fix of "/faber resolved <issue_id> <text>" to the issue log; returns the reply.
  std::string RecordManualFix(const std::string& url, reconciler::RepositoryOpener& opener,
                              const webhooks::Trigger& trigger);
  void Preview(const std::string& url, reconciler::RepositoryOpener& opener, const webhooks::Trigger& trigger, bool plan);

  ProposalRecorder& proposals_;
  reconciler::ReconcilerDeps deps_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<webhooks::Notifier>> notifiers_;
  std::map<std::string, webhooks::Trigger> pull_requests_;  // "<url>#<n>" -> its last event (target, head)
  std::map<std::string, std::string> drift_reported_;       // "<url>\n<env>" -> the verdict last reported
};

}  // namespace faber::controller
