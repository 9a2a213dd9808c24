#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/process_runner.h"

namespace faber::testing {

// A scratch directory removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A git work tree driven through the git command line, as people and forges change repositories.
class WorkTree {
 public:
  // Creates a repository at `dir` with branch main.
  explicit WorkTree(std::filesystem::path dir);
  // Runs git with `args`; fails the test when git fails. Returns stdout.
  std::string Git(const std::vector<std::string>& args) const;
  // Runs git and returns its result without asserting.
  common::ProcessResult TryGit(const std::vector<std::string>& args) const;
  // Writes `content` to `path` (relative), optionally executable.
  void Write(const std::string& path, const std::string& content, bool executable = false) const;
  // Commits everything on the current branch; returns the new commit id.
  std::string CommitAll(const std::string& message) const;
  // Checks out `branch` (creating it from the current head when `create`).
  void Checkout(const std::string& branch, bool create = false) const;
  // Returns the commit `ref` points at.
  std::string Head(const std::string& ref) const;
  // Returns every file of `ref`'s tree, path to content.
  std::map<std::string, std::string> Files(const std::string& ref) const;
  // Returns the content of every blob ever committed on `ref`'s history, concatenated (to search
  // for leaks).
  std::string AllHistoryContent(const std::string& ref) const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// Returns an environment for git and faber processes: PATH, HOME and a fixed identity.
common::Environment TestEnvironment();

// Runs the faber binary under test with `args` to completion.
common::ProcessResult RunFaber(const std::vector<std::string>& args, const common::Environment& extra = {},
                               std::chrono::milliseconds timeout = std::chrono::minutes(2));

// A faber process running in the background, killed on destruction if still alive.
class FaberProcess {
 public:
  FaberProcess(const std::vector<std::string>& args, const common::Environment& extra = {});
  ~FaberProcess();
  pid_t pid() const { return pid_; }
  // Sends `signal` to faber only (not to the commands it started).
  void Signal(int signal) const;
  // Waits for the process to exit; returns its exit code (-signal when killed), or nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  // The stderr captured so far (a file, so it survives a kill).
  std::string Stderr() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::filesystem::path stderr_path_;
};

// Waits until `predicate` holds or `timeout` passes; returns the predicate's last value.
bool WaitUntil(const std::function<bool()>& predicate, std::chrono::milliseconds timeout);

// Waits (up to 20 s) for `faber serve` to log "listening on 127.0.0.1:PORT"; returns PORT, 0 when it never did.
int ListeningPort(FaberProcess& faber);

// The message of the first error in ../shared/corpus/errors/dev.jsonl whose code is `code` and that
// contains `text`; fails the test and returns "" when there is none.
std::string CorpusErrorMessage(const std::string& code, const std::string& text);

}  // namespace faber::testing
