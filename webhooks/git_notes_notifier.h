#pragma once

#include <filesystem>
#include <mutex>

#include "common/redactor.h"
#include "webhooks/notifier.h"

namespace faber::webhooks {

// The local forge, used when no forge is configured: each report is written as a git note on the
// commit it is about, under refs/notes/faber, so `git log --notes=faber` shows results and fix
// proposals next to the commits. One note per commit holds a section per environment; a new
// report of an environment replaces its section.
class GitNotesNotifier : public Notifier {
 public:
  // `repository` is a local repository (work tree or bare).
  GitNotesNotifier(std::filesystem::path repository, const common::Redactor& redactor)
      : repository_(std::move(repository)), redactor_(redactor) {}

  common::Status Publish(const RunReport& report) override;
  // Replies belong to pull requests, which a repository alone does not have: nothing is written.
  common::Status Reply(int, const std::string&) override { return {}; }

  static constexpr const char* kNotesRef = "refs/notes/faber";

 private:
  std::filesystem::path repository_;
  const common::Redactor& redactor_;
  std::mutex mu_;
};

// Replaces (or adds) the section of `environment` in the note text `note`; sections start with a
// line "faber(<environment>): ..." and run to the next such line.
std::string ReplaceNoteSection(const std::string& note, const std::string& environment, const std::string& section);

}  // namespace faber::webhooks
