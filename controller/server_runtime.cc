#include "controller/server_runtime.h"

#include <spdlog/spdlog.h>

#include <random>

#include "common/url_userinfo.h"
#include "controller/repository_source.h"
#include "reconciler/repository_reconciler.h"

namespace faber::controller {

ServerRuntime::ServerRuntime(const manifests::ServerConfig& config, reconciler::ReconcilerDeps deps, Shutdown& shutdown)
    : config_(config), deps_(std::move(deps)), shutdown_(shutdown) {
  http_ = std::make_unique<webhooks::HttpServer>();
  if (!config.tls_cert_file.empty()) tls_status_ = http_->UseTls(config.tls_cert_file, config.tls_key_file);
  // The probes run on the server's event loop: they answer while every worker is busy.
  constexpr bool kOnEventLoop = true;
  http_->Route(
      "GET", "/healthz", [](const webhooks::HttpRequest&) { return webhooks::TextResponse(200, "ok"); }, 0,
      kOnEventLoop);
  http_->Route(
      "GET", "/readyz",
      [this](const webhooks::HttpRequest&) {
        bool ready = Ready();
        return webhooks::TextResponse(ready ? 200 : 503, ready ? "ready" : "not ready");
      },
      0, kOnEventLoop);
  http_->Route("GET", "/metrics", [this](const webhooks::HttpRequest&) {
    webhooks::HttpResponse response;
    response.content_type = "text/plain; version=0.0.4";
    response.body = metrics_.Render();
    return response;
  });
}

ServerRuntime::~ServerRuntime() {
  if (started_) WaitUntilStopped();
}

bool ServerRuntime::Ready() const {
  return !shutdown_.stopping() && repositories_ready_.load() >= static_cast<int>(config_.repositories.size());
}

common::Result<int> ServerRuntime::Listen() {
  if (!tls_status_.ok()) return tls_status_;
  std::string host = config_.listen.substr(0, config_.listen.rfind(':'));
  // [::1]:8080 names an IPv6 address in brackets.
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  int port = std::stoi(config_.listen.substr(config_.listen.rfind(':') + 1));
  return http_->Listen(host, port);
}

void ServerRuntime::Start() {
  started_ = true;
  http_->Start();
  for (const auto& repo : config_.repositories) workers_.emplace_back([this, &repo] { WorkerLoop(repo); });
}

void ServerRuntime::WorkerLoop(const manifests::RepositoryConfig& repo) {
  reconciler::RepositoryOpener opener = MakeRepositoryOpener(repo.url, config_.data_dir, repo.policy_branch);
  reconciler::RepositoryReconciler reconciler(opener, deps_);
  reconciler::ReconcileOptions options;
  options.cancel = &shutdown_.cancel();
  bool first = true;
  Wake wake;  // what woke this pass: nothing for the first and for polls
  std::map<std::string, Requeued> requeued;
  std::minstd_rand jitter(std::random_device{}());
  // The first drift check comes one interval after start, then one interval after each check.
  auto next_drift = std::chrono::steady_clock::now() + repo.drift_interval;
  if (repo.drift_interval.count() > 0) {
    spdlog::info("{}: drift checks every {}s", common::WithoutUserinfo(repo.url), repo.drift_interval.count() / 1000.0);
  }
  while (!shutdown_.stopping()) {
    // Pull-request work (previews, comment commands) may be answered without a reconcile.
    TriggerWork work;
    if (wake.trigger && router_ != nullptr) work = router_->Route(repo.url, opener, *wake.trigger);
    if (!wake.requeued.empty()) work.only_environment = wake.requeued;
    reconciler::ReconcileOptions pass = options;
    pass.retry = work.options.retry;
    pass.approved_commit = work.options.approved_commit;
    pass.apply_fix = work.options.apply_fix;
    pass.requested_by = work.options.requested_by;
    if (work.reconcile) {
      auto result = reconciler.ReconcileAll(work.only_environment, pass);
      if (!result.ok()) {
        metrics_.RecordError(repo.url);
        spdlog::error("{}: {}", common::WithoutUserinfo(repo.url), result.status().message());
      } else {
        RecordPass(repo, *result, requeued, jitter);
        if (reporter_ != nullptr) reporter_->PublishRuns(repo.url, wake.trigger ? &work.trigger : nullptr, *result);
      }
    }
    if (first) {
      repositories_ready_++;
      first = false;
    }
    auto next_poll = std::chrono::steady_clock::now() + config_.poll_interval;
    wake = WaitForWork(repo, opener, reconciler, options, next_poll, next_drift, requeued);
    if (wake.trigger) spdlog::info("reconciling on {}", webhooks::Describe(*wake.trigger));
    if (!wake.requeued.empty())
      spdlog::info("{}: {}: reconciling again (requeued)", common::WithoutUserinfo(repo.url), wake.requeued);
  }
}

void ServerRuntime::RecordPass(const manifests::RepositoryConfig& repo, const reconciler::RepositoryResult& result,
                               std::map<std::string, Requeued>& requeued, std::minstd_rand& jitter) {
  double now = std::chrono::duration<double>(deps_.clock.Now().time_since_epoch()).count();
  for (const auto& e : result.environments) {
    if (e.run) metrics_.RecordRun(repo.url, e.environment, e.run->status, e.duration_ms / 1000.0, now);
    if (!e.error.ok()) spdlog::error("{}: {}: {}", common::WithoutUserinfo(repo.url), e.environment, e.error.message());
    for (const auto& note : e.notes) spdlog::warn("{}: {}: {}", common::WithoutUserinfo(repo.url), e.environment, note);
    auto previous = requeued.find(e.environment);
    int attempts = 0;
    reconciler::RequeueKind last = reconciler::RequeueKind::kNone;
    if (previous != requeued.end()) {
      attempts = previous->second.attempts;
      last = previous->second.kind;
    }
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    reconciler::RequeueDecision decision = reconciler::DecideRequeue(e, attempts, requeue_policy_, unit(jitter));
    if (decision.kind == reconciler::RequeueKind::kNone) {
      requeued.erase(e.environment);
      continue;
    }
    const char* kind = reconciler::RequeueKindName(decision.kind);
    metrics_.RecordRequeue(repo.url, e.environment, kind);
    if (decision.kind == reconciler::RequeueKind::kStalled) {
      // Nothing runs again until a new commit, an approval or `/faber retry` reaches the worker.
      requeued.erase(e.environment);
      spdlog::warn("{}: {}: stalled, waiting for a person: {}", common::WithoutUserinfo(repo.url), e.environment,
                   decision.reason);
      continue;
    }
    requeued[e.environment] = {std::chrono::steady_clock::now() + decision.delay, decision.kind,
                               last == decision.kind ? attempts + 1 : 1};
    spdlog::warn("{}: {}: requeued ({}) in {:.1f}s: {}", common::WithoutUserinfo(repo.url), e.environment, kind,
                 decision.delay.count() / 1000.0, decision.reason);
  }
}

ServerRuntime::Wake ServerRuntime::WaitForWork(const manifests::RepositoryConfig& repo,
                                               reconciler::RepositoryOpener& opener,
                                               reconciler::RepositoryReconciler& reconciler,
                                               const reconciler::ReconcileOptions& options,
                                               std::chrono::steady_clock::time_point next_poll,
                                               std::chrono::steady_clock::time_point& next_drift,
                                               std::map<std::string, Requeued>& requeued) {
  bool drift_on = repo.drift_interval.count() > 0;
  while (!shutdown_.stopping()) {
    auto now = std::chrono::steady_clock::now();
    if (drift_on && now >= next_drift) {
      RunDriftPass(repo, opener, reconciler, options);
      now = std::chrono::steady_clock::now();
      next_drift = now + repo.drift_interval;
    }
    auto due = requeued.end();
    for (auto it = requeued.begin(); it != requeued.end(); ++it) {
      if (due == requeued.end() || it->second.due < due->second.due) due = it;
    }
    if (due != requeued.end() && now >= due->second.due) {
      Wake wake{std::nullopt, due->first};
      due->second.due = std::chrono::steady_clock::time_point::max();  // rescheduled by the pass's outcome
      return wake;
    }
    if (now >= next_poll) return {};
    auto wake_at = drift_on ? std::min(next_poll, next_drift) : next_poll;
    if (due != requeued.end()) wake_at = std::min(wake_at, due->second.due);
    auto timeout = std::chrono::ceil<std::chrono::milliseconds>(wake_at - now);
    if (auto trigger = queue_.WaitFor(repo.url, timeout)) return {std::move(trigger), ""};
  }
  return {};
}

namespace {

// The environments to check for drift, from faber.yaml on the default branch: those whose engine
// can tell drift (a command engine cannot: checking it on a schedule would only record the same
// failure again and again). {""} (all) when every one can, or when faber.yaml cannot be read (the
// reconcile then reports why).
std::vector<std::string> DriftCapableEnvironments(reconciler::RepositoryOpener& opener) {
  auto repo = opener();
  if (!repo.ok()) return {""};
  auto config = reconciler::RepositoryReconciler::LoadRepositoryConfig(**repo);
  if (!config.ok()) return {""};
  std::vector<std::string> names;
  for (const auto& env : config->environments) {
    if (env.engine != manifests::EngineKind::kCommand) names.push_back(env.name);
  }
  if (names.size() == config->environments.size()) return {""};
  return names;
}

}  // namespace

void ServerRuntime::RunDriftPass(const manifests::RepositoryConfig& repo, reconciler::RepositoryOpener& opener,
                                 reconciler::RepositoryReconciler& reconciler,
                                 const reconciler::ReconcileOptions& options) {
  reconciler::ReconcileOptions pass = options;
  pass.drift = true;
  std::vector<reconciler::EnvironmentResult> checked;
  for (const auto& name : DriftCapableEnvironments(opener)) {
    auto result = reconciler.ReconcileAll(name, pass);
    if (!result.ok()) {
      metrics_.RecordError(repo.url);
      spdlog::error("{}: drift check: {}", common::WithoutUserinfo(repo.url), result.status().message());
      continue;
    }
    checked.insert(checked.end(), result->environments.begin(), result->environments.end());
  }
  if (reporter_ != nullptr) reporter_->PublishDrift(repo.url, checked);
  for (const auto& e : checked) {
    std::string detail = e.notes.empty() ? "" : e.notes.back();
    if (!e.error.ok()) {
      spdlog::error("{}: {}: drift check: {}", common::WithoutUserinfo(repo.url), e.environment, e.error.message());
      metrics_.RecordDriftCheck(repo.url, e.environment, manifests::DriftVerdict::kFailed);
    } else if (!e.drift) {
      // Nothing compared, e.g. never deployed, or another process holds the environment's lock.
      spdlog::info("{}: {}: drift check skipped ({}){}", common::WithoutUserinfo(repo.url), e.environment,
                   reconciler::ActionName(e.action), detail.empty() ? "" : ": " + detail);
    } else {
      metrics_.RecordDriftCheck(repo.url, e.environment, e.drift->verdict);
      std::string line =
          fmt::format("{}: {}: drift {} {}: {} (records {})", common::WithoutUserinfo(repo.url), e.environment,
                      e.commit.substr(0, 7), e.StatusName(), detail, e.records_commit.substr(0, 7));
      // A drifted environment needs a person: someone changed it outside faber.
      if (e.drift->verdict == manifests::DriftVerdict::kDrifted) {
        spdlog::warn("{}", line);
      } else if (e.drift->verdict == manifests::DriftVerdict::kFailed) {
        spdlog::error("{}", line);
      } else {
        spdlog::info("{}", line);
      }
    }
  }
}

void ServerRuntime::WaitUntilStopped() {
  while (!shutdown_.WaitFor(std::chrono::seconds(1))) {
  }
  queue_.Close();
  http_->Stop();
  for (auto& w : workers_) w.join();
  workers_.clear();
  started_ = false;
}

}  // namespace faber::controller
