#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <random>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "controller/run_reporter.h"
#include "controller/trigger_router.h"
#include "controller/metrics.h"
#include "controller/shutdown.h"
#include "controller/work_queue.h"
#include "manifests/server_config.h"
#include "reconciler/environment_reconciler.h"
#include "reconciler/repository_reconciler.h"
#include "reconciler/requeue_policy.h"
#include "webhooks/http_server.h"

namespace faber::controller {

// The long-running parts of `faber serve`: one worker per repository (poll or trigger, then
// reconcile; drift checks on their own schedule), and the HTTP endpoints. Built and owned by the serve command.
class ServerRuntime {
 public:
  ServerRuntime(const manifests::ServerConfig& config, reconciler::ReconcilerDeps deps, Shutdown& shutdown);
  ~ServerRuntime();

  // Binds the listener; returns the bound port (the configured one, or the one chosen for :0).
  common::Result<int> Listen();
  // Starts the workers and the HTTP server; returns at once.
  void Start();
  // Blocks until shutdown, then stops the listener and waits for every worker to finish its run.
  void WaitUntilStopped();

  WorkQueue& queue() { return queue_; }
  // The counters /metrics serves, for the webhook receiver to count deliveries in.
  Metrics& metrics() { return metrics_; }
  // The HTTP server, for mounting more endpoints (the webhooks) before Start.
  webhooks::HttpServer& http() { return *http_; }
  // Answers pull requests through `router` and sends run reports through `reporter` (set before Start).
  void SetForge(TriggerRouter* router, RunReporter* reporter) {
    router_ = router;
    reporter_ = reporter;
  }

 private:
  // An environment to reconcile again, and when.
  struct Requeued {
    std::chrono::steady_clock::time_point due;
    reconciler::RequeueKind kind = reconciler::RequeueKind::kNone;
    int attempts = 0;  // requeues of the same kind in a row
  };
  // What woke a worker: a trigger, a requeue falling due (the environment's name), or the poll.
  struct Wake {
    std::optional<webhooks::Trigger> trigger;
    std::string requeued;
  };

  void WorkerLoop(const manifests::RepositoryConfig& repo);
  // Waits for the next reconcile of `repo`: a trigger, the earliest requeue in `requeued`, or
  // `next_poll`. Runs the drift passes that fall due meanwhile, on this worker's thread, so a
  // drift check never overlaps a deploy of the same repository.
  Wake WaitForWork(const manifests::RepositoryConfig& repo, reconciler::RepositoryOpener& opener,
                   reconciler::RepositoryReconciler& reconciler, const reconciler::ReconcileOptions& options,
                   std::chrono::steady_clock::time_point next_poll, std::chrono::steady_clock::time_point& next_drift,
                   std::map<std::string, Requeued>& requeued);
  // Logs and counts what each environment of a pass did, and schedules (or clears) its requeue.
  // `jitter` is the worker's own generator (workers run in parallel).
  void RecordPass(const manifests::RepositoryConfig& repo, const reconciler::RepositoryResult& result,
                  std::map<std::string, Requeued>& requeued, std::minstd_rand& jitter);
  // Checks the environments of `repo` whose engine can tell drift (terraform, tofu) for drift (a
  // refresh-only plan, recorded as a report), then logs and counts what each found.
  void RunDriftPass(const manifests::RepositoryConfig& repo, reconciler::RepositoryOpener& opener,
                    reconciler::RepositoryReconciler& reconciler, const reconciler::ReconcileOptions& options);
  bool Ready() const;

  const manifests::ServerConfig& config_;
  reconciler::ReconcilerDeps deps_;
  Shutdown& shutdown_;
  WorkQueue queue_;
  Metrics metrics_;
  std::unique_ptr<webhooks::HttpServer> http_;
  common::Status tls_status_;  // why the certificate or key could not be loaded
  bool started_ = false;
  std::vector<std::thread> workers_;
  std::atomic<int> repositories_ready_{0};
  TriggerRouter* router_ = nullptr;
  RunReporter* reporter_ = nullptr;
  reconciler::RequeuePolicy requeue_policy_;
};

}  // namespace faber::controller
