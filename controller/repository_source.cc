#include "controller/repository_source.h"

#include <cstdio>
#include <cstdlib>

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

reconciler::RepositoryOpener MakeRepositoryOpener(const std::string& repo, const std::filesystem::path& data_dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(repo, ec)) {
    std::filesystem::path path = std::filesystem::absolute(repo);
    return [path]() -> common::Result<std::unique_ptr<store::Repository>> {
      auto opened = store::GitRepository::Open(path);
      if (!opened.ok()) return opened.status();
      return std::unique_ptr<store::Repository>(std::move(*opened));
    };
  }
  std::filesystem::path clone_dir = CloneDirectory(repo, data_dir);
  return [repo, clone_dir]() -> common::Result<std::unique_ptr<store::Repository>> {
    auto opened = store::GitRepository::CloneOrOpen(repo, clone_dir);
    if (!opened.ok()) return opened.status();
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

}  // namespace faber::controller
