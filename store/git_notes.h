#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::store {

// One git note: the text attached to a commit in a notes commit.
struct GitNote {
  std::string commit;  // the annotated commit's 40-hex id
  std::string text;
};

// Git notes of a local repository (work tree or bare) through libgit2: notes commits are read by
// id, written on top of a given notes commit, and a notes ref is moved with compare-and-swap.
// Every call opens the repository anew, so refs and objects another process wrote (a fetch) are
// seen. libgit2 errors come back as Status, never thrown. Not thread-safe: one caller at a time.
class GitNotes {
 public:
  // Works on the repository at `repository`; nothing is opened until the first call.
  explicit GitNotes(std::filesystem::path repository) : repository_(std::move(repository)) {}

  // Returns the commit id `ref` points at (symbolic refs followed); kNotFound when there is no `ref`.
  common::Result<std::string> ResolveRef(const std::string& ref) const;
  // Returns the text of the note on `commit` in notes commit `notes`; kNotFound when it has none,
  // kInvalidInput when either is not a commit id.
  common::Result<std::string> ReadNote(const std::string& notes, const std::string& commit) const;
  // Returns every note of notes commit `notes`, in libgit2's iteration order.
  common::Result<std::vector<GitNote>> ListNotes(const std::string& notes) const;
  // Returns the best common ancestor of commits `a` and `b`; kNotFound when they share none.
  common::Result<std::string> MergeBase(const std::string& a, const std::string& b) const;
  // Writes `notes` in order, one notes commit each (a later note on the same commit replaces the
  // earlier), on top of notes commit `parent` ("" for a first one), then moves `ref` to the last
  // notes commit if it still points at `expected` ("" for: `ref` must not exist yet), with
  // `message` in its reflog. Returns the new notes commit; kConflict when `ref` moved,
  // kInvalidInput when a commit id is malformed.
  common::Result<std::string> WriteNotes(const std::string& ref, const std::string& expected,
                                         const std::string& parent, const std::vector<GitNote>& notes,
                                         const std::string& message) const;

 private:
  std::filesystem::path repository_;
};

}  // namespace faber::store
