#include "reconciler/repository_reconciler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "tests/reconciler/reconciler_test_support.h"

namespace faber::reconciler {
namespace {

using manifests::RunStatus;
using nlohmann::json;
using testing::EnvBlock;
using testing::FaberYaml;
using testing::FakeRepository;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// What the opener hands each thread: its own Repository object over one shared FakeRepository
// (thread-safe), as each thread would open its own libgit2 handle on one repository.
class SharedRepository : public store::Repository {
 public:
  explicit SharedRepository(FakeRepository& target) : t_(target) {}
  bool has_remote() const override { return t_.has_remote(); }
  std::filesystem::path git_dir() const override { return t_.git_dir(); }
  common::Status Fetch() override { return t_.Fetch(); }
  common::Status FetchRef(const std::string& r, const std::string& l) override { return t_.FetchRef(r, l); }
  common::Result<std::string> ResolveRef(const std::string& ref) override { return t_.ResolveRef(ref); }
  common::Result<std::string> ResolveBranch(const std::string& b) override { return t_.ResolveBranch(b); }
  common::Result<std::string> DefaultBranch() override { return t_.DefaultBranch(); }
  common::Result<std::string> LocalBranchTip(const std::string& b) override { return t_.LocalBranchTip(b); }
  common::Result<std::string> RemoteBranchTip(const std::string& b) override { return t_.RemoteBranchTip(b); }
  common::Result<std::string> ReadFile(const std::string& c, const std::string& p) override { return t_.ReadFile(c, p); }
  common::Result<std::vector<std::string>> ListFiles(const std::string& c, const std::string& d) override {
    return t_.ListFiles(c, d);
  }
  common::Result<std::vector<store::TreeFile>> ListFileIds(const std::string& c, const std::string& d) override {
    return t_.ListFileIds(c, d);
  }
  common::Result<std::string> ReadBlob(const std::string& id) override { return t_.ReadBlob(id); }
  common::Result<store::CommitInfo> GetCommit(const std::string& sha) override { return t_.GetCommit(sha); }
  common::Result<bool> IsAncestor(const std::string& a, const std::string& d) override { return t_.IsAncestor(a, d); }
  common::Result<std::vector<std::string>> CommitsBetween(const std::string& b, const std::string& t) override {
    return t_.CommitsBetween(b, t);
  }
  common::Result<std::vector<store::FileChange>> ChangesOf(const std::string& c) override { return t_.ChangesOf(c); }
  common::Status ExportTree(const std::string& c, const std::filesystem::path& d) override { return t_.ExportTree(c, d); }
  common::Result<std::string> CreateCommit(const std::string& p, const std::vector<store::FileChange>& c,
                                           const std::string& m) override {
    return t_.CreateCommit(p, c, m);
  }
  common::Status CompareAndSwapBranch(const std::string& b, const std::string& e, const std::string& t) override {
    return t_.CompareAndSwapBranch(b, e, t);
  }
  common::Result<store::PushResult> Push(const std::string& b) override { return t_.Push(b); }
  common::Result<store::PushResult> PushRef(const std::string& l, const std::string& r) override {
    return t_.PushRef(l, r);
  }

 private:
  FakeRepository& t_;
};

class RepositoryReconcilerTest : public testing::ReconcilerFixture {
 protected:
  RepositoryReconciler Reconciler() {
    RepositoryOpener opener = [this]() -> common::Result<std::unique_ptr<store::Repository>> {
      int n = ++opened_;
      if (fail_open_after_ >= 0 && n > fail_open_after_) return common::Internal("cannot open repository");
      return std::unique_ptr<store::Repository>(std::make_unique<SharedRepository>(repo_));
    };
    return RepositoryReconciler(opener, Deps());
  }
  // faber.yaml on main, env/test and env/prod.
  void SetUpBranches(const std::string& yaml = testing::DefaultFaberYaml()) {
    CommitConfig("main", yaml);
    test_head_ = CommitConfig("env/test", yaml);
    prod_head_ = CommitConfig("env/prod", yaml);
  }
  const EnvironmentResult* Find(const RepositoryResult& r, const std::string& name) {
    for (const auto& e : r.environments) {
      if (e.environment == name) return &e;
    }
    return nullptr;
  }

  std::atomic<int> opened_{0};
  int fail_open_after_ = -1;  // opens after this many fail; -1: none fail
  std::string test_head_, prod_head_;
};

TEST_F(RepositoryReconcilerTest, ReconcilesEveryEnvironmentInItsOwnThreadAndRecordsEach) {
  SetUpBranches();
  auto result = Reconciler().ReconcileAll("", {});
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->environments.size(), 2u);
  EXPECT_FALSE(result->AnyFailure());
  // One repository for the configuration, then one per environment.
  EXPECT_EQ(opened_.load(), 3);

  const EnvironmentResult* test = Find(*result, "test");
  const EnvironmentResult* prod = Find(*result, "prod");
  ASSERT_NE(test, nullptr);
  ASSERT_NE(prod, nullptr);
  for (const EnvironmentResult* e : {test, prod}) {
    EXPECT_EQ(e->action, Action::kDeployed) << e->environment << ": " << e->error.message();
    ASSERT_TRUE(e->run.has_value());
    EXPECT_EQ(e->run->status, RunStatus::kSucceeded);
  }
  EXPECT_EQ(test->commit, test_head_);
  EXPECT_EQ(prod->commit, prod_head_);

  // Both runs raced for the records branch: two commits, neither lost.
  auto records = repo_.BranchHistory("faber/records");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(std::set<std::string>(records.begin(), records.end()),
            (std::set<std::string>{test->records_commit, prod->records_commit}));
  EXPECT_EQ(RecordsJson("deployments/test.json")["last_applied_commit"], test_head_);
  EXPECT_EQ(RecordsJson("deployments/prod.json")["last_applied_commit"], prod_head_);
  std::vector<std::string> engines = engines_.created_for();
  EXPECT_EQ(std::set<std::string>(engines.begin(), engines.end()), (std::set<std::string>{"test", "prod"}));
  // The state directory is the repository's own.
  EXPECT_TRUE(std::filesystem::exists(tmp_.path() / "faber" / "locks" / "test.lock"));

  // Again: nothing new, nothing runs.
  auto again = Reconciler().ReconcileAll("", {});
  ASSERT_TRUE(again.ok());
  for (const auto& e : again->environments) EXPECT_EQ(e.action, Action::kNoop) << e.environment;
  EXPECT_EQ(repo_.BranchHistory("faber/records").size(), 2u);
}

TEST_F(RepositoryReconcilerTest, OnlyTheNamedEnvironmentRuns) {
  SetUpBranches();
  auto result = Reconciler().ReconcileAll("prod", {});
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->environments.size(), 1u);
  EXPECT_EQ(result->environments[0].environment, "prod");
  EXPECT_EQ(result->environments[0].action, Action::kDeployed);
  EXPECT_EQ(engines_.created_for(), std::vector<std::string>{"prod"});
}

TEST_F(RepositoryReconcilerTest, AnUnknownEnvironmentIsInvalidInputAndRunsNothing) {
  SetUpBranches();
  auto result = Reconciler().ReconcileAll("staging", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(result.status().message(), "staging")) << result.status().message();
  EXPECT_TRUE(engines_.created_for().empty());
  EXPECT_FALSE(repo_.HasBranch("faber/records"));
}

TEST_F(RepositoryReconcilerTest, FaberYamlMissingOnTheDefaultBranchIsInvalidInput) {
  std::string main = repo_.Commit("main", {{"README.md", "hello\n"}});
  repo_.Commit("env/test", {{"faber.yaml", testing::DefaultFaberYaml()}, {"infra/main.txt", "v0\n"}});
  auto result = Reconciler().ReconcileAll("", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(result.status().message(), "faber.yaml")) << result.status().message();
  EXPECT_TRUE(Contains(result.status().message(), "main")) << result.status().message();
  EXPECT_TRUE(Contains(result.status().message(), main.substr(0, 7))) << result.status().message();
  EXPECT_TRUE(engines_.created_for().empty());
  EXPECT_FALSE(repo_.HasBranch("faber/records"));
  EXPECT_EQ(repo_.Calls("CompareAndSwapBranch"), 0);
}

TEST_F(RepositoryReconcilerTest, InvalidFaberYamlOnTheDefaultBranchNamesTheLineAndRunsNothing) {
  SetUpBranches();
  CommitConfig("main", "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    engine: helm\n");
  auto result = Reconciler().ReconcileAll("", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().kind(), common::ErrorKind::kInvalidInput);
  EXPECT_TRUE(Contains(result.status().message(), "faber.yaml:5:")) << result.status().message();
  EXPECT_TRUE(engines_.created_for().empty());
  EXPECT_FALSE(repo_.HasBranch("faber/records"));
}

TEST_F(RepositoryReconcilerTest, TheRecordsBranchComesFromFaberYamlOnTheDefaultBranch) {
  SetUpBranches(FaberYaml({EnvBlock("test"), EnvBlock("prod")}, "faber/audit"));
  auto result = Reconciler().ReconcileAll("test", {});
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->environments[0].action, Action::kDeployed);
  EXPECT_FALSE(repo_.HasBranch("faber/records"));
  EXPECT_EQ(repo_.BranchHistory("faber/audit").size(), 1u);
  EXPECT_EQ(RecordsJson("deployments/test.json", "faber/audit")["last_applied_commit"], test_head_);
}

TEST_F(RepositoryReconcilerTest, AFetchFailureIsReturnedAndRunsNothing) {
  SetUpBranches();
  repo_.FailNext("Fetch", common::Transient("connection reset"));
  auto result = Reconciler().ReconcileAll("", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().kind(), common::ErrorKind::kTransient);
  EXPECT_TRUE(engines_.created_for().empty());
}

TEST_F(RepositoryReconcilerTest, ARepositoryThatCannotBeOpenedIsReturned) {
  SetUpBranches();
  fail_open_after_ = 0;
  auto result = Reconciler().ReconcileAll("", {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().kind(), common::ErrorKind::kInternal);
  EXPECT_TRUE(engines_.created_for().empty());
}

TEST_F(RepositoryReconcilerTest, AnEnvironmentWhoseRepositoryCannotBeOpenedIsAnErrorOfItsOwn) {
  SetUpBranches();
  fail_open_after_ = 1;  // the configuration is read, each environment's own open fails
  auto result = Reconciler().ReconcileAll("", {});
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->environments.size(), 2u);
  for (const auto& e : result->environments) {
    EXPECT_EQ(e.action, Action::kError) << e.environment;
    EXPECT_FALSE(e.environment.empty());
  }
  EXPECT_TRUE(result->AnyFailure());
  EXPECT_TRUE(engines_.created_for().empty());
}

TEST_F(RepositoryReconcilerTest, OneFailingEnvironmentIsAFailureOfTheWholeAndTheOtherStillDeploys) {
  SetUpBranches();
  engines_.FailOn("apply", 2, "Error: quota exceeded", "prod");
  auto result = Reconciler().ReconcileAll("", {});
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_TRUE(result->AnyFailure());
  ASSERT_NE(Find(*result, "test"), nullptr);
  ASSERT_NE(Find(*result, "prod"), nullptr);
  EXPECT_EQ(Find(*result, "test")->StatusName(), "succeeded");
  EXPECT_EQ(Find(*result, "prod")->StatusName(), "failed");
  EXPECT_EQ(RecordsJson("deployments/prod.json")["status"], "failed");
  EXPECT_EQ(RecordsJson("deployments/test.json")["status"], "succeeded");
}

// --- RepositoryResult::AnyFailure -------------------------------------------------------------

EnvironmentResult WithRun(RunStatus status) {
  EnvironmentResult e;
  e.action = Action::kDeployed;
  e.run = RunSummary{};
  e.run->status = status;
  return e;
}

EnvironmentResult WithAction(Action action) {
  EnvironmentResult e;
  e.action = action;
  return e;
}

TEST(RepositoryResultTest, AnyFailureIsFalseWhenEverythingDeployedOrHadNothingToDo) {
  RepositoryResult r;
  EXPECT_FALSE(r.AnyFailure());
  r.environments = {WithRun(RunStatus::kSucceeded), WithAction(Action::kNoop), WithAction(Action::kAwaitingApproval),
                    WithAction(Action::kBlocked), WithAction(Action::kBusy), WithAction(Action::kRecovered)};
  EXPECT_FALSE(r.AnyFailure());
}

TEST(RepositoryResultTest, AnyFailureIsTrueForAFailedOrAbortedRun) {
  for (RunStatus status : {RunStatus::kFailed, RunStatus::kAborted}) {
    RepositoryResult r;
    r.environments = {WithRun(RunStatus::kSucceeded), WithRun(status)};
    EXPECT_TRUE(r.AnyFailure()) << manifests::RunStatusName(status);
  }
}

TEST(RepositoryResultTest, AnyFailureIsTrueForAStopOrAnError) {
  for (Action action : {Action::kStopped, Action::kError}) {
    RepositoryResult r;
    r.environments = {WithAction(Action::kNoop), WithAction(action)};
    EXPECT_TRUE(r.AnyFailure()) << ActionName(action);
  }
}

TEST(RepositoryResultTest, AnyFailureIsTrueForDriftAndForRecordsNotPushed) {
  RepositoryResult drifted;
  EnvironmentResult d = WithAction(Action::kDrift);
  d.drift = DriftOutcome{};
  d.drift->verdict = manifests::DriftVerdict::kDrifted;
  drifted.environments = {d};
  EXPECT_TRUE(drifted.AnyFailure());
  drifted.environments[0].drift->verdict = manifests::DriftVerdict::kInSync;
  EXPECT_FALSE(drifted.AnyFailure());

  RepositoryResult unpushed;
  unpushed.environments = {WithRun(RunStatus::kSucceeded)};
  unpushed.environments[0].push = store::PushState::kFailed;
  EXPECT_TRUE(unpushed.AnyFailure());
}

}  // namespace
}  // namespace faber::reconciler
