#include "common/bounded_buffer.h"

#include <gtest/gtest.h>

namespace faber::common {
namespace {

TEST(BoundedBufferTest, KeepsEverythingUnderTheLimit) {
  BoundedBuffer b(100);
  b.Append("hello ");
  b.Append("world");
  EXPECT_EQ(b.Take(), "hello world");
}

TEST(BoundedBufferTest, KeepsHeadAndTailAndCountsTheElidedMiddle) {
  BoundedBuffer b(20);
  std::string all;
  for (int i = 0; i < 1000; ++i) {
    std::string piece = std::to_string(i % 10);
    b.Append(piece);
    all += piece;
  }
  std::string kept = b.Take();
  EXPECT_EQ(kept.substr(0, 10), all.substr(0, 10));
  EXPECT_EQ(kept.substr(kept.size() - 10), all.substr(all.size() - 10));
  EXPECT_NE(kept.find("[... 980 bytes omitted ...]"), std::string::npos);
}

}  // namespace
}  // namespace faber::common
