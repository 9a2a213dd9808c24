#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/repository.h"

namespace faber::store {

// One Git repository through libgit2. Two modes:
//  - local: an existing repository opened in place; branches are its refs/heads/*;
//  - clone: a bare clone of a URL in a data directory; branches are refs/remotes/origin/*,
//    refreshed by Fetch, and records are pushed back to origin.
// Not thread-safe: one instance per thread (libgit2 objects are not shared across threads).
class GitRepository final : public Repository {
 public:
  ~GitRepository() override;
  GitRepository(const GitRepository&) = delete;
  GitRepository& operator=(const GitRepository&) = delete;

  // Opens the repository at `path` (work tree or bare) in local mode.
  static common::Result<std::unique_ptr<GitRepository>> Open(const std::filesystem::path& path);
  // Opens the bare clone of `url` in `dir`, cloning it first when absent (clone mode).
  static common::Result<std::unique_ptr<GitRepository>> CloneOrOpen(const std::string& url,
                                                                    const std::filesystem::path& dir);

  // The Repository interface (see store/repository.h for each contract).
  bool has_remote() const override { return remote_mode_; }
  std::filesystem::path git_dir() const override;

  common::Status Fetch() override;
  common::Status FetchRef(const std::string& remote_ref, const std::string& local_ref) override;
  common::Result<std::string> ResolveRef(const std::string& ref) override;
  common::Result<std::string> ResolveBranch(const std::string& branch) override;
  common::Result<std::string> DefaultBranch() override;
  common::Result<std::string> PolicyBranch() override;
  // Reads configuration and gates from `branch` instead of the default branch ("" to undo).
  void set_policy_branch(std::string branch) { policy_branch_ = std::move(branch); }
  common::Result<std::string> LocalBranchTip(const std::string& branch) override;
  common::Result<std::string> RemoteBranchTip(const std::string& branch) override;

  common::Result<std::string> ReadFile(const std::string& commit, const std::string& path) override;
  common::Result<std::vector<std::string>> ListFiles(const std::string& commit, const std::string& dir) override;
  common::Result<std::vector<TreeFile>> ListFileIds(const std::string& commit, const std::string& dir) override;
  common::Result<std::string> ReadBlob(const std::string& blob_id) override;
  common::Result<CommitInfo> GetCommit(const std::string& sha) override;
  common::Result<bool> IsAncestor(const std::string& ancestor, const std::string& descendant) override;
  common::Result<std::vector<std::string>> CommitsBetween(const std::string& base, const std::string& tip) override;
  common::Result<std::vector<FileChange>> ChangesOf(const std::string& commit) override;

  common::Status ExportTree(const std::string& commit, const std::filesystem::path& dest) override;

  common::Result<std::string> CreateCommit(const std::string& parent, const std::vector<FileChange>& changes,
                                           const std::string& message) override;
  common::Status CompareAndSwapBranch(const std::string& branch, const std::string& expected,
                                      const std::string& target) override;
  common::Result<PushResult> Push(const std::string& branch) override;
  common::Result<PushResult> PushRef(const std::string& local_ref, const std::string& remote_ref) override;

 private:
  struct Impl;
  GitRepository(std::unique_ptr<Impl> impl, bool remote_mode);
  std::unique_ptr<Impl> impl_;
  bool remote_mode_;
  std::string policy_branch_;
};

}  // namespace faber::store
