#include "store/git_handles.h"

#include <mutex>

namespace faber::store {

void EnsureLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

std::string LastGitError() {
  const git_error* e = git_error_last();
  return e != nullptr && e->message != nullptr ? e->message : "unknown libgit2 error";
}

std::string OidToString(const git_oid& oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof(buf), &oid);
  return buf;
}

common::Result<GitPtr<git_commit>> LookupCommit(git_repository* repo, const std::string& sha) {
  git_oid oid;
  if (git_oid_fromstr(&oid, sha.c_str()) != 0) return common::InvalidInput("not a commit id: '" + sha + "'");
  GitPtr<git_commit> commit;
  if (git_commit_lookup(commit.out(), repo, &oid) != 0) {
    return common::NotFound("commit " + sha + " not found: " + LastGitError());
  }
  return commit;
}

common::Result<GitPtr<git_tree>> TreeOfCommit(git_repository* repo, const std::string& sha) {
  auto commit = LookupCommit(repo, sha);
  if (!commit.ok()) return commit.status();
  GitPtr<git_tree> tree;
  if (git_commit_tree(tree.out(), commit->get()) != 0) return common::Internal("cannot read the tree of " + sha + ": " + LastGitError());
  return tree;
}

}  // namespace faber::store
