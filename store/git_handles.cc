#include "store/git_handles.h"

#include <mutex>

#include "store/loose_object.h"

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
  if (auto damaged = CheckLooseObject(repo, oid); !damaged.ok()) return damaged;
  GitPtr<git_commit> commit;
  if (git_commit_lookup(commit.out(), repo, &oid) != 0) {
    return common::NotFound("commit " + sha + " not found: " + LastGitError());
  }
  return commit;
}

common::Result<GitPtr<git_tree>> TreeOfCommit(git_repository* repo, const std::string& sha) {
  auto commit = LookupCommit(repo, sha);
  if (!commit.ok()) return commit.status();
  return LookupTree(repo, *git_commit_tree_id(commit->get()));
}

common::Result<GitPtr<git_tree>> LookupTree(git_repository* repo, const git_oid& oid) {
  if (auto damaged = CheckLooseObject(repo, oid); !damaged.ok()) return damaged;
  GitPtr<git_tree> tree;
  if (git_tree_lookup(tree.out(), repo, &oid) != 0) return common::Internal("cannot read tree " + OidToString(oid) + ": " + LastGitError());
  return tree;
}

common::Result<std::string> ReadBlob(git_repository* repo, const git_oid& oid) {
  auto loose = ReadLooseObject(repo, oid);
  if (!loose.ok()) return loose.status();
  if (loose->has_value()) {
    if ((*loose)->type != GIT_OBJECT_BLOB) return common::Internal("object " + OidToString(oid) + " is not a blob");
    return std::move((*loose)->content);
  }
  GitPtr<git_blob> blob;
  if (git_blob_lookup(blob.out(), repo, &oid) != 0) return common::Internal("cannot read blob " + OidToString(oid) + ": " + LastGitError());
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())), git_blob_rawsize(blob.get()));
}

}  // namespace faber::store
