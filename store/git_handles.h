#pragma once

#include <git2.h>

#include <memory>
#include <string>

#include "common/status.h"
#include "store/git_repository.h"

// Small RAII and error helpers shared by the libgit2 adapter files; not part of the store's API.
namespace faber::store {

template <typename T>
void GitFree(T* p);
template <> inline void GitFree(git_repository* p) { git_repository_free(p); }
template <> inline void GitFree(git_remote* p) { git_remote_free(p); }
template <> inline void GitFree(git_reference* p) { git_reference_free(p); }
template <> inline void GitFree(git_commit* p) { git_commit_free(p); }
template <> inline void GitFree(git_tree* p) { git_tree_free(p); }
template <> inline void GitFree(git_tree_entry* p) { git_tree_entry_free(p); }
template <> inline void GitFree(git_blob* p) { git_blob_free(p); }
template <> inline void GitFree(git_revwalk* p) { git_revwalk_free(p); }
template <> inline void GitFree(git_treebuilder* p) { git_treebuilder_free(p); }
template <> inline void GitFree(git_signature* p) { git_signature_free(p); }
template <> inline void GitFree(git_diff* p) { git_diff_free(p); }

// Owns one libgit2 object.
template <typename T>
class GitPtr {
 public:
  GitPtr() = default;
  explicit GitPtr(T* p) : p_(p) {}
  ~GitPtr() { reset(); }
  GitPtr(GitPtr&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  GitPtr& operator=(GitPtr&& o) noexcept {
    if (this != &o) {
      reset();
      p_ = o.p_;
      o.p_ = nullptr;
    }
    return *this;
  }
  GitPtr(const GitPtr&) = delete;
  GitPtr& operator=(const GitPtr&) = delete;
  T* get() const { return p_; }
  // For libgit2's out-parameters; frees what was held first.
  T** out() {
    reset();
    return &p_;
  }
  void reset(T* p = nullptr) {
    if (p_ != nullptr) GitFree(p_);
    p_ = p;
  }

 private:
  T* p_ = nullptr;
};

// Initializes libgit2 once per process.
void EnsureLibgit2();
// Returns libgit2's message for the last error on this thread.
std::string LastGitError();
// Returns the 40-hex form of `oid`.
std::string OidToString(const git_oid& oid);
// Looks up a commit by its hex id.
common::Result<GitPtr<git_commit>> LookupCommit(git_repository* repo, const std::string& sha);
// Looks up a tree by id, checking its loose object first (loose_object.h).
common::Result<GitPtr<git_tree>> LookupTree(git_repository* repo, const git_oid& oid);
// The content of a blob: a loose one is read (and checked) by faber in one pass, a packed one by
// libgit2.
common::Result<std::string> ReadBlob(git_repository* repo, const git_oid& oid);
// Returns the root tree of a commit.
common::Result<GitPtr<git_tree>> TreeOfCommit(git_repository* repo, const std::string& sha);

// GitRepository's state, shared by the files that implement it.
struct GitRepository::Impl {
  GitPtr<git_repository> repo;
  std::filesystem::path path;
};

}  // namespace faber::store
