#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

#include "common/env.h"
#include "common/status.h"

namespace faber::store {

// What a run in progress has written ahead of itself, so a crash (kill -9) is found at the next
// start: which commit, which stage, which process group was running.
struct JournalEntry {
  std::string run_id;
  std::string environment;
  std::string commit;
  std::string branch;
  std::string stage;      // the stage running when the entry was last written
  std::string started_at; // RFC 3339
  pid_t faber_pid = 0;
  pid_t pgid = 0;         // process group of the running command, 0 between commands
};

// A write-ahead journal of runs in progress, one small file per environment in the state
// directory (outside the repository's work tree). Each write is atomic (rename).
class RunJournal {
 public:
  // Entries are files under `dir`, written and read through `env`.
  explicit RunJournal(std::filesystem::path dir, common::Env& env = common::DefaultEnv())
      : dir_(std::move(dir)), env_(env) {}
  // Records that a run started or moved to another stage or process group.
  common::Status Write(const JournalEntry& entry);
  // Returns the entry of an unfinished run of `environment`, if any; an unreadable entry is an
  // error naming the file (it is never silently dropped).
  common::Result<std::optional<JournalEntry>> Find(const std::string& environment) const;
  // Removes the entry once the run is recorded.
  common::Status Clear(const std::string& environment);

 private:
  std::filesystem::path PathFor(const std::string& environment) const;
  std::filesystem::path dir_;
  common::Env& env_;
};

}  // namespace faber::store
