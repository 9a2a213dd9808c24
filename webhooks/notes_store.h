#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace faber::webhooks {

// One git note: the text attached to a commit.
struct Note {
  std::string commit;  // the annotated commit's id
  std::string text;
};

// The git notes of one repository, as GitNotesNotifier reads and writes them; the controller
// wires it to the store's repository. Notes are read from a notes commit (a notes ref's tip) by
// id, so what was read and what is written on top of it are the same notes.
class NotesStore {
 public:
  virtual ~NotesStore() = default;
  // Returns the commit `ref` points at; kNotFound when there is no `ref`.
  virtual common::Result<std::string> Tip(const std::string& ref) = 0;
  // Returns the text of the note on `commit` in notes commit `notes`; kNotFound when it has none,
  // kInvalidInput when `commit` is not a commit id.
  virtual common::Result<std::string> ReadNote(const std::string& notes, const std::string& commit) = 0;
  // Returns every note of notes commit `notes`.
  virtual common::Result<std::vector<Note>> ListNotes(const std::string& notes) = 0;
  // Returns the best common ancestor of commits `a` and `b` (`a` itself when `b` descends from
  // it); kNotFound when they share no history.
  virtual common::Result<std::string> MergeBase(const std::string& a, const std::string& b) = 0;
  // Writes `notes` in order, one notes commit each, on top of notes commit `parent` ("" for the
  // first notes commit), and moves `ref` to the last one if it still points at `expected_tip`
  // ("" for: `ref` must not exist yet); kConflict when `ref` moved, kInvalidInput when a note's
  // commit is not a commit id. `message` goes in the ref's log.
  virtual common::Status WriteNotes(const std::string& ref, const std::string& expected_tip,
                                    const std::string& parent, const std::vector<Note>& notes,
                                    const std::string& message) = 0;
};

}  // namespace faber::webhooks
