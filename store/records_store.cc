#include "store/records_store.h"

#include <spdlog/spdlog.h>

#include <random>

namespace faber::store {

using common::ErrorKind;
using common::Result;
using common::Status;

namespace {

constexpr int kPushAttempts = 4;
constexpr std::chrono::milliseconds kPushBackoff{200};

// A short random pause so writers that collided do not collide again in lockstep.
std::chrono::milliseconds Jitter(int attempt) {
  thread_local std::mt19937 rng(std::random_device{}());
  int ceiling = 5 << std::min(attempt, 6);
  return std::chrono::milliseconds(std::uniform_int_distribution<int>(1, ceiling)(rng));
}

}  // namespace

Result<std::string> RecordsSnapshot::Read(const std::string& path) const {
  if (tip_.empty()) return common::NotFound(path + " (no records yet)");
  return repo_.ReadFile(tip_, path);
}

std::vector<std::string> RecordsSnapshot::List(const std::string& dir) const {
  if (tip_.empty()) return {};
  auto files = repo_.ListFiles(tip_, dir);
  return files.ok() ? *files : std::vector<std::string>{};
}

std::vector<TreeFile> RecordsSnapshot::ListWithIds(const std::string& dir) const {
  if (tip_.empty()) return {};
  auto files = repo_.ListFileIds(tip_, dir);
  return files.ok() ? *files : std::vector<TreeFile>{};
}

Result<std::string> RecordsSnapshot::ReadBlob(const std::string& blob_id) const { return repo_.ReadBlob(blob_id); }

RecordsStore::RecordsStore(Repository& repo, std::string branch, common::Clock& clock, int max_attempts)
    : repo_(repo), branch_(std::move(branch)), clock_(clock), max_attempts_(max_attempts) {}

RecordsSnapshot RecordsStore::Current() {
  auto tip = repo_.LocalBranchTip(branch_);
  return RecordsSnapshot(repo_, tip.ok() ? *tip : "");
}

Result<RecordsSnapshot> RecordsStore::Sync() {
  if (!repo_.has_remote()) return Current();
  FABER_RETURN_IF_ERROR(SyncWithoutPush());
  RecordsSnapshot snapshot = Current();
  auto remote = repo_.RemoteBranchTip(branch_);
  if (!snapshot.tip().empty() && (!remote.ok() || *remote != snapshot.tip())) {
    RecordsWriteResult ignored;
    PushPending(ignored);  // a failure is retried with the next write; nothing is lost
  }
  return Current();
}

Status RecordsStore::SyncWithoutPush() {
  FABER_RETURN_IF_ERROR(repo_.Fetch());
  for (int attempt = 1; attempt <= max_attempts_; ++attempt) {
    auto local = repo_.LocalBranchTip(branch_);
    auto remote = repo_.RemoteBranchTip(branch_);
    std::string local_tip = local.ok() ? *local : "";
    std::string remote_tip = remote.ok() ? *remote : "";
    if (remote_tip.empty() || local_tip == remote_tip) break;
    if (local_tip.empty()) {
      Status s = repo_.CompareAndSwapBranch(branch_, "", remote_tip);
      if (s.kind() == ErrorKind::kConflict) continue;
      FABER_RETURN_IF_ERROR(s);
      break;
    }
    auto local_ahead = repo_.IsAncestor(remote_tip, local_tip);
    if (!local_ahead.ok()) return local_ahead.status();
    if (*local_ahead) break;  // unpushed records: pushed below
    auto behind = repo_.IsAncestor(local_tip, remote_tip);
    if (!behind.ok()) return behind.status();
    std::string target = remote_tip;
    if (!*behind) {
      // Diverged: replay our unpushed commits, oldest first, on top of what origin has.
      auto mine = repo_.CommitsBetween(remote_tip, local_tip);
      if (!mine.ok()) return mine.status();
      for (const auto& commit : *mine) {
        auto changes = repo_.ChangesOf(commit);
        auto info = repo_.GetCommit(commit);
        if (!changes.ok()) return changes.status();
        if (!info.ok()) return info.status();
        auto replayed = repo_.CreateCommit(target, *changes, info->message);
        if (!replayed.ok()) return replayed.status();
        target = *replayed;
      }
      spdlog::info("records: replayed {} unpushed commit(s) onto origin's {}", mine->size(), branch_);
    }
    Status s = repo_.CompareAndSwapBranch(branch_, local_tip, target);
    if (s.kind() == ErrorKind::kConflict) continue;
    FABER_RETURN_IF_ERROR(s);
    break;
  }
  return Status::Ok();
}

void RecordsStore::PushPending(RecordsWriteResult& result) {
  auto wait = kPushBackoff;
  for (int attempt = 1; attempt <= kPushAttempts; ++attempt) {
    result.push_attempts = attempt;
    auto pushed = repo_.Push(branch_);
    if (pushed.ok() && (pushed->outcome == PushOutcome::kPushed || pushed->outcome == PushOutcome::kUpToDate)) {
      result.push = PushState::kPushed;
      repo_.Fetch();  // refresh origin's tip so the next Sync sees nothing pending
      auto tip = repo_.LocalBranchTip(branch_);
      if (tip.ok()) result.commit = *tip;
      return;
    }
    std::string why = pushed.ok() ? pushed->message : pushed.status().message();
    result.push_rejections.push_back(why);
    spdlog::warn("records: push of {} rejected (attempt {}/{}): {}", branch_, attempt, kPushAttempts, why);
    if (pushed.ok() && pushed->outcome == PushOutcome::kRejectedNonFastForward) {
      // Someone else recorded first: take their commits, replay ours on top, push again.
      if (auto synced = SyncWithoutPush(); !synced.ok()) result.push_rejections.push_back(synced.message());
      continue;
    }
    if (attempt < kPushAttempts) {
      clock_.SleepFor(wait);
      wait *= 2;
    }
  }
  result.push = PushState::kFailed;
}

Result<RecordsWriteResult> RecordsStore::Write(const RecordsMutation& mutation) {
  RecordsWriteResult result;
  for (int attempt = 1; attempt <= max_attempts_; ++attempt) {
    result.commit_attempts = attempt;
    RecordsSnapshot snapshot = Current();
    auto change = mutation(snapshot);
    if (!change.ok()) return change.status();
    auto commit = repo_.CreateCommit(snapshot.tip(), change->files, change->message);
    if (!commit.ok()) return commit.status();
    Status swapped = repo_.CompareAndSwapBranch(branch_, snapshot.tip(), *commit);
    if (swapped.ok()) {
      result.commit = *commit;
      if (repo_.has_remote()) PushPending(result);
      return result;
    }
    if (swapped.kind() != ErrorKind::kConflict) return swapped;
    clock_.SleepFor(Jitter(attempt));
  }
  return common::Conflict("records branch " + branch_ + " kept moving: gave up after " +
                          std::to_string(max_attempts_) + " attempts");
}

}  // namespace faber::store
