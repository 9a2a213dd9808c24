#include "store/run_journal.h"

#include <gtest/gtest.h>

#include <fstream>

#include "store/environment_lock.h"

namespace faber::store {
namespace {

std::filesystem::path FreshDir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / (name + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(RunJournalTest, WritesFindsAndClears) {
  auto dir = FreshDir("faber-journal-");
  RunJournal journal(dir);
  EXPECT_FALSE(journal.Find("test")->has_value());
  JournalEntry e{"run-1", "test", "abc", "env/test", "deploy", "2026-01-02T03:04:05.000Z", 100, 200};
  ASSERT_TRUE(journal.Write(e).ok());
  auto found = journal.Find("test");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->stage, "deploy");
  EXPECT_EQ((*found)->pgid, 200);
  EXPECT_FALSE(journal.Find("prod")->has_value());
  ASSERT_TRUE(journal.Clear("test").ok());
  EXPECT_FALSE(journal.Find("test")->has_value());
  std::filesystem::remove_all(dir);
}

TEST(RunJournalTest, ACorruptEntryIsReportedNotDropped) {
  auto dir = FreshDir("faber-journal-corrupt-");
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "test.json") << "{\"run_id\": ";
  RunJournal journal(dir);
  auto found = journal.Find("test");
  ASSERT_FALSE(found.ok());
  EXPECT_NE(found.status().message().find("test.json"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "test.json"));
  std::filesystem::remove_all(dir);
}

TEST(EnvironmentLockTest, IsExclusivePerEnvironmentAndReleasedOnDestruction) {
  auto dir = FreshDir("faber-locks-");
  auto first = EnvironmentLock::TryAcquire(dir, "test");
  ASSERT_TRUE(first.ok());
  auto second = EnvironmentLock::TryAcquire(dir, "test");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().kind(), common::ErrorKind::kWaiting);
  EXPECT_TRUE(EnvironmentLock::TryAcquire(dir, "prod").ok());
  first->reset();
  EXPECT_TRUE(EnvironmentLock::TryAcquire(dir, "test").ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace faber::store
