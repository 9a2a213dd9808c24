#include "controller/work_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace faber::controller {
namespace {

using namespace std::chrono_literals;

TEST(WorkQueueTest, DeliversTriggersPerRepositoryAndMergesBursts) {
  WorkQueue q;
  EXPECT_TRUE(q.Enqueue({"repo-a", "env/test", "push"}));
  EXPECT_TRUE(q.Enqueue({"repo-a", "env/prod", "push"}));
  EXPECT_TRUE(q.Enqueue({"repo-b", "env/test", "push"}));
  auto a = q.WaitFor("repo-a", 10ms);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->branch, "");  // two branches merged into one reconcile of everything
  EXPECT_FALSE(q.WaitFor("repo-a", 10ms).has_value());
  auto b = q.WaitFor("repo-b", 10ms);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->branch, "env/test");
}

TEST(WorkQueueTest, PullRequestWorkIsKeptInOrderAndNeverMerged) {
  WorkQueue q;
  webhooks::Trigger preview{"repo", "env/test", "pull_request", 5};
  webhooks::Trigger command{"repo", "env/test", "comment", 5};
  command.command = "plan";
  webhooks::Trigger merge{"repo", "env/test", "merge", 6};
  EXPECT_TRUE(q.Enqueue(preview));
  EXPECT_TRUE(q.Enqueue({"repo", "env/prod", "push"}));
  EXPECT_TRUE(q.Enqueue(command));
  EXPECT_TRUE(q.Enqueue(merge));
  std::vector<std::string> order;
  while (auto t = q.WaitFor("repo", 10ms)) order.push_back(t->reason + (t->command.empty() ? "" : ":" + t->command) + "#" + std::to_string(t->pull_request));
  EXPECT_EQ(order, (std::vector<std::string>{"pull_request#5", "comment:plan#5", "merge#6", "push#0"}));
}

TEST(WorkQueueTest, WakesAWaiterAndRefusesWorkOnceClosed) {
  WorkQueue q;
  std::thread producer([&] {
    std::this_thread::sleep_for(50ms);
    q.Enqueue({"repo", "", "webhook"});
  });
  auto t = q.WaitFor("repo", 5s);
  producer.join();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->reason, "webhook");
  std::thread closer([&] {
    std::this_thread::sleep_for(50ms);
    q.Close();
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(q.WaitFor("repo", 5s).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  closer.join();
  EXPECT_FALSE(q.Enqueue({"repo", "", "push"}));
}

}  // namespace
}  // namespace faber::controller
