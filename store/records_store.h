#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/repository.h"

namespace faber::store {

// A read-only view of the records branch at one commit.
class RecordsSnapshot {
 public:
  RecordsSnapshot(Repository& repo, std::string tip) : repo_(repo), tip_(std::move(tip)) {}
  // The commit viewed ("" when the branch does not exist yet).
  const std::string& tip() const { return tip_; }
  // Returns a file's content; kNotFound when absent (always, on an empty branch).
  common::Result<std::string> Read(const std::string& path) const;
  // Lists files under `dir`.
  std::vector<std::string> List(const std::string& dir) const;
  // Lists files under `dir` with their blob ids (content addresses), reading no file.
  std::vector<TreeFile> ListWithIds(const std::string& dir) const;
  // Returns the content of a blob listed by ListWithIds.
  common::Result<std::string> ReadBlob(const std::string& blob_id) const;
  // The repository's .git directory, where local caches of the records live.
  std::filesystem::path git_dir() const { return repo_.git_dir(); }

 private:
  Repository& repo_;
  std::string tip_;
};

// What one records commit writes.
struct RecordsChange {
  std::vector<FileChange> files;
  std::string message;  // subject and trailers
};

// Computes a change from the current records; called again after a lost compare-and-swap, so it
// must derive everything from the snapshot it is given (e.g. append to the history it reads).
using RecordsMutation = std::function<common::Result<RecordsChange>(const RecordsSnapshot&)>;

enum class PushState { kNotNeeded, kPushed, kFailed };

struct RecordsWriteResult {
  std::string commit;
  int commit_attempts = 0;       // 1 unless compare-and-swap conflicts forced a retry
  PushState push = PushState::kNotNeeded;
  int push_attempts = 0;
  std::vector<std::string> push_rejections;  // each rejection's reason, as the server gave it
};

// The records branch: one commit per write, compare-and-swap on the branch tip with retry, and in
// clone mode a push to origin with rejected pushes detected and retried. A failed push keeps the
// commit locally; the next write pushes it along, so nothing recorded is lost.
class RecordsStore {
 public:
  RecordsStore(Repository& repo, std::string branch, common::Clock& clock, int max_attempts = 20);

  // Brings the local records branch up to date with origin (clone mode), replaying local commits
  // that were not pushed yet; then returns a snapshot of it.
  common::Result<RecordsSnapshot> Sync();
  // Returns a snapshot of the local records branch as it is now (no network).
  RecordsSnapshot Current();
  // Applies `mutation` as one commit (see RecordsMutation), then pushes in clone mode.
  // Errors: the mutation's own error, kConflict after max_attempts lost races.
  common::Result<RecordsWriteResult> Write(const RecordsMutation& mutation);

  const std::string& branch() const { return branch_; }

 private:
  // Pushes the local branch, replaying onto origin on non-fast-forward and backing off on
  // server rejections; fills the push fields of `result`.
  void PushPending(RecordsWriteResult& result);
  // Sync's fetch-and-replay without the final push (used between push attempts).
  common::Status SyncWithoutPush();

  Repository& repo_;
  std::string branch_;
  common::Clock& clock_;
  int max_attempts_;
};

}  // namespace faber::store
