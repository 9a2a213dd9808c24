#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::store {

// A file to write (content) or delete (nullopt) in a commit built without a work tree.
struct FileChange {
  std::string path;  // slash-separated, relative to the tree root
  std::optional<std::string> content;
};

// A file in a commit's tree and the id of its content.
struct TreeFile {
  std::string path;
  std::string blob_id;
};

struct CommitInfo {
  std::string sha;
  std::string message;
  std::string author_name;
  std::string author_email;
  int64_t time = 0;  // seconds since the epoch
  std::vector<std::string> parents;
};

// How a push ended. libgit2 reports a server-side rejection through a callback, not its return
// value: Push reads that callback so a rejection is never mistaken for success.
enum class PushOutcome { kPushed, kUpToDate, kRejectedNonFastForward, kRejectedByServer };

struct PushResult {
  PushOutcome outcome = PushOutcome::kPushed;
  std::string message;  // the server's reason when rejected
};

// A Git repository as faber uses it: the tracked branches, trees and blobs of commits, and the
// records branch it writes with compare-and-swap. GitRepository is the real one (libgit2); unit
// tests use a fake. Not thread-safe: one instance per thread.
class Repository {
 public:
  virtual ~Repository() = default;

  // True in clone mode: branches come from a remote and records are pushed back to it.
  virtual bool has_remote() const = 0;
  // The .git directory (or the bare repository), where faber keeps its local state.
  virtual std::filesystem::path git_dir() const = 0;

  // Clone mode: fetches every branch of origin into refs/remotes/origin/*; local mode: no-op.
  virtual common::Status Fetch() = 0;
  // Clone mode: fetches origin's `remote_ref` (any ref, e.g. refs/pull/7/head) into `local_ref`,
  // replacing what it held; kNotFound when origin has no `remote_ref`, kInvalidInput in local mode.
  virtual common::Status FetchRef(const std::string& remote_ref, const std::string& local_ref) = 0;
  // Returns the commit any ref (full name, e.g. refs/notes/faber) points at; kNotFound when absent.
  virtual common::Result<std::string> ResolveRef(const std::string& ref) = 0;
  // Returns the commit a branch of the tracked repository points at; kNotFound when absent.
  virtual common::Result<std::string> ResolveBranch(const std::string& branch) = 0;
  // Returns the name of the default branch (what HEAD points at, locally or on origin).
  virtual common::Result<std::string> DefaultBranch() = 0;
  // Returns the branch faber.yaml, the gates and the policies are read from: the one configured
  // for this repository (server.yaml policy_branch), else the default branch.
  virtual common::Result<std::string> PolicyBranch() { return DefaultBranch(); }
  // Returns the tip of a local branch refs/heads/<branch> (records are written locally in both modes).
  virtual common::Result<std::string> LocalBranchTip(const std::string& branch) = 0;
  // Returns the tip origin had for `branch` at the last Fetch; kNotFound in local mode or when absent.
  virtual common::Result<std::string> RemoteBranchTip(const std::string& branch) = 0;

  // Returns the content of `path` in `commit`; kNotFound when the file is not there.
  virtual common::Result<std::string> ReadFile(const std::string& commit, const std::string& path) = 0;
  // Lists the file paths (blobs, recursively) under `dir` ("" for all) in `commit`.
  virtual common::Result<std::vector<std::string>> ListFiles(const std::string& commit, const std::string& dir) = 0;
  // Like ListFiles, with each file's blob id (its content address), read from the trees alone.
  virtual common::Result<std::vector<TreeFile>> ListFileIds(const std::string& commit, const std::string& dir) = 0;
  // Returns the content of the blob `blob_id`; kNotFound when there is none.
  virtual common::Result<std::string> ReadBlob(const std::string& blob_id) = 0;
  // Returns a commit's metadata.
  virtual common::Result<CommitInfo> GetCommit(const std::string& sha) = 0;
  // True when `ancestor` is `descendant` or one of its ancestors.
  virtual common::Result<bool> IsAncestor(const std::string& ancestor, const std::string& descendant) = 0;
  // Returns the commits reachable from `tip` but not from `base` ("" for none), oldest first.
  virtual common::Result<std::vector<std::string>> CommitsBetween(const std::string& base, const std::string& tip) = 0;
  // Returns the file changes `commit` made relative to its first parent.
  virtual common::Result<std::vector<FileChange>> ChangesOf(const std::string& commit) = 0;

  // Makes `dest` hold exactly the tree of `commit` (created when missing; what it already holds
  // is compared and brought to the tree, anything else removed), keeping executable bits and
  // symlinks, without touching any work tree or index.
  virtual common::Status ExportTree(const std::string& commit, const std::filesystem::path& dest) = 0;

  // Creates a commit whose tree is `parent`'s tree ("" for an empty tree) with `changes` applied;
  // moves no ref. Author and committer are "faber <faber@localhost>" unless overridden by
  // FABER_AUTHOR_NAME / FABER_AUTHOR_EMAIL in faber's environment.
  virtual common::Result<std::string> CreateCommit(const std::string& parent, const std::vector<FileChange>& changes,
                                                   const std::string& message) = 0;
  // Moves refs/heads/<branch> to `target` only if it is at `expected` ("" means: must not exist);
  // kConflict when another writer moved it first. Atomic across processes (libgit2 ref locks).
  virtual common::Status CompareAndSwapBranch(const std::string& branch, const std::string& expected,
                                              const std::string& target) = 0;
  // Clone mode: pushes refs/heads/<branch> to origin's refs/heads/<branch> (fast-forward only).
  // An error only for transport failures; rejections are in the PushResult.
  virtual common::Result<PushResult> Push(const std::string& branch) = 0;
  // Clone mode: pushes the local ref `local_ref` to origin's `remote_ref` (full names,
  // fast-forward only), with rejections reported as Push reports them.
  virtual common::Result<PushResult> PushRef(const std::string& local_ref, const std::string& remote_ref) = 0;
};

}  // namespace faber::store
