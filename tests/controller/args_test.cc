#include "controller/args.h"

#include <gtest/gtest.h>

namespace faber::controller {
namespace {

TEST(ArgsTest, ParsesValuesBooleansAndPositionals) {
  auto a = Args::Parse({"--repo", "/r", "--env=test", "--once", "dir", "--env", "prod"}, {"--repo", "--env"}, {"--once"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->Get("--repo"), "/r");
  EXPECT_EQ(a->Get("--env"), "prod");
  EXPECT_EQ(a->GetAll("--env"), (std::vector<std::string>{"test", "prod"}));
  EXPECT_TRUE(a->Has("--once"));
  EXPECT_FALSE(a->Has("--retry"));
  EXPECT_EQ(a->positionals(), (std::vector<std::string>{"dir"}));
  EXPECT_EQ(a->GetOr("--missing", "x"), "x");
}

TEST(ArgsTest, RejectsUnknownFlagsAndMissingValues) {
  auto unknown = Args::Parse({"--nope"}, {}, {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "unknown option --nope");
  auto missing = Args::Parse({"--repo"}, {"--repo"}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "option --repo needs a value");
  EXPECT_FALSE(Args::Parse({"--once=yes"}, {}, {"--once"}).ok());
}

TEST(ArgsTest, DoubleDashEndsOptions) {
  auto a = Args::Parse({"--", "--not-a-flag"}, {}, {});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->positionals(), (std::vector<std::string>{"--not-a-flag"}));
}

TEST(ArgsTest, FormatIsTextOrJson) {
  EXPECT_EQ(*Args::Parse({}, {"--format"}, {})->Format(), "text");
  EXPECT_EQ(*Args::Parse({"--format", "json"}, {"--format"}, {})->Format(), "json");
  EXPECT_FALSE(Args::Parse({"--format", "yaml"}, {"--format"}, {})->Format().ok());
}

}  // namespace
}  // namespace faber::controller
