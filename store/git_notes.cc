#include "store/git_notes.h"

#include <git2.h>

#include "store/git_handles.h"

namespace faber::store {

template <> inline void GitFree(git_note* p) { git_note_free(p); }
template <> inline void GitFree(git_note_iterator* p) { git_note_iterator_free(p); }

namespace {

using common::Result;
using common::Status;

common::Status GitError(const std::string& what) { return common::Internal(what + ": " + LastGitError()); }

// Parses a 40-hex commit id; kInvalidInput otherwise.
Result<git_oid> ParseId(const std::string& id) {
  git_oid oid;
  if (git_oid_fromstr(&oid, id.c_str()) != 0) return common::InvalidInput("not a commit id: " + id);
  return oid;
}

// Opens the repository at `path` (work tree or bare, found from a directory inside it too).
Result<GitPtr<git_repository>> OpenRepository(const std::filesystem::path& path) {
  EnsureLibgit2();
  GitPtr<git_repository> repo;
  if (git_repository_open(repo.out(), path.c_str()) != 0) return GitError("cannot open " + path.string());
  return repo;
}

// Looks up notes commit `id`; a missing one is an error, not "no note".
Result<GitPtr<git_commit>> NotesCommit(git_repository* repo, const std::string& id) {
  if (auto parsed = ParseId(id); !parsed.ok()) return parsed.status();
  auto commit = LookupCommit(repo, id);
  if (!commit.ok() && commit.status().kind() == common::ErrorKind::kNotFound) {
    return common::Internal("cannot read the notes commit " + id + ": " + commit.status().message());
  }
  return commit;
}

// The text of the note on `annotated` in `notes`; kNotFound when it has none.
Result<std::string> NoteText(git_repository* repo, git_commit* notes, const git_oid& annotated) {
  GitPtr<git_note> note;
  int rc = git_note_commit_read(note.out(), repo, notes, &annotated);
  if (rc == GIT_ENOTFOUND) return common::NotFound("no note on " + OidToString(annotated));
  if (rc != 0) return GitError("cannot read the note on " + OidToString(annotated));
  const char* text = git_note_message(note.get());
  return std::string(text != nullptr ? text : "");
}

}  // namespace

Result<std::string> GitNotes::ResolveRef(const std::string& ref) const {
  auto repo = OpenRepository(repository_);
  if (!repo.ok()) return repo.status();
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, repo->get(), ref.c_str());
  if (rc == GIT_ENOTFOUND) return common::NotFound("no ref " + ref);
  if (rc != 0) return GitError("cannot resolve " + ref);
  return OidToString(oid);
}

Result<std::string> GitNotes::ReadNote(const std::string& notes, const std::string& commit) const {
  auto annotated = ParseId(commit);
  if (!annotated.ok()) return annotated.status();
  auto repo = OpenRepository(repository_);
  if (!repo.ok()) return repo.status();
  auto notes_commit = NotesCommit(repo->get(), notes);
  if (!notes_commit.ok()) return notes_commit.status();
  return NoteText(repo->get(), notes_commit->get(), *annotated);
}

Result<std::vector<GitNote>> GitNotes::ListNotes(const std::string& notes) const {
  auto repo = OpenRepository(repository_);
  if (!repo.ok()) return repo.status();
  auto notes_commit = NotesCommit(repo->get(), notes);
  if (!notes_commit.ok()) return notes_commit.status();
  GitPtr<git_note_iterator> it;
  if (git_note_commit_iterator_new(it.out(), notes_commit->get()) != 0) {
    return GitError("cannot list the notes of " + notes);
  }
  std::vector<GitNote> listed;
  git_oid blob, annotated;
  int rc;
  while ((rc = git_note_next(&blob, &annotated, it.get())) == 0) {
    auto text = NoteText(repo->get(), notes_commit->get(), annotated);
    if (!text.ok()) return text.status();
    listed.push_back({OidToString(annotated), std::move(*text)});
  }
  if (rc != GIT_ITEROVER) return GitError("cannot list the notes of " + notes);
  return listed;
}

Result<std::string> GitNotes::MergeBase(const std::string& a, const std::string& b) const {
  auto one = ParseId(a);
  if (!one.ok()) return one.status();
  auto two = ParseId(b);
  if (!two.ok()) return two.status();
  auto repo = OpenRepository(repository_);
  if (!repo.ok()) return repo.status();
  git_oid base;
  int rc = git_merge_base(&base, repo->get(), &*one, &*two);
  if (rc == GIT_ENOTFOUND) return common::NotFound(a + " and " + b + " share no history");
  if (rc != 0) return GitError("cannot find the merge base of " + a + " and " + b);
  return OidToString(base);
}

Result<std::string> GitNotes::WriteNotes(const std::string& ref, const std::string& expected,
                                         const std::string& parent, const std::vector<GitNote>& notes,
                                         const std::string& message) const {
  std::vector<git_oid> annotated;
  for (const auto& note : notes) {
    auto id = ParseId(note.commit);
    if (!id.ok()) return id.status();
    annotated.push_back(*id);
  }
  git_oid expected_id;
  if (!expected.empty()) {
    auto id = ParseId(expected);
    if (!id.ok()) return id.status();
    expected_id = *id;
  }
  if (notes.empty() && parent.empty()) return common::InvalidInput("no notes to write on " + ref);
  auto repo = OpenRepository(repository_);
  if (!repo.ok()) return repo.status();
  GitPtr<git_commit> tip;
  if (!parent.empty()) {
    auto found = NotesCommit(repo->get(), parent);
    if (!found.ok()) return found.status();
    tip = std::move(*found);
  }
  GitPtr<git_signature> author;
  if (git_signature_default(author.out(), repo->get()) != 0 &&
      git_signature_now(author.out(), "faber", "faber@localhost") != 0) {
    return GitError("cannot make a signature");
  }
  // One notes commit per note, each on top of the one before.
  for (size_t i = 0; i < notes.size(); ++i) {
    git_oid created, blob;
    if (git_note_commit_create(&created, &blob, repo->get(), tip.get(), author.get(), author.get(), &annotated[i],
                               notes[i].text.c_str(), 1) != 0) {
      return GitError("cannot write the note on " + notes[i].commit.substr(0, 7));
    }
    GitPtr<git_commit> next;
    if (git_commit_lookup(next.out(), repo->get(), &created) != 0) return GitError("cannot read the new notes commit");
    tip = std::move(next);
  }
  // Compare-and-swap on `ref`: another writer's notes are never overwritten.
  GitPtr<git_reference> moved;
  const git_oid* written = git_commit_id(tip.get());
  int rc = expected.empty()
               ? git_reference_create(moved.out(), repo->get(), ref.c_str(), written, 0, message.c_str())
               : git_reference_create_matching(moved.out(), repo->get(), ref.c_str(), written, 1, &expected_id,
                                               message.c_str());
  if (rc == GIT_EEXISTS || rc == GIT_EMODIFIED || (rc == GIT_ENOTFOUND && !expected.empty())) {
    return common::Conflict("cannot move " + ref + ": another writer moved it: " + LastGitError());
  }
  if (rc != 0) return GitError("cannot move " + ref);
  return OidToString(*written);
}

}  // namespace faber::store
