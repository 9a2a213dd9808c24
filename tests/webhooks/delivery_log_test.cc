// Delivery ids remembered to refuse replays, in memory and across restarts.
#include "webhooks/delivery_log.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/faber_harness.h"

namespace faber::webhooks {
namespace {

size_t Lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

TEST(DeliveryLogTest, AnIdIsAcceptedOnce) {
  DeliveryLog log(10);
  EXPECT_TRUE(log.FirstSeen("a"));
  EXPECT_FALSE(log.FirstSeen("a"));
  EXPECT_TRUE(log.FirstSeen("b"));
}

TEST(DeliveryLogTest, TheOldestIdsAreForgottenPastTheCapacity) {
  DeliveryLog log(2);
  EXPECT_TRUE(log.FirstSeen("a"));
  EXPECT_TRUE(log.FirstSeen("b"));
  EXPECT_TRUE(log.FirstSeen("c"));
  EXPECT_TRUE(log.FirstSeen("a"));  // forgotten
  EXPECT_FALSE(log.FirstSeen("c"));
}

TEST(DeliveryLogTest, IdsKeptInAFileAreRefusedAfterARestart) {
  testing::ScratchDir scratch;
  auto file = scratch.path() / "state" / "webhook-deliveries";
  {
    DeliveryLog before(10, file);
    EXPECT_TRUE(before.FirstSeen("delivery-1"));
    EXPECT_TRUE(before.FirstSeen("delivery-2"));
  }
  DeliveryLog after(10, file);
  EXPECT_FALSE(after.FirstSeen("delivery-1"));
  EXPECT_FALSE(after.FirstSeen("delivery-2"));
  EXPECT_TRUE(after.FirstSeen("delivery-3"));
}

TEST(DeliveryLogTest, TheFileIsRewrittenWithTheRememberedIdsWhenItGrows) {
  testing::ScratchDir scratch;
  auto file = scratch.path() / "webhook-deliveries";
  {
    DeliveryLog log(3, file);
    for (int i = 0; i < 20; ++i) EXPECT_TRUE(log.FirstSeen("id-" + std::to_string(i)));
  }
  EXPECT_LE(Lines(file), 6u);
  DeliveryLog reloaded(3, file);
  EXPECT_FALSE(reloaded.FirstSeen("id-19"));
  EXPECT_FALSE(reloaded.FirstSeen("id-17"));
  EXPECT_TRUE(reloaded.FirstSeen("id-0"));  // long forgotten
}

TEST(DeliveryLogTest, AnIdWithALineBreakIsRememberedButNotWrittenAsTwo) {
  testing::ScratchDir scratch;
  auto file = scratch.path() / "webhook-deliveries";
  {
    DeliveryLog log(10, file);
    EXPECT_TRUE(log.FirstSeen("x\ny"));
    EXPECT_FALSE(log.FirstSeen("x\ny"));
  }
  DeliveryLog reloaded(10, file);
  EXPECT_TRUE(reloaded.FirstSeen("x"));
  EXPECT_TRUE(reloaded.FirstSeen("y"));
}

}  // namespace
}  // namespace faber::webhooks
