#pragma once

// Shared pieces of the EnvironmentReconciler and RepositoryReconciler unit tests: a scratch
// directory, an engine factory handing out FakeEngines, a debugger that records what it was
// asked, faber.yaml builders, and a fixture wiring them with FakeRepository and FaultInjectionEnv.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/process_runner.h"
#include "reconciler/engines/engine.h"
#include "reconciler/environment_reconciler.h"
#include "reconciler/failure_debugger.h"
#include "store/records_layout.h"
#include "store/run_journal.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/fake_engine.h"
#include "tests/fakes/fake_http_client.h"
#include "tests/fakes/fake_repository.h"
#include "tests/fakes/fault_injection_env.h"

namespace faber::testing {

// A fresh directory under the system's temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("faber_core_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Hands every call to a FakeEngine the factory keeps, so the test can read its calls afterwards;
// Drift answers what the factory was told (the FakeEngine has none).
class SharedEngine : public reconciler::Engine {
 public:
  SharedEngine(std::shared_ptr<FakeEngine> target, std::optional<reconciler::EngineResult> drift)
      : target_(std::move(target)), drift_(std::move(drift)) {}
  reconciler::EngineResult Init(const reconciler::EngineContext& c) override { return target_->Init(c); }
  reconciler::EngineResult Validate(const reconciler::EngineContext& c) override { return target_->Validate(c); }
  reconciler::EngineResult Plan(const reconciler::EngineContext& c) override { return target_->Plan(c); }
  reconciler::EngineResult Apply(const reconciler::EngineContext& c) override { return target_->Apply(c); }
  reconciler::EngineResult Outputs(const reconciler::EngineContext& c) override { return target_->Outputs(c); }
  reconciler::EngineResult Drift(const reconciler::EngineContext& c) override {
    return drift_ ? *drift_ : target_->Drift(c);
  }

 private:
  std::shared_ptr<FakeEngine> target_;
  std::optional<reconciler::EngineResult> drift_;
};

// An EngineFactory creating one FakeEngine per call (thread-safe), with failures set per
// environment or for all, and an error for the next Create when asked.
class StubEngineFactory : public reconciler::EngineFactory {
 public:
  // Engines created for `environment` ("" for every environment) fail `operation`.
  void FailOn(const std::string& operation, int exit_code, const std::string& output,
              const std::string& environment = "") {
    std::lock_guard lock(mu_);
    failures_.push_back({environment, operation, exit_code, output});
  }
  void ClearFailures() {
    std::lock_guard lock(mu_);
    failures_.clear();
  }
  // The next Create returns `status`.
  void FailNextCreate(common::Status status) {
    std::lock_guard lock(mu_);
    create_error_ = std::move(status);
  }
  // What Engine::Drift of the engines created from now on returns.
  void SetDrift(reconciler::EngineResult drift) {
    std::lock_guard lock(mu_);
    drift_ = std::move(drift);
  }
  // The environments Create was called for, in order (errors included).
  std::vector<std::string> created_for() const {
    std::lock_guard lock(mu_);
    return created_for_;
  }
  // The engines handed out, in order.
  std::vector<std::shared_ptr<FakeEngine>> engines() const {
    std::lock_guard lock(mu_);
    return engines_;
  }
  std::shared_ptr<FakeEngine> last() const {
    std::lock_guard lock(mu_);
    return engines_.empty() ? nullptr : engines_.back();
  }

  common::Result<std::unique_ptr<reconciler::Engine>> Create(const manifests::EnvironmentConfig& env) override {
    std::lock_guard lock(mu_);
    created_for_.push_back(env.name);
    if (create_error_) {
      common::Status error = *create_error_;
      create_error_.reset();
      return error;
    }
    auto fake = std::make_shared<FakeEngine>();
    for (const auto& f : failures_) {
      if (f.environment.empty() || f.environment == env.name) fake->FailOn(f.operation, f.exit_code, f.output);
    }
    engines_.push_back(fake);
    return std::unique_ptr<reconciler::Engine>(std::make_unique<SharedEngine>(fake, drift_));
  }

 private:
  struct Failure {
    std::string environment;
    std::string operation;
    int exit_code;
    std::string output;
  };
  mutable std::mutex mu_;
  std::vector<Failure> failures_;
  std::optional<common::Status> create_error_;
  std::optional<reconciler::EngineResult> drift_;
  std::vector<std::string> created_for_;
  std::vector<std::shared_ptr<FakeEngine>> engines_;
};

// A FailureDebugger that remembers each call and answers a diagnosis shaped like the real one's
// summary (issue_id, solutions[] as reconciler/requested_fix.cc reads them). Each answer carries
// the number of its call, so a test can tell which analysis was kept.
class RecordingDebugger : public reconciler::FailureDebugger {
 public:
  struct Call {
    std::optional<reconciler::FailureContext> failure;
    std::vector<reconciler::FixAttempt> attempts;
    std::string records_tip;  // the records commit the analysis was derived from
  };

  RecordingDebugger() {
    solutions_ = nlohmann::json::array(
        {{{"solution_id", "sol-retry"},
          {"automated", true},
          {"remedy", "retry_with_backoff"},
          {"description", "Retry the apply with backoff"}},
         {{"solution_id", "sol-manual"},
          {"automated", false},
          {"description", "Grant the deploy role s3:CreateBucket"},
          {"steps", nlohmann::json::array({"Open IAM", "Attach the policy"})}}});
  }
  void SetSolutions(nlohmann::json solutions) {
    std::lock_guard lock(mu_);
    solutions_ = std::move(solutions);
  }
  std::vector<Call> calls() const {
    std::lock_guard lock(mu_);
    return calls_;
  }

  reconciler::DebugAnalysis Analyze(const reconciler::FailureContext* failure,
                                    const std::vector<reconciler::FixAttempt>& attempts,
                                    const store::RecordsSnapshot& records) override {
    std::lock_guard lock(mu_);
    calls_.push_back({failure ? std::optional<reconciler::FailureContext>(*failure) : std::nullopt, attempts,
                      records.tip()});
    int n = static_cast<int>(calls_.size());
    reconciler::DebugAnalysis analysis;
    if (failure != nullptr) {
      analysis.summary = {{"issue_id", kIssueId},
                          {"category", "permissions"},
                          {"analysis", n},
                          {"solutions", solutions_}};
      analysis.markdown = "proposal " + std::to_string(n);
      analysis.issue_log_changes.push_back(
          {store::IssuePath(kIssueId), nlohmann::json({{"issue_id", kIssueId}, {"analysis", n}}).dump() + "\n"});
    }
    for (const auto& a : attempts) {
      analysis.fixes.push_back({{"solution_id", a.solution_id}, {"remedy", a.remedy}, {"requested_by", a.requested_by}});
    }
    return analysis;
  }

  static constexpr const char* kIssueId = "ISS-0001";

 private:
  mutable std::mutex mu_;
  nlohmann::json solutions_;
  std::vector<Call> calls_;
};

// One environment's block of faber.yaml (command engine), with `extra` lines appended (each
// indented by four spaces by the caller).
inline std::string EnvBlock(const std::string& name, const std::string& extra = "") {
  return "  - name: " + name + "\n    branch: env/" + name +
         "\n    directory: infra\n    engine: command\n    commands: {apply: \"./apply.sh\"}\n" + extra;
}

// faber.yaml declaring `blocks` (EnvBlock), with the records branch set when not empty.
inline std::string FaberYaml(const std::vector<std::string>& blocks, const std::string& records_branch = "") {
  std::string yaml = "version: 1\n";
  if (!records_branch.empty()) yaml += "records: {branch: " + records_branch + "}\n";
  yaml += "environments:\n";
  for (const auto& b : blocks) yaml += b;
  return yaml;
}

// The default faber.yaml of these tests: `test` and `prod` (production, so it stops after a crash).
inline std::string DefaultFaberYaml() { return FaberYaml({EnvBlock("test"), EnvBlock("prod")}); }

// The fakes a reconcile runs with; the state directory sits in a fresh temp directory, which is
// also the repository's git_dir.
class ReconcilerFixture : public ::testing::Test {
 protected:
  ReconcilerFixture() : repo_(tmp_.path()) { env_.set_process_id(4321); }

  reconciler::ReconcilerDeps Deps() {
    return reconciler::ReconcilerDeps{engines_, runner_, http_, clock_, debugger_, {"srv-known-secret-77"}, &env_};
  }
  // Commits faber.yaml `yaml` and a module file on `branch`; returns the commit. The same
  // faber.yaml goes onto the default branch too, where the environments' gates are read
  // (commit on `branch` alone with repo_.Commit to test a branch that disagrees with it).
  std::string CommitConfig(const std::string& branch, const std::string& yaml, const std::string& note = "v0",
                           const std::string& message = "change") {
    if (branch != "main") {
      auto main = repo_.ResolveBranch("main");
      auto current = main.ok() ? repo_.ReadFile(*main, "faber.yaml") : common::Result<std::string>(common::NotFound(""));
      if (!current.ok() || *current != yaml) repo_.Commit("main", {{"faber.yaml", yaml}}, "faber.yaml");
    }
    return repo_.Commit(branch, {{"faber.yaml", yaml}, {"infra/main.txt", note + "\n"}}, message);
  }
  // The JSON document at `path` on the tip of `records_branch`.
  nlohmann::json RecordsJson(const std::string& path, const std::string& records_branch = "faber/records") {
    auto tip = repo_.ResolveBranch(records_branch);
    if (!tip.ok()) {
      ADD_FAILURE() << "no records branch " << records_branch;
      return nullptr;
    }
    auto text = repo_.ReadFile(*tip, path);
    if (!text.ok()) {
      ADD_FAILURE() << path << ": " << text.status().message();
      return nullptr;
    }
    return nlohmann::json::parse(*text);
  }
  // The subject line of a commit.
  std::string Subject(const std::string& commit) {
    auto info = repo_.GetCommit(commit);
    if (!info.ok()) return "";
    return info->message.substr(0, info->message.find('\n'));
  }

  TempDir tmp_;
  FakeRepository repo_;
  StubEngineFactory engines_;
  common::PosixProcessRunner runner_;
  FakeHttpClient http_;
  FakeClock clock_;
  RecordingDebugger debugger_;
  FaultInjectionEnv env_;
};

}  // namespace faber::testing
