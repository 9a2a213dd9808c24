#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "controller/run_reporter.h"
#include "reconciler/environment_reconciler.h"
#include "reconciler/repository_reconciler.h"
#include "webhooks/trigger_sink.h"

namespace faber::controller {

// What a worker does for one trigger.
struct TriggerWork {
  bool reconcile = true;              // false: the trigger was answered without a reconcile
  std::string only_environment;       // "" for every environment
  reconciler::ReconcileOptions options;
  webhooks::Trigger trigger;          // the trigger with what the forge told (target branch, head)
};

// The forge side of a trigger before any reconcile: a pull request is previewed, a comment
// command is answered or turned into a reconcile (one handler per command, in a table).
class TriggerRouter {
 public:
  TriggerRouter(RunReporter& reporter, reconciler::ReconcilerDeps deps, const common::CancelToken* cancel)
      : reporter_(reporter), deps_(std::move(deps)), cancel_(cancel) {}

  // Handles what needs no reconcile (previews, help, resolved) and says how to reconcile for the
  // rest; never throws, answers every mistake on the pull request.
  TriggerWork Route(const std::string& url, reconciler::RepositoryOpener& opener, const webhooks::Trigger& trigger);

 private:
  // One trigger being routed: where it came from and how to answer on its pull request.
  struct Request {
    const std::string& url;
    reconciler::RepositoryOpener& opener;
    const webhooks::Trigger& trigger;
    std::function<void(const std::string&)> reply;
    TriggerWork& work;
  };
  using Handler = void (TriggerRouter::*)(Request&);
  static Handler HandlerFor(webhooks::CommandName command);

  // Fills a comment's target branch and head, which some forges' comment deliveries omit: the
  // forge is asked, and the pull request's last event is the fallback.
  void CompleteTarget(const std::string& url, webhooks::Trigger& trigger);
  void Help(Request& request);
  void Resolved(Request& request);
  void Plan(Request& request);
  void Test(Request& request);
  void DeployOrRetry(Request& request);
  void ApplyFix(Request& request);
  // Runs the pull request's preview (tests, and the plan when `plan`) and reports it.
  void Preview(const std::string& url, reconciler::RepositoryOpener& opener, const webhooks::Trigger& trigger, bool plan);

  RunReporter& reporter_;
  reconciler::ReconcilerDeps deps_;
  const common::CancelToken* cancel_;
  std::mutex mu_;
  std::map<std::string, webhooks::Trigger> pull_requests_;  // "<url>#<n>" -> its last event (target, head)
};

}  // namespace faber::controller
