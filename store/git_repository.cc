#include "store/git_repository.h"

#include <git2.h>

#include <cstdlib>
#include <map>
#include <mutex>

#include "common/url_userinfo.h"
#include "store/git_handles.h"

namespace faber::store {

using common::ErrorKind;
using common::Result;
using common::Status;

GitRepository::GitRepository(std::unique_ptr<Impl> impl, bool remote_mode)
    : impl_(std::move(impl)), remote_mode_(remote_mode) {}
GitRepository::~GitRepository() = default;

std::filesystem::path GitRepository::git_dir() const { return git_repository_path(impl_->repo.get()); }

Result<std::unique_ptr<GitRepository>> GitRepository::Open(const std::filesystem::path& path) {
  EnsureLibgit2();
  git_repository* raw = nullptr;
  // NO_SEARCH: a directory that is not a repository is an error, never its parent's repository.
  if (git_repository_open_ext(&raw, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    return common::InvalidInput(path.string() + " is not a Git repository: " + LastGitError());
  }
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  impl->path = path;
  return std::unique_ptr<GitRepository>(new GitRepository(std::move(impl), false));
}

Result<std::unique_ptr<GitRepository>> GitRepository::CloneOrOpen(const std::string& url,
                                                                   const std::filesystem::path& dir) {
  EnsureLibgit2();
  git_repository* raw = nullptr;
  if (git_repository_open_ext(&raw, dir.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    // Init + remote instead of git_clone: the first fetch happens in Fetch, with its error handling.
    if (git_repository_init(&raw, dir.c_str(), /*is_bare=*/1) != 0) {
      return common::Internal("cannot create a clone of " + common::WithoutUserinfo(url) + " in " + dir.string() +
                              ": " + LastGitError());
    }
    git_remote* remote = nullptr;
    if (git_remote_create(&remote, raw, "origin", url.c_str()) != 0) {
      std::string why = LastGitError();
      git_repository_free(raw);
      return common::InvalidInput("cannot use " + url + " as a remote: " + why);
    }
    git_remote_free(remote);
  }
  auto impl = std::make_unique<Impl>();
  impl->repo.reset(raw);
  impl->path = dir;
  return std::unique_ptr<GitRepository>(new GitRepository(std::move(impl), true));
}

Status GitRepository::Fetch() {
  if (!remote_mode_) return Status::Ok();
  git_repository* repo = impl_->repo.get();
  GitPtr<git_remote> remote;
  if (git_remote_lookup(remote.out(), repo, "origin") != 0) return common::Internal("no origin remote: " + LastGitError());
  git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
  opts.prune = GIT_FETCH_PRUNE;
  if (git_remote_fetch(remote.get(), nullptr, &opts, "faber fetch") != 0) {
    return common::Transient("fetching " + common::WithoutUserinfo(git_remote_url(remote.get())) +
                             " failed: " + LastGitError());
  }
  // Remember origin's default branch, as `git clone` does with refs/remotes/origin/HEAD.
  git_buf head = GIT_BUF_INIT;
  if (git_remote_default_branch(&head, remote.get()) == 0) {
    std::string target = head.ptr;
    git_buf_dispose(&head);
    if (target.rfind("refs/heads/", 0) == 0) {
      std::string tracking = "refs/remotes/origin/" + target.substr(11);
      GitPtr<git_reference> ref;
      git_reference_symbolic_create(ref.out(), repo, "refs/remotes/origin/HEAD", tracking.c_str(), 1, "faber fetch");
    }
  }
  return Status::Ok();
}

Status GitRepository::FetchRef(const std::string& remote_ref, const std::string& local_ref) {
  if (!remote_mode_) return common::InvalidInput("fetch " + remote_ref + ": " + impl_->path.string() + " has no remote");
  git_repository* repo = impl_->repo.get();
  GitPtr<git_remote> remote;
  if (git_remote_lookup(remote.out(), repo, "origin") != 0) return common::Internal("no origin remote: " + LastGitError());
  // A ref origin does not have is skipped silently by libgit2: drop the old value first so its
  // absence afterwards says origin has none.
  GitPtr<git_reference> old;
  if (git_reference_lookup(old.out(), repo, local_ref.c_str()) == 0) git_reference_delete(old.get());
  std::string refspec = "+" + remote_ref + ":" + local_ref;
  char* specs[] = {refspec.data()};
  git_strarray refspecs = {specs, 1};
  git_fetch_options opts = GIT_FETCH_OPTIONS_INIT;
  if (git_remote_fetch(remote.get(), &refspecs, &opts, ("faber fetch " + remote_ref).c_str()) != 0) {
    return common::Transient("fetching " + remote_ref + " from " +
                             common::WithoutUserinfo(git_remote_url(remote.get())) + " failed: " + LastGitError());
  }
  git_oid oid;
  if (git_reference_name_to_id(&oid, repo, local_ref.c_str()) != 0) {
    return common::NotFound(common::WithoutUserinfo(git_remote_url(remote.get())) + " has no " + remote_ref);
  }
  return Status::Ok();
}

Result<std::string> GitRepository::ResolveRef(const std::string& ref) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, impl_->repo.get(), ref.c_str()) != 0) {
    return common::NotFound(ref + " not found in " + impl_->path.string());
  }
  return OidToString(oid);
}

Result<std::string> GitRepository::ResolveBranch(const std::string& branch) {
  std::string name = (remote_mode_ ? "refs/remotes/origin/" : "refs/heads/") + branch;
  git_oid oid;
  if (git_reference_name_to_id(&oid, impl_->repo.get(), name.c_str()) != 0) {
    return common::NotFound("branch " + branch + " not found in " + impl_->path.string());
  }
  return OidToString(oid);
}

Result<std::string> GitRepository::LocalBranchTip(const std::string& branch) {
  git_oid oid;
  if (git_reference_name_to_id(&oid, impl_->repo.get(), ("refs/heads/" + branch).c_str()) != 0) {
    return common::NotFound("branch " + branch + " does not exist yet");
  }
  return OidToString(oid);
}

Result<std::string> GitRepository::RemoteBranchTip(const std::string& branch) {
  if (!remote_mode_) return common::NotFound("no remote");
  git_oid oid;
  if (git_reference_name_to_id(&oid, impl_->repo.get(), ("refs/remotes/origin/" + branch).c_str()) != 0) {
    return common::NotFound("origin has no branch " + branch);
  }
  return OidToString(oid);
}

Result<std::string> GitRepository::DefaultBranch() {
  const char* head_ref = remote_mode_ ? "refs/remotes/origin/HEAD" : "HEAD";
  const std::string prefix = remote_mode_ ? "refs/remotes/origin/" : "refs/heads/";
  GitPtr<git_reference> head;
  if (git_reference_lookup(head.out(), impl_->repo.get(), head_ref) == 0 &&
      git_reference_type(head.get()) == GIT_REFERENCE_SYMBOLIC) {
    std::string target = git_reference_symbolic_target(head.get());
    if (target.rfind(prefix, 0) == 0) return target.substr(prefix.size());
  }
  for (const char* candidate : {"main", "master"}) {
    if (ResolveBranch(candidate).ok()) return std::string(candidate);
  }
  return common::NotFound("cannot tell the default branch of " + impl_->path.string());
}

Result<std::string> GitRepository::PolicyBranch() {
  if (policy_branch_.empty()) return DefaultBranch();
  return policy_branch_;
}

Result<std::string> GitRepository::ReadFile(const std::string& commit, const std::string& path) {
  auto tree = TreeOfCommit(impl_->repo.get(), commit);
  if (!tree.ok()) return tree.status();
  GitPtr<git_tree_entry> entry;
  if (git_tree_entry_bypath(entry.out(), tree->get(), path.c_str()) != 0) {
    return common::NotFound(path + " not found in " + commit.substr(0, 7));
  }
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) {
    return common::NotFound(path + " is not a file in " + commit.substr(0, 7));
  }
  return ReadBlob(OidToString(*git_tree_entry_id(entry.get())));
}

Result<std::vector<std::string>> GitRepository::ListFiles(const std::string& commit, const std::string& dir) {
  auto files = ListFileIds(commit, dir);
  if (!files.ok()) return files.status();
  std::vector<std::string> paths;
  paths.reserve(files->size());
  for (auto& f : *files) paths.push_back(std::move(f.path));
  return paths;
}

Result<std::vector<TreeFile>> GitRepository::ListFileIds(const std::string& commit, const std::string& dir) {
  auto tree = TreeOfCommit(impl_->repo.get(), commit);
  if (!tree.ok()) return tree.status();
  struct Walk {
    std::string prefix;
    std::vector<TreeFile> files;
  } walk{dir.empty() || dir.back() == '/' ? dir : dir + "/", {}};
  git_tree_walk(
      tree->get(), GIT_TREEWALK_PRE,
      [](const char* root, const git_tree_entry* entry, void* payload) -> int {
        auto* w = static_cast<Walk*>(payload);
        if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
        std::string path = std::string(root) + git_tree_entry_name(entry);
        if (w->prefix.empty() || path.rfind(w->prefix, 0) == 0) {
          w->files.push_back({std::move(path), OidToString(*git_tree_entry_id(entry))});
        }
        return 0;
      },
      &walk);
  return walk.files;
}

Result<std::string> GitRepository::ReadBlob(const std::string& blob_id) {
  git_oid oid;
  if (git_oid_fromstr(&oid, blob_id.c_str()) != 0) return common::InvalidInput("not a blob id: " + blob_id);
  return store::ReadBlob(impl_->repo.get(), oid);
}

Result<CommitInfo> GitRepository::GetCommit(const std::string& sha) {
  auto commit = LookupCommit(impl_->repo.get(), sha);
  if (!commit.ok()) return commit.status();
  git_commit* c = commit->get();
  CommitInfo info;
  info.sha = sha;
  info.message = git_commit_message(c);
  const git_signature* author = git_commit_author(c);
  info.author_name = author->name;
  info.author_email = author->email;
  info.time = git_commit_time(c);
  for (unsigned i = 0; i < git_commit_parentcount(c); ++i) info.parents.push_back(OidToString(*git_commit_parent_id(c, i)));
  return info;
}

Result<bool> GitRepository::IsAncestor(const std::string& ancestor, const std::string& descendant) {
  git_oid a, d;
  if (git_oid_fromstr(&a, ancestor.c_str()) != 0 || git_oid_fromstr(&d, descendant.c_str()) != 0) {
    return common::InvalidInput("not a commit id: " + ancestor + " / " + descendant);
  }
  if (git_oid_equal(&a, &d)) return true;
  int r = git_graph_descendant_of(impl_->repo.get(), &d, &a);
  if (r < 0) return common::Internal("cannot compare commits: " + LastGitError());
  return r == 1;
}

Result<std::vector<std::string>> GitRepository::CommitsBetween(const std::string& base, const std::string& tip) {
  GitPtr<git_revwalk> walk;
  git_oid oid;
  if (git_revwalk_new(walk.out(), impl_->repo.get()) != 0 || git_oid_fromstr(&oid, tip.c_str()) != 0 ||
      git_revwalk_push(walk.get(), &oid) != 0) {
    return common::Internal("cannot walk from " + tip + ": " + LastGitError());
  }
  if (!base.empty()) {
    if (git_oid_fromstr(&oid, base.c_str()) != 0 || git_revwalk_hide(walk.get(), &oid) != 0) {
      return common::Internal("cannot hide " + base + ": " + LastGitError());
    }
  }
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  std::vector<std::string> out;
  while (git_revwalk_next(&oid, walk.get()) == 0) out.push_back(OidToString(oid));
  return out;
}

}  // namespace faber::store
