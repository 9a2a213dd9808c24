#include "controller/work_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace faber::controller {
namespace {

using namespace std::chrono_literals;

TEST(WorkQueueTest, DeliversTriggersPerRepositoryAndMergesBursts) {
  WorkQueue q;
  EXPECT_TRUE(q.Enqueue({"repo-a", "env/test", webhooks::TriggerReason::kPush}));
  EXPECT_TRUE(q.Enqueue({"repo-a", "env/prod", webhooks::TriggerReason::kPush}));
  EXPECT_TRUE(q.Enqueue({"repo-b", "env/test", webhooks::TriggerReason::kPush}));
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
  webhooks::Trigger preview{"repo", "env/test", webhooks::TriggerReason::kPullRequest, 5};
  webhooks::Trigger command{"repo", "env/test", webhooks::TriggerReason::kComment, 5};
  command.command = webhooks::CommandName::kPlan;
  webhooks::Trigger merge{"repo", "env/test", webhooks::TriggerReason::kMerge, 6};
  EXPECT_TRUE(q.Enqueue(preview));
  EXPECT_TRUE(q.Enqueue({"repo", "env/prod", webhooks::TriggerReason::kPush}));
  EXPECT_TRUE(q.Enqueue(command));
  EXPECT_TRUE(q.Enqueue(merge));
  std::vector<std::string> order;
  while (auto t = q.WaitFor("repo", 10ms)) order.push_back(webhooks::TriggerReasonName(t->reason) +
                                                            (t->command ? std::string(":") + webhooks::CommandNameText(*t->command) : "") +
                                                            "#" + std::to_string(t->pull_request));
  EXPECT_EQ(order, (std::vector<std::string>{"pull_request#5", "comment:plan#5", "merge#6", "push#0"}));
}

TEST(WorkQueueTest, WakesAWaiterAndRefusesWorkOnceClosed) {
  WorkQueue q;
  std::thread producer([&] {
    std::this_thread::sleep_for(50ms);
    q.Enqueue({"repo", "", webhooks::TriggerReason::kPush});
  });
  auto t = q.WaitFor("repo", 5s);
  producer.join();
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->reason, webhooks::TriggerReason::kPush);
  std::thread closer([&] {
    std::this_thread::sleep_for(50ms);
    q.Close();
  });
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(q.WaitFor("repo", 5s).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  closer.join();
  EXPECT_FALSE(q.Enqueue({"repo", "", webhooks::TriggerReason::kPush}));
}

}  // namespace
}  // namespace faber::controller
