#include "webhooks/git_notes_notifier.h"

#include <git2.h>

#include <map>
#include <sstream>

#include "webhooks/comment_renderer.h"

namespace faber::webhooks {
namespace {

// Owns a libgit2 object; one line per type is all this file needs.
template <typename T, void (*Free)(T*)>
struct Owned {
  T* p = nullptr;
  ~Owned() {
    if (p != nullptr) Free(p);
  }
};

common::Status GitError(const std::string& what) {
  const git_error* e = git_error_last();
  return common::Internal(what + ": " + (e != nullptr && e->message != nullptr ? e->message : "unknown libgit2 error"));
}

// "faber(test): ..." -> "test"; "" for any other line.
std::string SectionEnvironment(const std::string& line) {
  if (line.rfind("faber(", 0) != 0) return "";
  size_t close = line.find("):");
  return close == std::string::npos ? "" : line.substr(6, close - 6);
}

// The sections of a note, in order: (environment, text); text before the first section has "".
std::vector<std::pair<std::string, std::string>> NoteSections(const std::string& note) {
  std::vector<std::pair<std::string, std::string>> sections;
  std::istringstream lines(note);
  std::string line;
  while (std::getline(lines, line)) {
    std::string env = SectionEnvironment(line);
    if (!env.empty() || sections.empty()) sections.emplace_back(env, "");
    sections.back().second += line + "\n";
  }
  return sections;
}

// The text of the note on `annotated` in notes commit `notes` ("" when none or no commit).
std::string NoteAt(git_repository* repo, git_commit* notes, const git_oid& annotated) {
  Owned<git_note, git_note_free> note;
  if (notes == nullptr || git_note_commit_read(&note.p, repo, notes, &annotated) != 0) return "";
  return git_note_message(note.p);
}

// A note written locally that the remote does not have.
struct LocalNote {
  git_oid annotated;
  std::string text;
};

// The notes of `local` that changed since `base` (the last notes commit both sides share).
std::vector<LocalNote> NotesChangedSince(git_repository* repo, git_commit* local, git_commit* base) {
  std::vector<LocalNote> changed;
  Owned<git_note_iterator, git_note_iterator_free> it;
  if (git_note_commit_iterator_new(&it.p, local) != 0) return changed;
  git_oid blob, annotated;
  while (git_note_next(&blob, &annotated, it.p) == 0) {
    std::string text = NoteAt(repo, local, annotated);
    if (text != NoteAt(repo, base, annotated)) changed.push_back({annotated, text});
  }
  return changed;
}

}  // namespace

std::string ReplaceNoteSection(const std::string& note, const std::string& environment, const std::string& section) {
  std::vector<std::pair<std::string, std::string>> sections = NoteSections(note);  // in order of first appearance
  bool replaced = false;
  for (auto& [env, text] : sections) {
    if (env == environment) {
      text = section;
      replaced = true;
    }
  }
  if (!replaced) sections.emplace_back(environment, section);
  std::string out;
  for (const auto& [env, text] : sections) {
    if (env.empty() && text.find_first_not_of(" \n") == std::string::npos) continue;
    if (!out.empty() && out.back() == '\n' && out.size() > 1 && out[out.size() - 2] != '\n') out += "\n";
    out += text;
  }
  return out;
}

common::Result<PullRequestInfo> GitNotesNotifier::PullRequest(int pull_request) {
  return common::NotFound("pull request #" + std::to_string(pull_request) +
                          ": there is no forge to ask about pull requests (reports are git notes)");
}

common::Status GitNotesNotifier::Publish(const RunReport& report) {
  if (report.commit.empty()) return {};
  std::lock_guard lock(mu_);
  if (remote_ == nullptr) return WriteNote(report, false);
  // Fetch, write on top, push; a push that lost a race with another writer is done once more.
  common::Status last;
  for (int attempt = 1; attempt <= 2; ++attempt) {
    auto fetched = remote_->Fetch(kNotesRef, kRemoteNotesRef);
    if (!fetched.ok()) {
      // The note is kept locally; the next report pushes it with its own.
      if (auto written = WriteNote(report, false); !written.ok()) return written;
      return fetched.status();
    }
    if (auto written = WriteNote(report, *fetched); !written.ok()) return written;
    auto pushed = remote_->Push(kNotesRef);
    if (!pushed.ok()) return pushed.status();
    if (*pushed) return {};
    last = common::Conflict("pushing " + std::string(kNotesRef) + ": the remote's notes moved while faber wrote");
  }
  return last;
}

common::Status GitNotesNotifier::WriteNote(const RunReport& report, bool remote_has_notes) {
  git_libgit2_init();
  struct Shutdown {
    ~Shutdown() { git_libgit2_shutdown(); }
  } shutdown;
  Owned<git_repository, git_repository_free> repo;
  if (git_repository_open(&repo.p, repository_.c_str()) != 0) return GitError("cannot open " + repository_.string());
  git_oid commit;
  if (git_oid_fromstr(&commit, report.commit.c_str()) != 0) return common::InvalidInput("not a commit id: " + report.commit);

  // The notes commit to build on: the local one, unless the remote's moved past it or went its own
  // way; then the remote's, with the notes written here since the two parted applied again on top.
  git_oid local, remote;
  bool has_local = git_reference_name_to_id(&local, repo.p, kNotesRef) == 0;
  bool has_remote = remote_has_notes && git_reference_name_to_id(&remote, repo.p, kRemoteNotesRef) == 0;
  Owned<git_commit, git_commit_free> parent, local_commit;
  if (has_local && git_commit_lookup(&local_commit.p, repo.p, &local) != 0) return GitError("cannot read the notes commit");
  std::vector<LocalNote> replay;
  if (has_remote && (!has_local || (!git_oid_equal(&local, &remote) && git_graph_descendant_of(repo.p, &local, &remote) != 1))) {
    if (git_commit_lookup(&parent.p, repo.p, &remote) != 0) return GitError("cannot read the remote's notes commit");
    git_oid base_id;
    if (has_local && git_graph_descendant_of(repo.p, &remote, &local) != 1) {
      Owned<git_commit, git_commit_free> base;
      if (git_merge_base(&base_id, repo.p, &local, &remote) == 0) git_commit_lookup(&base.p, repo.p, &base_id);
      replay = NotesChangedSince(repo.p, local_commit.p, base.p);
    }
  } else if (has_local) {
    std::swap(parent.p, local_commit.p);
  }

  Owned<git_signature, git_signature_free> author;
  if (git_signature_default(&author.p, repo.p) != 0 && git_signature_now(&author.p, "faber", "faber@localhost") != 0) {
    return GitError("cannot make a signature");
  }
  // Adds one note on top of `parent`, which then is the new notes commit.
  auto add = [&](const git_oid& annotated, const std::string& text) -> common::Status {
    git_oid created, blob;
    if (git_note_commit_create(&created, &blob, repo.p, parent.p, author.p, author.p, &annotated, text.c_str(), 1) != 0) {
      return GitError("cannot write the note on " + std::string(git_oid_tostr_s(&annotated)).substr(0, 7));
    }
    Owned<git_commit, git_commit_free> next;
    if (git_commit_lookup(&next.p, repo.p, &created) != 0) return GitError("cannot read the new notes commit");
    std::swap(parent.p, next.p);
    return {};
  };
  for (const auto& mine : replay) {
    // Section by section: an environment's report written here replaces the remote's of that
    // environment; the remote's other sections stay.
    std::string text = NoteAt(repo.p, parent.p, mine.annotated);
    for (const auto& [env, section] : NoteSections(mine.text)) {
      if (!env.empty()) text = ReplaceNoteSection(text, env, section);
    }
    if (auto s = add(mine.annotated, text); !s.ok()) return s;
  }
  const bool drift = report.kind == manifests::RunKind::kDrift;
  // A drift section's heading names the check by its verdict alone: "faber(test/drift): drift in_sync".
  std::string what = drift ? "drift" : RunKindTitle(report.kind);
  // A drift check keeps its own section: the deploy's report on the same commit stays.
  std::string key = drift ? report.environment + "/drift" : report.environment;
  std::string section = "faber(" + key + "): " + what + " " + ReportStatusName(report.status) + "\n\n" + RenderReport(report, redactor_);
  if (auto s = add(commit, ReplaceNoteSection(NoteAt(repo.p, parent.p, commit), key, section)); !s.ok()) {
    return s;
  }
  // Compare-and-swap on the local notes ref: another process writing notes is not overwritten.
  Owned<git_reference, git_reference_free> ref;
  const git_oid* written = git_commit_id(parent.p);
  int rc = has_local ? git_reference_create_matching(&ref.p, repo.p, kNotesRef, written, 1, &local, "faber: note")
                     : git_reference_create(&ref.p, repo.p, kNotesRef, written, 0, "faber: note");
  if (rc != 0) return GitError("cannot move " + std::string(kNotesRef));
  return {};
}

}  // namespace faber::webhooks
