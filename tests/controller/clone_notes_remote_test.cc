// Git notes of a clone shared through its origin (a bare repository served by `git daemon` on
// loopback, which runs its hooks): pushed after each note, and merged section by section when the origin's notes went their own way while a note
// written here was never pushed.
#include "controller/repository_source.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/redactor.h"
#include "store/git_repository.h"
#include "tests/support/faber_harness.h"
#include "tests/support/git_daemon.h"
#include "webhooks/git_notes_notifier.h"

namespace faber::controller {
namespace {

using testing::ScratchDir;
using testing::WorkTree;

webhooks::RunReport Deploy(const std::string& environment, const std::string& commit, const std::string& status) {
  webhooks::RunReport r;
  r.environment = environment;
  r.commit = commit;
  r.kind = manifests::RunKind::kDeploy;
  r.status = status == "failed" ? webhooks::ReportStatus::kFailed : webhooks::ReportStatus::kSucceeded;
  r.headline = environment + " " + status;
  return r;
}

class CloneNotesRemoteTest : public ::testing::Test {
 protected:
  CloneNotesRemoteTest() {
    EXPECT_TRUE(daemon_.ready());
    tree_.Write("a.txt", "a\n");
    a_ = tree_.CommitAll("a");
    tree_.Write("b.txt", "b\n");
    b_ = tree_.CommitAll("b");
    tree_.Write("c.txt", "c\n");
    c_ = tree_.CommitAll("c");
    tree_.Git({"clone", "-q", "--bare", tree_.dir().string(), origin_.string()});
    auto clone = Opener()();
    EXPECT_TRUE(clone.ok() && (*clone)->Fetch().ok());
  }
  reconciler::RepositoryOpener Opener() {
    return [this]() -> common::Result<std::unique_ptr<store::Repository>> {
      auto clone = store::GitRepository::CloneOrOpen(daemon_.Url("origin.git"), clone_dir_);
      if (!clone.ok()) return clone.status();
      return std::unique_ptr<store::Repository>(std::move(*clone));
    };
  }
  std::string OriginNote(const std::string& commit) {
    auto r = tree_.TryGit({"--git-dir", origin_.string(), "notes", "--ref=faber", "show", commit});
    return r.exit_code == 0 ? r.stdout_text : "";
  }

  ScratchDir scratch_;
  WorkTree tree_{scratch_.path() / "work"};
  std::filesystem::path origin_ = scratch_.path() / "srv/origin.git";
  testing::GitDaemon daemon_{scratch_.path() / "srv"};
  std::filesystem::path clone_dir_ = scratch_.path() / "clone";
  std::string a_, b_, c_;
  common::Redactor redactor_;
};

TEST_F(CloneNotesRemoteTest, EachNoteIsPushedToOrigin) {
  webhooks::GitNotesNotifier notifier(MakeGitNotesStore(clone_dir_), redactor_, MakeCloneNotesRemote(Opener()));
  ASSERT_TRUE(notifier.Publish(Deploy("test", a_, "succeeded")).ok());
  EXPECT_NE(OriginNote(a_).find("faber(test): deploy succeeded"), std::string::npos) << OriginNote(a_);
  ASSERT_TRUE(notifier.Publish(Deploy("prod", a_, "failed")).ok());
  std::string note = OriginNote(a_);
  EXPECT_NE(note.find("faber(test): deploy succeeded"), std::string::npos) << note;
  EXPECT_NE(note.find("faber(prod): deploy failed"), std::string::npos) << note;
}

TEST_F(CloneNotesRemoteTest, OriginsNotesAndUnpushedLocalNotesAreBothKept) {
  webhooks::GitNotesNotifier notifier(MakeGitNotesStore(clone_dir_), redactor_, MakeCloneNotesRemote(Opener()));
  ASSERT_TRUE(notifier.Publish(Deploy("test", a_, "succeeded")).ok());

  // The next push is refused: the note on b stays in the clone only.
  auto hook = origin_ / "hooks/pre-receive";
  std::filesystem::create_directories(hook.parent_path());
  std::ofstream(hook) << "#!/bin/sh\necho 'notes are frozen' >&2\nexit 1\n";
  std::filesystem::permissions(hook, std::filesystem::perms::owner_all);
  auto refused = notifier.Publish(Deploy("prod", b_, "succeeded"));
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(OriginNote(b_), "");
  std::filesystem::remove(hook);

  // Meanwhile someone else notes a and pushes: origin's notes and the clone's have parted.
  WorkTree other(scratch_.path() / "other");
  other.Git({"fetch", "-q", origin_.string(), "main:refs/heads/base", "refs/notes/faber:refs/notes/faber"});
  other.Git({"notes", "--ref=faber", "append", "-m", "faber(staging): deploy succeeded", a_});
  other.Git({"push", "-q", origin_.string(), "refs/notes/faber:refs/notes/faber"});

  ASSERT_TRUE(notifier.Publish(Deploy("test", c_, "failed")).ok());
  std::string on_a = OriginNote(a_);
  EXPECT_NE(on_a.find("faber(test): deploy succeeded"), std::string::npos) << on_a;
  EXPECT_NE(on_a.find("faber(staging): deploy succeeded"), std::string::npos) << on_a;  // theirs, kept
  EXPECT_NE(OriginNote(b_).find("faber(prod): deploy succeeded"), std::string::npos);    // ours, pushed late
  EXPECT_NE(OriginNote(c_).find("faber(test): deploy failed"), std::string::npos);
  // The clone's notes ref is origin's now: the next note is a fast-forward again.
  auto clone = Opener()();
  ASSERT_TRUE(clone.ok());
  auto local = (*clone)->ResolveRef("refs/notes/faber");
  auto served = tree_.TryGit({"--git-dir", origin_.string(), "rev-parse", "refs/notes/faber"});
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(*local + "\n", served.stdout_text);
}

}  // namespace
}  // namespace faber::controller
