#include "reconciler/debugger/issue_log_cache.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/clock.h"
#include "reconciler/debugger/issue_entry_codec.h"
#include "reconciler/debugger/issue_log_debugger.h"
#include "store/git_repository.h"
#include "store/records_layout.h"
#include "store/records_store.h"
#include "tests/support/faber_harness.h"

namespace faber::reconciler::debugger {
namespace {

using testing::ScratchDir;
using testing::WorkTree;

// An entry with every field set to something other than its default.
IssueLogEntry FullEntry(const std::string& id, const std::string& message) {
  IssueLogEntry e;
  e.issue_id = id;
  e.first_seen = "2026-11-01T10:00:00.000Z";
  e.last_seen = "2026-11-24T10:00:00.000Z";
  e.occurrence_count = 7;
  e.category = "permission";
  e.message = message;
  e.normalized_message = "error: <arn> is not authorized";
  e.code = "AccessDenied";
  e.environment = "prod";
  e.operation = "apply";
  e.resource_type = "aws_s3_bucket";
  e.related_issues = {"ISS-aaaaaaaaaaaa", "ISS-bbbbbbbbbbbb"};
  e.resolved = true;
  Solution s;
  s.solution_id = "grant-s3";
  s.description = "Grant s3:PutObject";
  s.steps = {"find the role", "attach the policy"};
  s.automation = {true, "retry_with_backoff", "grant_permission"};
  s.impact = "medium";
  s.source = "https://docs.aws.amazon.com/";
  s.attempts = 5;
  s.successes = 3;
  s.failures = 2;
  s.total_resolution_seconds = 90;
  s.last_success = "2026-11-20T09:00:00.000Z";
  s.environments = {"test", "prod"};
  e.solutions = {s, Solution{}};
  return e;
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

TEST(IssueEntryCodecTest, RoundTripsEveryField) {
  IssueLogEntry e = FullEntry("ISS-0123456789ab", "User arn:aws:iam::1:user/x is not authorized");
  std::string bytes;
  EncodeEntry(e, bytes);
  EncodeEntry(FullEntry("ISS-second000000", "another"), bytes);
  std::string_view in = bytes;
  auto first = DecodeEntry(in);
  auto second = DecodeEntry(in);
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(first->ToJson(), e.ToJson());
  EXPECT_DOUBLE_EQ(first->solutions[0].total_resolution_seconds, 90);
  EXPECT_EQ(second->issue_id, "ISS-second000000");
}

TEST(IssueEntryCodecTest, EveryTruncationIsRejectedNotMisread) {
  std::string bytes;
  EncodeEntry(FullEntry("ISS-0123456789ab", "message"), bytes);
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::string_view in(bytes.data(), n);
    EXPECT_FALSE(DecodeEntry(in).has_value()) << "prefix of " << n << " bytes";
  }
}

TEST(IssueLogCacheTest, ASecondLoadComesFromTheCacheAndEqualsTheFirst) {
  ScratchDir dir;
  auto log_dir = dir.path() / "issues";
  auto cache_file = dir.path() / "cache" / "issue-log";
  DirectoryIssueStore store(log_dir.string(), cache_file);
  ASSERT_TRUE(store.Save({FullEntry("ISS-000000000001", "one"), FullEntry("ISS-000000000002", "two")}).ok());
  auto first = store.LoadAll();
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE(std::filesystem::exists(cache_file));
  // The cache is kept outside the log directory: the log holds only the issues.
  for (const auto& f : std::filesystem::directory_iterator(log_dir)) EXPECT_EQ(f.path().extension(), ".json");

  EXPECT_EQ(store.parsed_files(), 2u);

  auto second = store.LoadAll();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(store.parsed_files(), 0u);
  ASSERT_EQ(second->size(), 2u);
  for (const auto& [id, entry] : *first) EXPECT_EQ(second->at(id).ToJson(), entry.ToJson());
}

TEST(IssueLogCacheTest, AChangedRemovedOrAddedFileIsNeverServedStale) {
  ScratchDir dir;
  auto log_dir = dir.path() / "issues";
  DirectoryIssueStore store(log_dir.string(), dir.path() / "cache");
  ASSERT_TRUE(store.Save({FullEntry("ISS-000000000001", "one"), FullEntry("ISS-000000000002", "two")}).ok());
  ASSERT_TRUE(store.LoadAll().ok());

  // Edited in place to the same length, its mtime set back: only the ctime tells.
  auto path = log_dir / "ISS-000000000001.json";
  auto mtime = std::filesystem::last_write_time(path);
  WriteFile(path, FullEntry("ISS-000000000001", "ONE").ToJson().dump(2) + "\n");
  std::filesystem::last_write_time(path, mtime);
  std::filesystem::remove(log_dir / "ISS-000000000002.json");
  ASSERT_TRUE(store.Save({FullEntry("ISS-000000000003", "three")}).ok());

  auto log = store.LoadAll();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(store.parsed_files(), 2u);  // the edited one and the new one
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ(log->at("ISS-000000000001").message, "ONE");
  EXPECT_EQ(log->count("ISS-000000000002"), 0u);
  EXPECT_EQ(log->at("ISS-000000000003").message, "three");
}

TEST(IssueLogCacheTest, ADamagedCacheIsIgnoredAndRewritten) {
  ScratchDir dir;
  auto log_dir = dir.path() / "issues";
  auto cache_file = dir.path() / "cache";
  DirectoryIssueStore store(log_dir.string(), cache_file);
  ASSERT_TRUE(store.Save({FullEntry("ISS-000000000001", "one")}).ok());
  ASSERT_TRUE(store.LoadAll().ok());
  std::string good;
  {
    std::ifstream in(cache_file, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (const std::string& damaged : {std::string("garbage"), good.substr(0, good.size() - 3), good + "xx"}) {
    WriteFile(cache_file, damaged);
    auto log = store.LoadAll();
    ASSERT_TRUE(log.ok()) << log.status().message();
    ASSERT_EQ(log->size(), 1u);
    EXPECT_EQ(log->at("ISS-000000000001").ToJson(), FullEntry("ISS-000000000001", "one").ToJson());
  }
}

TEST(IssueLogCacheTest, ADamagedIssueFileIsStillReportedWithItsPath) {
  ScratchDir dir;
  auto log_dir = dir.path() / "issues";
  DirectoryIssueStore store(log_dir.string(), dir.path() / "cache");
  ASSERT_TRUE(store.Save({FullEntry("ISS-000000000001", "one")}).ok());
  ASSERT_TRUE(store.LoadAll().ok());
  WriteFile(log_dir / "ISS-000000000001.json", "{ not json");
  auto log = store.LoadAll();
  ASSERT_FALSE(log.ok());
  EXPECT_NE(log.status().message().find("ISS-000000000001.json"), std::string::npos);
}

TEST(IssueLogCacheTest, TheRecordsBranchLogIsCachedByBlobAndFollowsNewCommits) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("faber.yaml", "version: 1\n");
  tree.CommitAll("init");
  auto repo = store::GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  common::SystemClock clock;
  store::RecordsStore records(**repo, "faber/records", clock);
  auto write = [&](const IssueLogEntry& e) {
    auto written = records.Write([&](const store::RecordsSnapshot&) -> common::Result<store::RecordsChange> {
      return store::RecordsChange{{{store::IssuePath(e.issue_id), e.ToJson().dump(2) + "\n"}}, "issue"};
    });
    ASSERT_TRUE(written.ok());
  };
  write(FullEntry("ISS-000000000001", "one"));
  write(FullEntry("ISS-000000000002", "two"));
  auto first = LoadIssueLog(records.Current());
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(std::filesystem::exists((*repo)->git_dir() / "faber" / "issue-log-cache"));
  write(FullEntry("ISS-000000000002", "two, again"));
  auto second = LoadIssueLog(records.Current());
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 2u);
  EXPECT_EQ(second->at("ISS-000000000001").ToJson(), first->at("ISS-000000000001").ToJson());
  EXPECT_EQ(second->at("ISS-000000000002").message, "two, again");
}

}  // namespace
}  // namespace faber::reconciler::debugger
