#include "webhooks/git_notes_notifier.h"

#include <cctype>
#include <map>
#include <sstream>

#include "webhooks/comment_renderer.h"

namespace faber::webhooks {
namespace {

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

// The tip of `ref`, "" when there is no such ref.
common::Result<std::string> TipOrNone(NotesStore& notes, const std::string& ref) {
  auto tip = notes.Tip(ref);
  if (!tip.ok() && tip.status().kind() == common::ErrorKind::kNotFound) return std::string();
  return tip;
}

// The text of the note on `commit` in notes commit `notes`, "" when none or no notes commit.
common::Result<std::string> NoteAt(NotesStore& store, const std::string& notes, const std::string& commit) {
  if (notes.empty()) return std::string();
  auto text = store.ReadNote(notes, commit);
  if (!text.ok() && text.status().kind() == common::ErrorKind::kNotFound) return std::string();
  return text;
}

// A commit id as git spells it (40 lower-case hex digits), to compare ids from different sources.
std::string CommitKey(const std::string& commit) {
  std::string key = commit.substr(0, 40);
  for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return key;
}

// The notes of `local` that changed since `base` (the last notes commit both sides share, "" for
// none): the notes written here that the remote does not have.
common::Result<std::vector<Note>> NotesChangedSince(NotesStore& store, const std::string& local, const std::string& base) {
  auto notes = store.ListNotes(local);
  if (!notes.ok()) return notes.status();
  std::vector<Note> changed;
  for (auto& note : *notes) {
    auto before = NoteAt(store, base, note.commit);
    if (!before.ok()) return before.status();
    if (note.text != *before) changed.push_back(std::move(note));
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
  // The notes commit to build on: the local one, unless the remote's moved past it or went its own
  // way; then the remote's, with the notes written here since the two parted applied again on top.
  auto local = TipOrNone(*notes_, kNotesRef);
  if (!local.ok()) return local.status();
  std::string remote;
  if (remote_has_notes) {
    auto tip = TipOrNone(*notes_, kRemoteNotesRef);
    if (!tip.ok()) return tip.status();
    remote = *tip;
  }
  std::string base;  // the last notes commit both share, when they differ; "" for none
  if (!local->empty() && !remote.empty() && *local != remote) {
    auto shared = notes_->MergeBase(*local, remote);
    if (!shared.ok() && shared.status().kind() != common::ErrorKind::kNotFound) return shared.status();
    if (shared.ok()) base = *shared;
  }
  std::string parent = *local;
  std::vector<Note> writes;
  std::map<std::string, std::string> replayed;  // CommitKey -> the note text written on top of the remote's
  if (!remote.empty() && (local->empty() || (*local != remote && base != remote))) {
    parent = remote;
    if (!local->empty() && base != *local) {
      auto mine = NotesChangedSince(*notes_, *local, base);
      if (!mine.ok()) return mine.status();
      for (const auto& note : *mine) {
        // Section by section: an environment's report written here replaces the remote's of that
        // environment; the remote's other sections stay.
        auto text = NoteAt(*notes_, parent, note.commit);
        if (!text.ok()) return text.status();
        for (const auto& [env, section] : NoteSections(note.text)) {
          if (!env.empty()) *text = ReplaceNoteSection(*text, env, section);
        }
        replayed[CommitKey(note.commit)] = *text;
        writes.push_back({note.commit, *text});
      }
    }
  }
  const bool drift = report.kind == manifests::RunKind::kDrift;
  // A drift section's heading names the check by its verdict alone: "faber(test/drift): drift in_sync".
  std::string what = drift ? "drift" : RunKindTitle(report.kind);
  // A drift check keeps its own section: the deploy's report on the same commit stays.
  std::string key = drift ? report.environment + "/drift" : report.environment;
  std::string section = "faber(" + key + "): " + what + " " + ReportStatusName(report.status) + "\n\n" + RenderReport(report, redactor_);
  std::string note;
  if (auto it = replayed.find(CommitKey(report.commit)); it != replayed.end()) {
    note = it->second;
  } else {
    auto text = NoteAt(*notes_, parent, report.commit);
    if (!text.ok()) return text.status();
    note = *text;
  }
  writes.push_back({report.commit, ReplaceNoteSection(note, key, section)});
  // Compare-and-swap on the local notes ref: another process writing notes is not overwritten.
  return notes_->WriteNotes(kNotesRef, *local, parent, writes, "faber: note");
}

}  // namespace faber::webhooks
