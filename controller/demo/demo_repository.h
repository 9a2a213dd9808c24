#pragma once

#include <filesystem>
#include <string>

#include "common/process_runner.h"
#include "common/status.h"

namespace faber::controller {

// Builds and changes the demo's Git repository with the git command line, as a person would.
class DemoRepository {
 public:
  DemoRepository(std::filesystem::path dir, common::ProcessRunner& runner) : dir_(std::move(dir)), runner_(runner) {}

  // Creates the repository: main with faber.yaml and a small static site deployed by shell
  // scripts, health-checked on `port`; branches env/test and env/prod start from main.
  common::Status Create(int port);
  // Merges a feature into env/test the way a forge merges pull request `number`.
  common::Status MergeFeature(int number);
  // Merges a change whose deploy step fails (an asset the build needs is missing).
  common::Status MergeBrokenChange(int number);
  // Runs git with `args` in the repository; returns its standard output.
  common::Result<std::string> Git(const std::vector<std::string>& args);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  common::Status WriteFile(const std::string& path, const std::string& content, bool executable = false);
  common::Status MergeIntoTest(const std::string& branch, int number, const std::string& title);

  std::filesystem::path dir_;
  common::ProcessRunner& runner_;
};

}  // namespace faber::controller
