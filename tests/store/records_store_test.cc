#include "store/git_repository.h"
#include "store/records_store.h"

#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "tests/support/faber_harness.h"

namespace faber::store {
namespace {

using testing::ScratchDir;
using testing::WorkTree;

// Appends `entry` to log.json as read from the snapshot, the way every records writer derives its
// change from what is there.
RecordsMutation AppendTo(const std::string& entry, std::string extra_file) {
  return [entry, extra_file](const RecordsSnapshot& records) -> common::Result<RecordsChange> {
    nlohmann::json log = nlohmann::json::array();
    if (auto text = records.Read("log.json"); text.ok()) log = nlohmann::json::parse(*text);
    log.push_back(entry);
    return RecordsChange{{{"log.json", log.dump()}, {extra_file, entry}}, "records: " + entry};
  };
}

TEST(RecordsStoreTest, OneCommitPerWriteOnTheRecordsBranch) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("faber.yaml", "version: 1\n");
  tree.CommitAll("init");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  common::SystemClock clock;
  RecordsStore store(**repo, "faber/records", clock);
  EXPECT_EQ(store.Current().tip(), "");
  auto first = store.Write(AppendTo("a", "runs/a.json"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->commit_attempts, 1);
  EXPECT_EQ(first->push, PushState::kNotNeeded);
  auto second = store.Write(AppendTo("b", "runs/b.json"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(tree.Git({"rev-list", "--count", "faber/records"}), "2\n");
  EXPECT_EQ(tree.Files("faber/records")["log.json"], R"(["a","b"])");
  // The environment branches are never touched.
  EXPECT_EQ(tree.Git({"rev-list", "--count", "main"}), "1\n");
}

TEST(RecordsStoreTest, ConcurrentWritersLoseNothing) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("faber.yaml", "version: 1\n");
  tree.CommitAll("init");
  constexpr int kWriters = 6;
  constexpr int kWritesEach = 5;
  std::vector<std::thread> threads;
  std::atomic<int> retried{0};
  std::atomic<int> failures{0};
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      // One repository handle per thread, as each environment's reconciler has its own.
      auto repo = GitRepository::Open(tree.dir());
      if (!repo.ok()) {
        ++failures;
        return;
      }
      common::SystemClock clock;
      RecordsStore store(**repo, "faber/records", clock, /*max_attempts=*/200);
      for (int i = 0; i < kWritesEach; ++i) {
        std::string entry = "w" + std::to_string(w) + "-" + std::to_string(i);
        auto result = store.Write(AppendTo(entry, "runs/" + entry + ".json"));
        if (!result.ok()) {
          ++failures;
        } else if (result->commit_attempts > 1) {
          ++retried;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  auto files = tree.Files("faber/records");
  auto log = nlohmann::json::parse(files["log.json"]);
  EXPECT_EQ(log.size(), static_cast<size_t>(kWriters * kWritesEach));
  EXPECT_EQ(files.size(), static_cast<size_t>(kWriters * kWritesEach + 1));
  EXPECT_EQ(tree.Git({"rev-list", "--count", "faber/records"}), std::to_string(kWriters * kWritesEach) + "\n");
  std::cout << "writes that lost a race and retried: " << retried.load() << "\n";
}

TEST(RecordsStoreTest, AFailingMutationWritesNothing) {
  ScratchDir dir;
  WorkTree tree(dir.path() / "repo");
  tree.Write("faber.yaml", "version: 1\n");
  tree.CommitAll("init");
  auto repo = GitRepository::Open(tree.dir());
  ASSERT_TRUE(repo.ok());
  common::SystemClock clock;
  RecordsStore store(**repo, "faber/records", clock);
  ASSERT_TRUE(store.Write(AppendTo("a", "runs/a.json")).ok());
  std::string tip = tree.Head("faber/records");
  auto failed = store.Write([](const RecordsSnapshot&) -> common::Result<RecordsChange> {
    return common::InvalidInput("history.json: not JSON");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(tree.Head("faber/records"), tip);
}

}  // namespace
}  // namespace faber::store
