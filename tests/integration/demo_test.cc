// The demo, run as README's first command runs it.
#include <gtest/gtest.h>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

TEST(DemoTest, RunsToCompletionAndRecordsEveryRunWithTrailers) {
  ScratchDir scratch;
  auto demo_dir = scratch.path() / "demo";
  auto run = RunFaber({"demo", "--dir", demo_dir.string()});
  ASSERT_EQ(run.exit_code, 0) << run.stdout_text << run.stderr_text;
  EXPECT_NE(run.stdout_text.find("test: deployed"), std::string::npos);
  EXPECT_NE(run.stdout_text.find("test: noop"), std::string::npos);
  EXPECT_NE(run.stdout_text.find(" failed"), std::string::npos);
  EXPECT_NE(run.stdout_text.find("git -C " + (demo_dir / "repo").string() + " log faber/records"), std::string::npos);

  WorkTree repo(demo_dir / "repo");  // re-opening an existing repository: init is harmless
  std::string subjects = repo.Git({"log", "--format=%s", "faber/records"});
  EXPECT_NE(subjects.find("faber(prod): deploy"), std::string::npos);
  EXPECT_NE(subjects.find("faber(test): deploy"), std::string::npos);
  EXPECT_NE(subjects.find("failed"), std::string::npos);
  int commits = std::stoi(repo.Git({"rev-list", "--count", "faber/records"}));
  EXPECT_EQ(commits, 4);
  EXPECT_NE(repo.Git({"log", "--format=%B", "faber/records"}).find("Faber-Pull-Request: 3"), std::string::npos);
  EXPECT_EQ(repo.AllHistoryContent("faber/records").find("AKIAIOSFODNN7EXAMPLE"), std::string::npos);
}

}  // namespace
}  // namespace faber::testing
