#include "webhooks/comment_command.h"

#include <gtest/gtest.h>

namespace faber::webhooks {
namespace {

TEST(CommentCommandTest, FindsTheCommandLineAnywhereInTheComment) {
  auto c = ParseCommentCommand("Thanks!\n\n  /faber apply-fix sol-12  \nmore text");
  ASSERT_TRUE(c.ok());
  ASSERT_TRUE(c->has_value());
  EXPECT_EQ((*c)->name, CommandName::kApplyFix);
  EXPECT_EQ((*c)->arguments, std::vector<std::string>{"sol-12"});
}

TEST(CommentCommandTest, EveryCommandAndItsArguments) {
  for (const char* name : {"help", "plan", "test", "deploy", "retry"}) {
    auto c = ParseCommentCommand(std::string("/faber ") + name);
    ASSERT_TRUE(c.ok() && c->has_value()) << name;
    EXPECT_STREQ(CommandNameText((*c)->name), name);
    EXPECT_TRUE((*c)->arguments.empty());
  }
  auto resolved = ParseCommentCommand("/faber resolved iss-9f3e  Raised the EIP quota to 10 in the console");
  ASSERT_TRUE(resolved.ok() && resolved->has_value());
  EXPECT_EQ((*resolved)->arguments, (std::vector<std::string>{"iss-9f3e", "Raised the EIP quota to 10 in the console"}));
}

TEST(CommentCommandTest, OrdinaryCommentsHoldNoCommand) {
  for (const char* text : {"", "LGTM", "run /faber plan please", "/faberplan", "`/faber plan`"}) {
    auto c = ParseCommentCommand(text);
    ASSERT_TRUE(c.ok()) << text;
    EXPECT_FALSE(c->has_value()) << text;
  }
}

TEST(CommentCommandTest, MistakesNameWhatIsWrong) {
  EXPECT_EQ(ParseCommentCommand("/faber").status().message(), "/faber needs a command");
  EXPECT_EQ(ParseCommentCommand("/faber destroy").status().message(), "unknown command /faber destroy");
  EXPECT_EQ(ParseCommentCommand("/faber apply-fix").status().message(), "/faber apply-fix needs a solution id");
  EXPECT_EQ(ParseCommentCommand("/faber apply-fix a b").status().message(), "/faber apply-fix takes one solution id (got b)");
  EXPECT_EQ(ParseCommentCommand("/faber resolved iss-1").status().message(),
            "/faber resolved iss-1 needs the text of what fixed it");
  EXPECT_EQ(ParseCommentCommand("/faber plan now").status().message(), "/faber plan takes no arguments (got now)");
}

TEST(CommentCommandTest, AuthorizationByRoleAllowlistAndOwnLogin) {
  CommandAuthorization policy{{"Release-Manager"}, "faber-bot"};
  EXPECT_EQ(Authorize(policy, "alice", "OWNER"), Authorization::kAllowed);
  EXPECT_EQ(Authorize(policy, "alice", "MEMBER"), Authorization::kAllowed);
  EXPECT_EQ(Authorize(policy, "alice", "COLLABORATOR"), Authorization::kAllowed);
  EXPECT_EQ(Authorize(policy, "mallory", "CONTRIBUTOR"), Authorization::kNotAllowed);
  EXPECT_EQ(Authorize(policy, "mallory", "FIRST_TIME_CONTRIBUTOR"), Authorization::kNotAllowed);
  EXPECT_EQ(Authorize(policy, "mallory", ""), Authorization::kNotAllowed);
  EXPECT_EQ(Authorize(policy, "release-manager", ""), Authorization::kAllowed);
  EXPECT_EQ(Authorize(policy, "Faber-Bot", "MEMBER"), Authorization::kOwnComment);
}

}  // namespace
}  // namespace faber::webhooks
