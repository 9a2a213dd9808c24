#include "controller/repository_source.h"

#include <cstdio>
#include <cstdlib>

#include "store/git_notes.h"
#include "store/git_repository.h"

namespace faber::controller {

std::filesystem::path DefaultDataDir() {
  if (const char* dir = std::getenv("FABER_DATA_DIR"); dir != nullptr && *dir != '\0') return dir;
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr ? home : "/tmp") / ".local/state/faber";
}

namespace {

// A readable, collision-free directory name for a URL: its last segment plus a stable hash.
std::string CloneDirectoryName(const std::string& url) {
  uint64_t hash = 1469598103934665603ULL;  // FNV-1a: stable across builds, unlike std::hash
  for (unsigned char c : url) hash = (hash ^ c) * 1099511628211ULL;
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  base = base.substr(base.find_last_of("/:") + 1);
  for (char& c : base) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  char suffix[24];
  std::snprintf(suffix, sizeof(suffix), "-%016llx", static_cast<unsigned long long>(hash));
  return base + suffix;
}

}  // namespace

reconciler::RepositoryOpener MakeRepositoryOpener(const std::string& repo, const std::filesystem::path& data_dir,
                                                  const std::string& policy_branch) {
  std::error_code ec;
  if (std::filesystem::is_directory(repo, ec)) {
    std::filesystem::path path = std::filesystem::absolute(repo);
    return [path, policy_branch]() -> common::Result<std::unique_ptr<store::Repository>> {
      auto opened = store::GitRepository::Open(path);
      if (!opened.ok()) return opened.status();
      (*opened)->set_policy_branch(policy_branch);
      return std::unique_ptr<store::Repository>(std::move(*opened));
    };
  }
  std::filesystem::path clone_dir = CloneDirectory(repo, data_dir);
  return [repo, clone_dir, policy_branch]() -> common::Result<std::unique_ptr<store::Repository>> {
    auto opened = store::GitRepository::CloneOrOpen(repo, clone_dir);
    if (!opened.ok()) return opened.status();
    (*opened)->set_policy_branch(policy_branch);
    return std::unique_ptr<store::Repository>(std::move(*opened));
  };
}

std::filesystem::path CloneDirectory(const std::string& repo, const std::filesystem::path& data_dir) {
  return data_dir / "repos" / CloneDirectoryName(repo);
}

namespace {

class CloneNotesRemote : public webhooks::NotesRemote {
 public:
  explicit CloneNotesRemote(reconciler::RepositoryOpener opener) : opener_(std::move(opener)) {}

  common::Result<bool> Fetch(const std::string& ref, const std::string& tracking_ref) override {
    auto repo = opener_();
    if (!repo.ok()) return repo.status();
    common::Status fetched = (*repo)->FetchRef(ref, tracking_ref);
    if (fetched.kind() == common::ErrorKind::kNotFound) return false;
    if (!fetched.ok()) return fetched;
    return true;
  }

  common::Result<bool> Push(const std::string& ref) override {
    auto repo = opener_();
    if (!repo.ok()) return repo.status();
    auto pushed = (*repo)->PushRef(ref, ref);
    if (!pushed.ok()) return pushed.status();
    switch (pushed->outcome) {
      case store::PushOutcome::kPushed:
      case store::PushOutcome::kUpToDate: return true;
      case store::PushOutcome::kRejectedNonFastForward: return false;
      case store::PushOutcome::kRejectedByServer: break;
    }
    return common::Conflict("the remote refused " + ref + ": " + pushed->message);
  }

 private:
  reconciler::RepositoryOpener opener_;
};

}  // namespace

std::unique_ptr<webhooks::NotesRemote> MakeCloneNotesRemote(reconciler::RepositoryOpener opener) {
  return std::make_unique<CloneNotesRemote>(std::move(opener));
}

namespace {

// webhooks::NotesStore over store::GitNotes: the same operations, the store's note type converted.
class GitNotesStore : public webhooks::NotesStore {
 public:
  explicit GitNotesStore(const std::filesystem::path& repository) : notes_(repository) {}

  common::Result<std::string> Tip(const std::string& ref) override { return notes_.ResolveRef(ref); }

  common::Result<std::string> ReadNote(const std::string& notes, const std::string& commit) override {
    return notes_.ReadNote(notes, commit);
  }

  common::Result<std::vector<webhooks::Note>> ListNotes(const std::string& notes) override {
    auto listed = notes_.ListNotes(notes);
    if (!listed.ok()) return listed.status();
    std::vector<webhooks::Note> out;
    out.reserve(listed->size());
    for (auto& note : *listed) out.push_back({std::move(note.commit), std::move(note.text)});
    return out;
  }

  common::Result<std::string> MergeBase(const std::string& a, const std::string& b) override {
    return notes_.MergeBase(a, b);
  }

  common::Status WriteNotes(const std::string& ref, const std::string& expected_tip, const std::string& parent,
                            const std::vector<webhooks::Note>& notes, const std::string& message) override {
    std::vector<store::GitNote> writes;
    writes.reserve(notes.size());
    for (const auto& note : notes) writes.push_back({note.commit, note.text});
    return notes_.WriteNotes(ref, expected_tip, parent, writes, message).status();
  }

 private:
  store::GitNotes notes_;
};

}  // namespace

std::unique_ptr<webhooks::NotesStore> MakeGitNotesStore(const std::filesystem::path& repository) {
  return std::make_unique<GitNotesStore>(repository);
}

}  // namespace faber::controller
