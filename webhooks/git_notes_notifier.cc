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

}  // namespace

std::string ReplaceNoteSection(const std::string& note, const std::string& environment, const std::string& section) {
  std::vector<std::pair<std::string, std::string>> sections;  // in order of first appearance
  std::istringstream lines(note);
  std::string line;
  while (std::getline(lines, line)) {
    std::string env = SectionEnvironment(line);
    if (!env.empty() || sections.empty()) sections.emplace_back(env, "");
    sections.back().second += line + "\n";
  }
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

common::Status GitNotesNotifier::Publish(const RunReport& report) {
  if (report.commit.empty()) return {};
  std::lock_guard lock(mu_);
  git_libgit2_init();
  struct Shutdown {
    ~Shutdown() { git_libgit2_shutdown(); }
  } shutdown;
  Owned<git_repository, git_repository_free> repo;
  if (git_repository_open(&repo.p, repository_.c_str()) != 0) return GitError("cannot open " + repository_.string());
  git_oid commit;
  if (git_oid_fromstr(&commit, report.commit.c_str()) != 0) return common::InvalidInput("not a commit id: " + report.commit);

  std::string existing;
  Owned<git_note, git_note_free> note;
  if (git_note_read(&note.p, repo.p, kNotesRef, &commit) == 0) existing = git_note_message(note.p);

  std::string what = report.kind == "preview" ? "checks and plan" : "deploy";
  std::string section = "faber(" + report.environment + "): " + what + " " + report.status + "\n\n" +
                        RenderReport(report, redactor_);
  std::string text = ReplaceNoteSection(existing, report.environment, section);

  Owned<git_signature, git_signature_free> author;
  if (git_signature_default(&author.p, repo.p) != 0 && git_signature_now(&author.p, "faber", "faber@localhost") != 0) {
    return GitError("cannot make a signature");
  }
  git_oid note_id;
  if (git_note_create(&note_id, repo.p, kNotesRef, author.p, author.p, &commit, text.c_str(), 1) != 0) {
    return GitError("cannot write the note on " + report.commit.substr(0, 7));
  }
  return {};
}

}  // namespace faber::webhooks
