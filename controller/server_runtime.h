#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "controller/forge_reporting.h"
#include "controller/metrics.h"
#include "controller/shutdown.h"
#include "controller/work_queue.h"
#include "manifests/server_config.h"
#include "reconciler/environment_reconciler.h"

namespace httplib {
class Server;
}

namespace faber::controller {

// The long-running parts of `faber serve`: one worker per repository (poll or trigger, then
// reconcile), and the HTTP endpoints. Built and owned by the serve command.
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
  // The HTTP server, for mounting more endpoints (the webhooks) before Start.
  httplib::Server& http() { return *http_; }
  // Sends run reports and answers pull requests through `reporting` (set before Start).
  void SetForgeReporting(ForgeReporting* reporting) { reporting_ = reporting; }

 private:
  void WorkerLoop(const manifests::RepositoryConfig& repo);
  bool Ready() const;

  const manifests::ServerConfig& config_;
  reconciler::ReconcilerDeps deps_;
  Shutdown& shutdown_;
  WorkQueue queue_;
  Metrics metrics_;
  std::unique_ptr<httplib::Server> http_;
  std::thread http_thread_;
  std::vector<std::thread> workers_;
  std::atomic<int> repositories_ready_{0};
  ForgeReporting* reporting_ = nullptr;
};

}  // namespace faber::controller
