#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "common/redactor.h"
#include "webhooks/notes_store.h"
#include "webhooks/notifier.h"

namespace faber::webhooks {

// The remote a clone shares its notes through; the controller wires it to the clone's origin.
class NotesRemote {
 public:
  virtual ~NotesRemote() = default;
  // Fetches the remote's `ref` into the local `tracking_ref`; false when the remote has no `ref`.
  virtual common::Result<bool> Fetch(const std::string& ref, const std::string& tracking_ref) = 0;
  // Pushes the local `ref` to the remote's `ref`, fast-forward only; false when the remote
  // rejected it because its `ref` moved since the last Fetch.
  virtual common::Result<bool> Push(const std::string& ref) = 0;
};

// The local forge, used when no forge is configured: each report is written as a git note on the
// commit it is about, under refs/notes/faber, so `git log --notes=faber` shows results and fix
// proposals next to the commits. One note per commit holds a section per environment; a new
// report of an environment replaces its section.
class GitNotesNotifier : public Notifier {
 public:
  // `notes` are the notes of a local repository (work tree or bare). With a `remote` (clone
  // mode), the remote's notes are fetched before each note is written and the notes ref is pushed
  // after, so everyone who fetches refs/notes/* sees them; a push rejected because another writer
  // moved the remote's notes is done again once on top of theirs.
  GitNotesNotifier(std::unique_ptr<NotesStore> notes, const common::Redactor& redactor,
                   std::unique_ptr<NotesRemote> remote = nullptr)
      : notes_(std::move(notes)), redactor_(redactor), remote_(std::move(remote)) {}

  common::Status Publish(const RunReport& report) override;
  // Replies belong to pull requests, which a repository alone does not have: nothing is written.
  common::Status Reply(int, const std::string&) override { return {}; }
  // A repository alone knows no pull requests: kNotFound.
  common::Result<PullRequestInfo> PullRequest(int pull_request) override;
  std::string PullRequestHeadRef(int) const override { return ""; }

  static constexpr const char* kNotesRef = "refs/notes/faber";
  // Where the remote's notes ref is fetched to before a note is written on top of it.
  static constexpr const char* kRemoteNotesRef = "refs/faber/origin-notes";

 private:
  // Writes the note of `report` in a new notes commit and moves kNotesRef to it: on top of the
  // local notes, or of the remote's when they are ahead or went their own way. kConflict when
  // another writer moved kNotesRef meanwhile; their notes stay.
  common::Status WriteNote(const RunReport& report, bool remote_has_notes);

  std::unique_ptr<NotesStore> notes_;
  const common::Redactor& redactor_;
  std::unique_ptr<NotesRemote> remote_;
  std::mutex mu_;
};

// Replaces (or adds) the section of `environment` in the note text `note`; sections start with a
// line "faber(<environment>): ..." and run to the next such line.
std::string ReplaceNoteSection(const std::string& note, const std::string& environment, const std::string& section);

}  // namespace faber::webhooks
