// The writing half of GitRepository: export, commits built without a work tree, ref
// compare-and-swap, push. Reading lives in git_repository.cc.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>

#include "common/url_userinfo.h"
#include "store/git_handles.h"
#include "store/git_repository.h"
#include "store/tree_export.h"

namespace faber::store {

using common::Result;
using common::Status;

namespace {

using ChangeMap = std::map<std::string, const std::optional<std::string>*>;

// Applies `changes` (paths relative to this tree) to `base` (may be null); sets `*empty` when the
// result has no entries, so the caller drops it (Git has no empty directories).
Result<git_oid> BuildTree(git_repository* repo, const git_tree* base, const ChangeMap& changes, bool* empty) {
  GitPtr<git_treebuilder> builder;
  if (git_treebuilder_new(builder.out(), repo, base) != 0) return common::Internal(LastGitError());
  std::map<std::string, ChangeMap> subdirs;
  for (const auto& [path, content] : changes) {
    size_t slash = path.find('/');
    if (slash != std::string::npos) {
      subdirs[path.substr(0, slash)][path.substr(slash + 1)] = content;
      continue;
    }
    if (!content->has_value()) {
      git_treebuilder_remove(builder.get(), path.c_str());  // absent already: nothing to do
      continue;
    }
    git_oid blob;
    if (git_blob_create_from_buffer(&blob, repo, (*content)->data(), (*content)->size()) != 0 ||
        git_treebuilder_insert(nullptr, builder.get(), path.c_str(), &blob, GIT_FILEMODE_BLOB) != 0) {
      return common::Internal("cannot write " + path + ": " + LastGitError());
    }
  }
  for (const auto& [dir, sub_changes] : subdirs) {
    GitPtr<git_tree> sub_base;
    const git_tree_entry* existing = base ? git_tree_entry_byname(base, dir.c_str()) : nullptr;
    if (existing && git_tree_entry_type(existing) == GIT_OBJECT_TREE) {
      auto found = LookupTree(repo, *git_tree_entry_id(existing));
      if (!found.ok()) return found.status();
      sub_base = std::move(*found);
    }
    bool sub_empty = false;
    auto sub = BuildTree(repo, sub_base.get(), sub_changes, &sub_empty);
    if (!sub.ok()) return sub.status();
    if (sub_empty) {
      git_treebuilder_remove(builder.get(), dir.c_str());
    } else if (git_treebuilder_insert(nullptr, builder.get(), dir.c_str(), &*sub, GIT_FILEMODE_TREE) != 0) {
      return common::Internal("cannot write directory " + dir + ": " + LastGitError());
    }
  }
  *empty = git_treebuilder_entrycount(builder.get()) == 0;
  git_oid out;
  if (git_treebuilder_write(&out, builder.get()) != 0) return common::Internal(LastGitError());
  return out;
}

std::string EnvOr(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

}  // namespace

Status GitRepository::ExportTree(const std::string& commit, const std::filesystem::path& dest) {
  auto tree = TreeOfCommit(impl_->repo.get(), commit);
  if (!tree.ok()) return tree.status();
  return SyncTreeInto(impl_->repo.get(), tree->get(), dest);
}

Result<std::vector<FileChange>> GitRepository::ChangesOf(const std::string& commit) {
  git_repository* repo = impl_->repo.get();
  auto c = LookupCommit(repo, commit);
  if (!c.ok()) return c.status();
  GitPtr<git_tree> new_tree, old_tree;
  git_commit_tree(new_tree.out(), c->get());
  if (git_commit_parentcount(c->get()) > 0) {
    GitPtr<git_commit> parent;
    git_commit_parent(parent.out(), c->get(), 0);
    git_commit_tree(old_tree.out(), parent.get());
  }
  GitPtr<git_diff> diff;
  if (git_diff_tree_to_tree(diff.out(), repo, old_tree.get(), new_tree.get(), nullptr) != 0) {
    return common::Internal("cannot diff " + commit + ": " + LastGitError());
  }
  std::vector<FileChange> changes;
  for (size_t i = 0; i < git_diff_num_deltas(diff.get()); ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff.get(), i);
    if (d->status == GIT_DELTA_DELETED) {
      changes.push_back({d->old_file.path, std::nullopt});
      continue;
    }
    auto blob = store::ReadBlob(repo, d->new_file.id);
    if (!blob.ok()) return blob.status();
    changes.push_back({d->new_file.path, std::move(*blob)});
  }
  return changes;
}

Result<std::string> GitRepository::CreateCommit(const std::string& parent, const std::vector<FileChange>& changes,
                                                const std::string& message) {
  git_repository* repo = impl_->repo.get();
  GitPtr<git_commit> parent_commit;
  GitPtr<git_tree> base;
  if (!parent.empty()) {
    auto p = LookupCommit(repo, parent);
    if (!p.ok()) return p.status();
    parent_commit = std::move(*p);
    git_commit_tree(base.out(), parent_commit.get());
  }
  ChangeMap map;
  for (const auto& c : changes) {
    if (c.path.empty() || c.path.front() == '/' || c.path.find("..") != std::string::npos) {
      return common::InvalidInput("invalid path in a records commit: '" + c.path + "'");
    }
    map[c.path] = &c.content;
  }
  bool empty = false;
  auto tree_id = BuildTree(repo, base.get(), map, &empty);
  if (!tree_id.ok()) return tree_id.status();
  GitPtr<git_tree> tree;
  if (git_tree_lookup(tree.out(), repo, &*tree_id) != 0) return common::Internal(LastGitError());
  GitPtr<git_signature> sig;
  if (git_signature_now(sig.out(), EnvOr("FABER_AUTHOR_NAME", "faber").c_str(),
                        EnvOr("FABER_AUTHOR_EMAIL", "faber@localhost").c_str()) != 0) {
    return common::Internal(LastGitError());
  }
  const git_commit* parents[1] = {parent_commit.get()};
  git_oid out;
  if (git_commit_create(&out, repo, nullptr, sig.get(), sig.get(), nullptr, message.c_str(), tree.get(),
                        parent.empty() ? 0 : 1, parents) != 0) {
    return common::Internal("cannot create a commit: " + LastGitError());
  }
  return OidToString(out);
}

Status GitRepository::CompareAndSwapBranch(const std::string& branch, const std::string& expected,
                                           const std::string& target) {
  git_oid target_oid;
  if (git_oid_fromstr(&target_oid, target.c_str()) != 0) return common::InvalidInput("not a commit id: " + target);
  std::string name = "refs/heads/" + branch;
  GitPtr<git_reference> ref;
  int rc;
  // The expected value is compared under the ref's lock. For "must not exist" that takes the zero
  // id: git_reference_create(force=0) checks existence before locking, so two writers creating
  // the branch at once could both succeed and one commit would be lost.
  git_oid expected_oid;
  if (expected.empty()) {
    std::memset(&expected_oid, 0, sizeof(expected_oid));
  } else if (git_oid_fromstr(&expected_oid, expected.c_str()) != 0) {
    return common::InvalidInput("not a commit id: " + expected);
  }
  rc = git_reference_create_matching(ref.out(), impl_->repo.get(), name.c_str(), &target_oid, /*force=*/1,
                                     &expected_oid, expected.empty() ? "faber: create" : "faber: record");
  if (rc == 0) return Status::Ok();
  // Another writer moved (or created, or is writing) the branch first: the caller re-reads and retries.
  if (rc == GIT_EEXISTS || rc == GIT_EMODIFIED || rc == GIT_ELOCKED || rc == GIT_ENOTFOUND) {
    return common::Conflict(name + " moved: " + LastGitError());
  }
  return common::Internal("cannot update " + name + ": " + LastGitError());
}

namespace {

struct PushPayload {
  std::string rejection;  // the status of a rejected reference, "" when accepted
  std::string remote_text;  // what the server printed (hook output)
};

}  // namespace

Result<PushResult> GitRepository::Push(const std::string& branch) {
  return PushRef("refs/heads/" + branch, "refs/heads/" + branch);
}

Result<PushResult> GitRepository::PushRef(const std::string& local_ref, const std::string& remote_ref) {
  if (!remote_mode_) return common::InvalidInput("push: " + impl_->path.string() + " has no remote");
  GitPtr<git_remote> remote;
  if (git_remote_lookup(remote.out(), impl_->repo.get(), "origin") != 0) return common::Internal(LastGitError());
  PushPayload payload;
  git_push_options opts = GIT_PUSH_OPTIONS_INIT;
  opts.callbacks.payload = &payload;
  // libgit2 returns 0 for a push the server refused; the refusal only shows up here.
  opts.callbacks.push_update_reference = [](const char*, const char* status, void* data) -> int {
    if (status != nullptr) static_cast<PushPayload*>(data)->rejection = status;
    return 0;
  };
  opts.callbacks.sideband_progress = [](const char* text, int len, void* data) -> int {
    auto* p = static_cast<PushPayload*>(data);
    if (p->remote_text.size() < 4096) p->remote_text.append(text, static_cast<size_t>(len));
    return 0;
  };
  std::string refspec = local_ref + ":" + remote_ref;
  char* specs[] = {refspec.data()};
  git_strarray refspecs = {specs, 1};
  if (git_remote_push(remote.get(), &refspecs, &opts) != 0) {
    std::string why = LastGitError();
    // Some transports report a non-fast-forward as an error rather than a reference status.
    if (why.find("non-fast-forward") != std::string::npos || why.find("fetch first") != std::string::npos) {
      return PushResult{PushOutcome::kRejectedNonFastForward, why};
    }
    return common::Transient("push to " + common::WithoutUserinfo(git_remote_url(remote.get())) + " failed: " + why);
  }
  if (payload.rejection.empty()) return PushResult{PushOutcome::kPushed, ""};
  std::string message = payload.rejection;
  std::string remote_text = payload.remote_text;
  while (!remote_text.empty() && (remote_text.back() == '\n' || remote_text.back() == '\r')) remote_text.pop_back();
  if (!remote_text.empty()) message += " (" + remote_text + ")";
  bool non_ff = payload.rejection.find("non-fast-forward") != std::string::npos ||
                payload.rejection.find("fetch first") != std::string::npos;
  return PushResult{non_ff ? PushOutcome::kRejectedNonFastForward : PushOutcome::kRejectedByServer, message};
}

}  // namespace faber::store
