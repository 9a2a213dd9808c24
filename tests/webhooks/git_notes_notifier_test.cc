// GitNotesNotifier against in-memory notes: a section per environment in one note, a new report
// replacing its environment's section, a concurrent writer never overwritten, a rejected push done
// again on top of the remote's notes, and secrets redacted before they reach a note.
#include "webhooks/git_notes_notifier.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "common/redactor.h"

namespace faber::webhooks {
namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kOther = "89abcdef0123456789abcdef0123456789abcdef";

// Notes commits in memory: each has a parent and the full set of notes (commit -> text) it holds.
class FakeNotesStore : public NotesStore {
 public:
  struct NotesCommit {
    std::string parent;
    std::map<std::string, std::string> notes;
  };

  common::Result<std::string> Tip(const std::string& ref) override {
    auto it = refs.find(ref);
    if (it == refs.end()) return common::NotFound("no ref " + ref);
    return it->second;
  }

  common::Result<std::string> ReadNote(const std::string& notes, const std::string& commit) override {
    const auto& held = commits.at(notes).notes;
    auto it = held.find(commit);
    if (it == held.end()) return common::NotFound("no note on " + commit);
    return it->second;
  }

  common::Result<std::vector<Note>> ListNotes(const std::string& notes) override {
    std::vector<Note> listed;
    for (const auto& [commit, text] : commits.at(notes).notes) listed.push_back({commit, text});
    return listed;
  }

  common::Result<std::string> MergeBase(const std::string& a, const std::string& b) override {
    std::set<std::string> of_a;
    for (std::string c = a; !c.empty(); c = commits.at(c).parent) of_a.insert(c);
    for (std::string c = b; !c.empty(); c = commits.at(c).parent) {
      if (of_a.count(c) != 0) return c;
    }
    return common::NotFound("no shared history");
  }

  common::Status WriteNotes(const std::string& ref, const std::string& expected_tip, const std::string& parent,
                            const std::vector<Note>& notes, const std::string&) override {
    if (before_write) std::exchange(before_write, nullptr)();  // another writer gets there first, once
    std::string current = refs.count(ref) != 0 ? refs[ref] : "";
    if (current != expected_tip) return common::Conflict(ref + " moved");
    std::string tip = parent;
    for (const auto& note : notes) tip = Add(tip, note.commit, note.text);
    refs[ref] = tip;
    ++writes;
    return {};
  }

  // Adds a notes commit on top of `parent` ("" for none) with the note on `commit` set to `text`.
  std::string Add(const std::string& parent, const std::string& commit, const std::string& text) {
    NotesCommit next{parent, parent.empty() ? std::map<std::string, std::string>{} : commits.at(parent).notes};
    next.notes[commit] = text;
    std::string id = std::to_string(commits.size() + 1);
    id = std::string(40 - id.size(), 'f') + id;
    commits[id] = std::move(next);
    return id;
  }

  // The note on `commit` where `ref` points; "" when none.
  std::string NoteOn(const std::string& ref, const std::string& commit) {
    if (refs.count(ref) == 0) return "";
    auto text = ReadNote(refs[ref], commit);
    return text.ok() ? *text : "";
  }

  std::map<std::string, std::string> refs;
  std::map<std::string, NotesCommit> commits;
  std::function<void()> before_write;  // run once, at the start of the next WriteNotes
  int writes = 0;
};

// The origin in memory, holding its notes in the same fake store under kOriginRef.
class FakeNotesRemote : public NotesRemote {
 public:
  static constexpr const char* kOriginRef = "origin:refs/notes/faber";
  explicit FakeNotesRemote(FakeNotesStore& store) : store_(store) {}

  common::Result<bool> Fetch(const std::string& ref, const std::string& tracking_ref) override {
    ++fetches;
    if (store_.refs.count(kOriginRef) == 0) return false;
    EXPECT_EQ(ref, GitNotesNotifier::kNotesRef);
    store_.refs[tracking_ref] = store_.refs[kOriginRef];
    return true;
  }

  common::Result<bool> Push(const std::string& ref) override {
    ++pushes;
    if (before_push) std::exchange(before_push, nullptr)();
    std::string local = store_.refs[ref];
    if (store_.refs.count(kOriginRef) != 0) {
      auto base = store_.MergeBase(store_.refs[kOriginRef], local);
      if (!base.ok() || *base != store_.refs[kOriginRef]) return false;  // not a fast-forward
    }
    store_.refs[kOriginRef] = local;
    return true;
  }

  std::function<void()> before_push;  // run once, at the start of the next Push
  int fetches = 0;
  int pushes = 0;

 private:
  FakeNotesStore& store_;
};

RunReport Deploy(const std::string& env, const std::string& commit, bool failed) {
  RunReport r;
  r.environment = env;
  r.commit = commit;
  r.kind = manifests::RunKind::kDeploy;
  r.status = failed ? ReportStatus::kFailed : ReportStatus::kSucceeded;
  r.headline = failed ? "The deploy failed: quota error." : "Deployed.";
  if (failed) {
    r.sections = {{"deploy", SectionStatus::kFailed, "exit code 1",
                   "Error: AddressLimitExceeded\npassword=hunter2hunter2\ntoken s3cr3t-value-42\n"}};
  } else {
    r.sections = {{"deploy", SectionStatus::kPassed, "", "Apply complete!\n"}};
  }
  return r;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class GitNotesNotifierTest : public ::testing::Test {
 protected:
  GitNotesNotifierTest() {
    auto store = std::make_unique<FakeNotesStore>();
    store_ = store.get();
    redactor_.AddSecretValue("s3cr3t-value-42");
    notifier_ = std::make_unique<GitNotesNotifier>(std::move(store), redactor_);
  }
  std::string Note(const std::string& commit) { return store_->NoteOn(GitNotesNotifier::kNotesRef, commit); }

  common::Redactor redactor_;
  FakeNotesStore* store_ = nullptr;
  std::unique_ptr<GitNotesNotifier> notifier_;
};

TEST_F(GitNotesNotifierTest, EachEnvironmentHasItsSectionInTheCommitsOneNote) {
  ASSERT_TRUE(notifier_->Publish(Deploy("test", kCommit, true)).ok());
  ASSERT_TRUE(notifier_->Publish(Deploy("staging", kCommit, false)).ok());
  std::string note = Note(kCommit);
  size_t test = note.find("faber(test): deploy failed");
  size_t staging = note.find("faber(staging): deploy succeeded");
  ASSERT_NE(test, std::string::npos) << note;
  ASSERT_NE(staging, std::string::npos) << note;
  EXPECT_LT(test, staging) << "sections keep the order they were first written in";
  EXPECT_NE(note.find("AddressLimitExceeded"), std::string::npos) << note;
  EXPECT_EQ(Note(kOther), "");
  EXPECT_EQ(store_->writes, 2);
}

TEST_F(GitNotesNotifierTest, ANewReportOfAnEnvironmentReplacesItsSection) {
  ASSERT_TRUE(notifier_->Publish(Deploy("test", kCommit, true)).ok());
  ASSERT_TRUE(notifier_->Publish(Deploy("staging", kCommit, false)).ok());
  ASSERT_TRUE(notifier_->Publish(Deploy("test", kCommit, false)).ok());
  std::string note = Note(kCommit);
  EXPECT_EQ(note.find("AddressLimitExceeded"), std::string::npos) << note;
  EXPECT_EQ(Count(note, "faber(test): "), 1u) << note;
  EXPECT_EQ(Count(note, "faber(staging): "), 1u) << note;
  EXPECT_NE(note.find("faber(test): deploy succeeded"), std::string::npos) << note;
  EXPECT_NE(note.find("faber(staging): deploy succeeded"), std::string::npos) << note;
}

TEST_F(GitNotesNotifierTest, AConcurrentWritersNotesAreNeverOverwritten) {
  ASSERT_TRUE(notifier_->Publish(Deploy("test", kCommit, false)).ok());
  // Another process moves the notes ref between the notifier's read and its compare-and-swap.
  std::string theirs;
  store_->before_write = [&] {
    std::string tip = store_->refs[GitNotesNotifier::kNotesRef];
    theirs = store_->Add(tip, kCommit, store_->commits.at(tip).notes.at(kCommit) + "\nfaber(prod): deploy succeeded\n");
    store_->refs[GitNotesNotifier::kNotesRef] = theirs;
  };
  auto lost = notifier_->Publish(Deploy("staging", kCommit, false));
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.kind(), common::ErrorKind::kConflict) << lost.ToString();
  EXPECT_EQ(store_->refs[GitNotesNotifier::kNotesRef], theirs) << "the other writer's notes were overwritten";
  EXPECT_EQ(Note(kCommit).find("faber(staging)"), std::string::npos);

  // The next report is written on top of theirs.
  ASSERT_TRUE(notifier_->Publish(Deploy("staging", kCommit, false)).ok());
  std::string note = Note(kCommit);
  EXPECT_NE(note.find("faber(test): deploy succeeded"), std::string::npos) << note;
  EXPECT_NE(note.find("faber(prod): deploy succeeded"), std::string::npos) << note;
  EXPECT_NE(note.find("faber(staging): deploy succeeded"), std::string::npos) << note;
  EXPECT_EQ(store_->commits.at(store_->refs[GitNotesNotifier::kNotesRef]).parent, theirs);
}

TEST_F(GitNotesNotifierTest, SecretsAreRedactedInTheNote) {
  ASSERT_TRUE(notifier_->Publish(Deploy("test", kCommit, true)).ok());
  std::string note = Note(kCommit);
  EXPECT_NE(note.find("AddressLimitExceeded"), std::string::npos) << note;
  EXPECT_EQ(note.find("hunter2hunter2"), std::string::npos) << note;
  EXPECT_EQ(note.find("s3cr3t-value-42"), std::string::npos) << note;
  EXPECT_NE(note.find(common::Redactor::kMask), std::string::npos) << note;
}

TEST_F(GitNotesNotifierTest, AReportWithoutACommitWritesNothing) {
  ASSERT_TRUE(notifier_->Publish(Deploy("test", "", true)).ok());
  EXPECT_EQ(store_->writes, 0);
  EXPECT_TRUE(store_->refs.empty());
}

TEST(GitNotesNotifierRemoteTest, APushRejectedByAnotherWriterIsDoneAgainOnTopOfTheirs) {
  common::Redactor redactor;
  auto owned_store = std::make_unique<FakeNotesStore>();
  FakeNotesStore& store = *owned_store;
  auto owned_remote = std::make_unique<FakeNotesRemote>(store);
  FakeNotesRemote& remote = *owned_remote;
  GitNotesNotifier notifier(std::move(owned_store), redactor, std::move(owned_remote));
  // Someone else pushes a note on the same commit (and one on another) just before faber's push.
  remote.before_push = [&] {
    std::string tip = store.Add("", kCommit, "faber(staging): deploy succeeded\n");
    store.refs[FakeNotesRemote::kOriginRef] = store.Add(tip, kOther, "faber(prod): deploy succeeded\n");
  };

  ASSERT_TRUE(notifier.Publish(Deploy("test", kCommit, false)).ok());
  EXPECT_EQ(remote.fetches, 2);
  EXPECT_EQ(remote.pushes, 2);
  std::string note = store.NoteOn(FakeNotesRemote::kOriginRef, kCommit);
  EXPECT_NE(note.find("faber(staging): deploy succeeded"), std::string::npos) << note;  // theirs, kept
  EXPECT_NE(note.find("faber(test): deploy succeeded"), std::string::npos) << note;     // ours, on top
  EXPECT_EQ(Count(note, "faber(test): "), 1u) << note;
  EXPECT_EQ(store.NoteOn(FakeNotesRemote::kOriginRef, kOther), "faber(prod): deploy succeeded\n");
  EXPECT_EQ(store.refs[GitNotesNotifier::kNotesRef], store.refs[FakeNotesRemote::kOriginRef]);
}

TEST(GitNotesNotifierRemoteTest, APushRejectedTwiceIsAConflict) {
  common::Redactor redactor;
  auto owned_store = std::make_unique<FakeNotesStore>();
  FakeNotesStore& store = *owned_store;
  auto owned_remote = std::make_unique<FakeNotesRemote>(store);
  FakeNotesRemote& remote = *owned_remote;
  GitNotesNotifier notifier(std::move(owned_store), redactor, std::move(owned_remote));
  int pushed_by_others = 0;
  std::function<void()> race = [&] {
    std::string tip = store.refs.count(FakeNotesRemote::kOriginRef) ? store.refs[FakeNotesRemote::kOriginRef] : "";
    store.refs[FakeNotesRemote::kOriginRef] = store.Add(tip, kOther, "n" + std::to_string(++pushed_by_others) + "\n");
    if (pushed_by_others < 2) remote.before_push = race;
  };
  remote.before_push = race;

  auto s = notifier.Publish(Deploy("test", kCommit, false));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), common::ErrorKind::kConflict) << s.ToString();
  EXPECT_EQ(remote.pushes, 2) << "a rejected push is done again once, not more";
}

}  // namespace
}  // namespace faber::webhooks
