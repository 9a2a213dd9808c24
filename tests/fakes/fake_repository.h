#pragma once

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tests/fakes/fault_plan.h"

#include "store/repository.h"

namespace faber::testing {

// An in-memory repository in local mode: commits, branches and blobs in maps, compare-and-swap
// on branches, and ExportTree writing real files (the pipeline runs on them). Faults are set per
// operation name ("ResolveBranch", "ReadFile", "ExportTree", "CompareAndSwapBranch", ...) and
// returned by its next calls, so the reconciler's handling of each failure can be tested.
class FakeRepository : public store::Repository {
 public:
  explicit FakeRepository(std::filesystem::path git_dir) : git_dir_(std::move(git_dir)) {}

  // Commits `files` on top of `branch`'s tip (or as its first commit), with the tip's other files
  // kept unless `replace`; moves the branch; returns the new commit's id.
  std::string Commit(const std::string& branch, const std::map<std::string, std::string>& files,
                     const std::string& message = "change", bool replace = false) {
    std::lock_guard lock(mu_);
    CommitData data;
    auto tip = branches_.find(branch);
    if (tip != branches_.end()) {
      data.parents.push_back(tip->second);
      if (!replace) data.files = commits_.at(tip->second).files;
    }
    for (const auto& [path, content] : files) data.files[path] = content;
    data.message = message;
    std::string sha = NewSha();
    commits_[sha] = std::move(data);
    branches_[branch] = sha;
    return sha;
  }
  // Points `branch` at `commit`.
  void SetBranch(const std::string& branch, const std::string& commit) {
    std::lock_guard lock(mu_);
    branches_[branch] = commit;
  }
  void SetDefaultBranch(const std::string& branch) { default_branch_ = branch; }
  // Reads configuration and gates from `branch` (server.yaml policy_branch); "" for the default.
  void SetPolicyBranch(const std::string& branch) { policy_branch_ = branch; }
  // The next `times` calls of `operation` return `status`.
  void FailNext(const std::string& operation, common::Status status, int times = 1) {
    faults_.FailNext(operation, std::move(status), times);
  }
  // How many times `operation` was called.
  int Calls(const std::string& operation) const { return faults_.Calls(operation); }
  // Runs once, just before the next compare-and-swap is decided: a concurrent writer's moment.
  void BeforeNextCompareAndSwap(std::function<void()> hook) {
    std::lock_guard lock(mu_);
    before_cas_ = std::move(hook);
  }
  // True when `branch` exists (counts no call, takes no fault).
  bool HasBranch(const std::string& branch) const {
    std::lock_guard lock(mu_);
    return branches_.count(branch) > 0;
  }
  // The first-parent history of `branch`, newest first; empty when it does not exist.
  std::vector<std::string> BranchHistory(const std::string& branch) const {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    auto it = branches_.find(branch);
    if (it == branches_.end()) return out;
    for (std::string sha = it->second; !sha.empty();) {
      out.push_back(sha);
      const auto& parents = commits_.at(sha).parents;
      sha = parents.empty() ? "" : parents.front();
    }
    return out;
  }

  bool has_remote() const override { return false; }
  std::filesystem::path git_dir() const override { return git_dir_; }
  common::Status Fetch() override { return Fault("Fetch"); }
  common::Status FetchRef(const std::string&, const std::string&) override {
    return common::InvalidInput("FetchRef needs a remote");
  }
  common::Result<std::string> ResolveRef(const std::string& ref) override {
    const std::string heads = "refs/heads/";
    return ResolveBranch(ref.rfind(heads, 0) == 0 ? ref.substr(heads.size()) : ref);
  }
  common::Result<std::string> ResolveBranch(const std::string& branch) override {
    if (auto f = Fault("ResolveBranch"); !f.ok()) return f;
    std::lock_guard lock(mu_);
    auto it = branches_.find(branch);
    if (it == branches_.end()) return common::NotFound("no branch " + branch);
    return it->second;
  }
  common::Result<std::string> DefaultBranch() override { return default_branch_; }
  common::Result<std::string> PolicyBranch() override {
    return policy_branch_.empty() ? default_branch_ : policy_branch_;
  }
  common::Result<std::string> LocalBranchTip(const std::string& branch) override { return ResolveBranch(branch); }
  common::Result<std::string> RemoteBranchTip(const std::string& branch) override {
    return common::NotFound("no remote for " + branch);
  }
  common::Result<std::string> ReadFile(const std::string& commit, const std::string& path) override {
    if (auto f = Fault("ReadFile"); !f.ok()) return f;
    std::lock_guard lock(mu_);
    auto c = commits_.find(commit);
    if (c == commits_.end()) return common::NotFound("no commit " + commit);
    auto file = c->second.files.find(path);
    if (file == c->second.files.end()) return common::NotFound(path + " is not in " + commit.substr(0, 7));
    return file->second;
  }
  common::Result<std::vector<std::string>> ListFiles(const std::string& commit, const std::string& dir) override {
    auto ids = ListFileIds(commit, dir);
    if (!ids.ok()) return ids.status();
    std::vector<std::string> paths;
    for (const auto& f : *ids) paths.push_back(f.path);
    return paths;
  }
  common::Result<std::vector<store::TreeFile>> ListFileIds(const std::string& commit, const std::string& dir) override {
    std::lock_guard lock(mu_);
    auto c = commits_.find(commit);
    if (c == commits_.end()) return common::NotFound("no commit " + commit);
    std::vector<store::TreeFile> out;
    std::string prefix = dir.empty() ? "" : dir + "/";
    for (const auto& [path, content] : c->second.files) {
      if (path.rfind(prefix, 0) != 0) continue;
      std::string id = BlobId(content);
      blobs_[id] = content;
      out.push_back({path, id});
    }
    return out;
  }
  common::Result<std::string> ReadBlob(const std::string& blob_id) override {
    std::lock_guard lock(mu_);
    auto it = blobs_.find(blob_id);
    if (it == blobs_.end()) return common::NotFound("no blob " + blob_id);
    return it->second;
  }
  common::Result<store::CommitInfo> GetCommit(const std::string& sha) override {
    std::lock_guard lock(mu_);
    auto c = commits_.find(sha);
    if (c == commits_.end()) return common::NotFound("no commit " + sha);
    return store::CommitInfo{sha, c->second.message, "faber", "faber@localhost", 0, c->second.parents};
  }
  common::Result<bool> IsAncestor(const std::string& ancestor, const std::string& descendant) override {
    std::lock_guard lock(mu_);
    std::vector<std::string> todo{descendant};
    std::set<std::string> seen;
    while (!todo.empty()) {
      std::string sha = todo.back();
      todo.pop_back();
      if (sha == ancestor) return true;
      if (!seen.insert(sha).second) continue;
      auto c = commits_.find(sha);
      if (c != commits_.end()) todo.insert(todo.end(), c->second.parents.begin(), c->second.parents.end());
    }
    return false;
  }
  common::Result<std::vector<std::string>> CommitsBetween(const std::string& base, const std::string& tip) override {
    std::vector<std::string> out;
    std::lock_guard lock(mu_);
    for (std::string sha = tip; !sha.empty() && sha != base;) {
      out.push_back(sha);
      const auto& parents = commits_.at(sha).parents;
      sha = parents.empty() ? "" : parents.front();
    }
    std::reverse(out.begin(), out.end());
    return out;
  }
  common::Result<std::vector<store::FileChange>> ChangesOf(const std::string& commit) override {
    std::lock_guard lock(mu_);
    const CommitData& c = commits_.at(commit);
    std::map<std::string, std::string> before;
    if (!c.parents.empty()) before = commits_.at(c.parents.front()).files;
    std::vector<store::FileChange> out;
    for (const auto& [path, content] : c.files) {
      auto it = before.find(path);
      if (it == before.end() || it->second != content) out.push_back({path, content});
    }
    for (const auto& [path, content] : before) {
      if (!c.files.count(path)) out.push_back({path, std::nullopt});
    }
    return out;
  }
  common::Status ExportTree(const std::string& commit, const std::filesystem::path& dest) override {
    if (auto f = Fault("ExportTree"); !f.ok()) return f;
    std::map<std::string, std::string> files;
    {
      std::lock_guard lock(mu_);
      auto c = commits_.find(commit);
      if (c == commits_.end()) return common::NotFound("no commit " + commit);
      files = c->second.files;
    }
    std::filesystem::remove_all(dest);  // dest ends up holding exactly the tree
    std::filesystem::create_directories(dest);
    for (const auto& [path, content] : files) {
      std::filesystem::create_directories((dest / path).parent_path());
      std::ofstream(dest / path, std::ios::binary) << content;
    }
    return common::Status::Ok();
  }
  common::Result<std::string> CreateCommit(const std::string& parent, const std::vector<store::FileChange>& changes,
                                           const std::string& message) override {
    if (auto f = Fault("CreateCommit"); !f.ok()) return f;
    std::lock_guard lock(mu_);
    CommitData data;
    if (!parent.empty()) {
      data.parents.push_back(parent);
      data.files = commits_.at(parent).files;
    }
    for (const auto& change : changes) {
      if (change.content) data.files[change.path] = *change.content;
      else data.files.erase(change.path);
    }
    data.message = message;
    std::string sha = NewSha();
    commits_[sha] = std::move(data);
    return sha;
  }
  common::Status CompareAndSwapBranch(const std::string& branch, const std::string& expected,
                                      const std::string& target) override {
    std::function<void()> hook;
    {
      std::lock_guard lock(mu_);
      hook = std::exchange(before_cas_, nullptr);
    }
    if (hook) hook();  // outside the lock: the hook may commit through this repository
    if (auto f = Fault("CompareAndSwapBranch"); !f.ok()) return f;
    std::lock_guard lock(mu_);
    auto it = branches_.find(branch);
    std::string current = it == branches_.end() ? "" : it->second;
    if (current != expected) return common::Conflict(branch + " moved to " + current.substr(0, 7));
    branches_[branch] = target;
    return common::Status::Ok();
  }
  common::Result<store::PushResult> Push(const std::string& branch) override {
    return common::InvalidInput("no remote to push " + branch + " to");
  }
  common::Result<store::PushResult> PushRef(const std::string& local_ref, const std::string&) override {
    return common::InvalidInput("no remote to push " + local_ref + " to");
  }

 private:
  struct CommitData {
    std::map<std::string, std::string> files;
    std::vector<std::string> parents;
    std::string message;
  };

  common::Status Fault(const std::string& operation) { return faults_.Next(operation); }
  std::string NewSha() {
    // The counter leads, so short ids (sha7, as run ids and messages use them) differ too.
    char buf[41];
    std::snprintf(buf, sizeof(buf), "%07x%033x", static_cast<unsigned>(++counter_), 0xfabeu);
    return buf;
  }
  static std::string BlobId(const std::string& content) {
    char buf[17];
    std::snprintf(buf, sizeof(buf), "%016zx", std::hash<std::string>{}(content));
    return buf;
  }

  std::filesystem::path git_dir_;
  std::string default_branch_ = "main";
  std::string policy_branch_;
  mutable std::mutex mu_;
  int counter_ = 0;
  std::map<std::string, CommitData> commits_;
  std::map<std::string, std::string> branches_;
  std::map<std::string, std::string> blobs_;
  FaultPlan faults_;
  std::function<void()> before_cas_;
};

}  // namespace faber::testing
