// The local forge: reports as git notes under refs/notes/faber, read back with git itself.

#include <gtest/gtest.h>

#include "common/redactor.h"
#include "controller/repository_source.h"
#include "tests/support/faber_harness.h"
#include "webhooks/git_notes_notifier.h"

namespace faber::webhooks {
namespace {

RunReport Report(const std::string& env, const std::string& commit, const std::string& status) {
  RunReport r;
  r.environment = env;
  r.commit = commit;
  r.kind = manifests::RunKind::kDeploy;
  r.status = status == "failed" ? ReportStatus::kFailed : ReportStatus::kSucceeded;
  r.headline = status == "failed" ? "The deploy failed: quota error (iss-77aa)." : "Deployed.";
  if (status == "failed") {
    r.sections = {{"deploy", webhooks::SectionStatus::kFailed, "exit code 1", "Error: AddressLimitExceeded: The maximum number of addresses has been reached.\npassword=hunter2hunter2\n"}};
    r.proposal_markdown = "1. **Release unused Elastic IPs or raise the quota** (medium confidence)";
  } else {
    r.sections = {{"deploy", webhooks::SectionStatus::kPassed, "", "Apply complete!\n"}};
  }
  return r;
}

TEST(GitNotesNotifierTest, GitLogShowsTheReportsOfEachEnvironmentOnTheDeployedCommit) {
  testing::ScratchDir scratch;
  testing::WorkTree tree(scratch.path() / "repo");
  tree.Write("infra/main.tf", "# nothing\n");
  std::string commit = tree.CommitAll("Add infra");
  common::Redactor redactor;
  GitNotesNotifier notifier(controller::MakeGitNotesStore(tree.dir()), redactor);

  ASSERT_TRUE(notifier.Publish(Report("test", commit, "failed")).ok());
  ASSERT_TRUE(notifier.Publish(Report("staging", commit, "succeeded")).ok());
  std::string log = tree.Git({"log", "--notes=faber", "-1", commit});
  EXPECT_NE(log.find("Notes (faber):"), std::string::npos) << log;
  EXPECT_NE(log.find("faber(test): deploy failed"), std::string::npos) << log;
  EXPECT_NE(log.find("AddressLimitExceeded"), std::string::npos) << log;
  EXPECT_NE(log.find("Release unused Elastic IPs"), std::string::npos) << log;
  EXPECT_NE(log.find("faber(staging): deploy succeeded"), std::string::npos) << log;
  EXPECT_EQ(log.find("hunter2hunter2"), std::string::npos) << "a secret reached the note";

  // A new run of test replaces its section and leaves staging's.
  ASSERT_TRUE(notifier.Publish(Report("test", commit, "succeeded")).ok());
  std::string note = tree.Git({"notes", "--ref=faber", "show", commit});
  EXPECT_EQ(note.find("AddressLimitExceeded"), std::string::npos) << note;
  EXPECT_NE(note.find("faber(test): deploy succeeded"), std::string::npos) << note;
  EXPECT_NE(note.find("faber(staging): deploy succeeded"), std::string::npos) << note;
  EXPECT_EQ(tree.Head("refs/notes/faber").size(), 40u);
}

TEST(GitNotesNotifierTest, BadCommitIdIsAnError) {
  testing::ScratchDir scratch;
  testing::WorkTree tree(scratch.path() / "repo");
  tree.Write("a", "a\n");
  tree.CommitAll("a");
  common::Redactor redactor;
  GitNotesNotifier notifier(controller::MakeGitNotesStore(tree.dir()), redactor);
  EXPECT_FALSE(notifier.Publish(Report("test", "not-a-commit", "failed")).ok());
}

TEST(GitNotesNotifierTest, SectionsAreReplacedByEnvironment) {
  std::string note = ReplaceNoteSection("", "test", "faber(test): deploy failed\nboom\n");
  note = ReplaceNoteSection(note, "prod", "faber(prod): deploy succeeded\n");
  note = ReplaceNoteSection(note, "test", "faber(test): deploy succeeded\n");
  EXPECT_EQ(note, "faber(test): deploy succeeded\n\nfaber(prod): deploy succeeded\n");
}

}  // namespace
}  // namespace faber::webhooks
