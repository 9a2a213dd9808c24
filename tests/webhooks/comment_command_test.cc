#include "webhooks/comment_command.h"

#include <gtest/gtest.h>

#include <algorithm>

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
  EXPECT_EQ(ParseCommentCommand("/faber destroy").status().message(), "unknown command `/faber destroy`");
  EXPECT_EQ(ParseCommentCommand("/faber apply-fix").status().message(), "/faber apply-fix needs a solution id");
  EXPECT_EQ(ParseCommentCommand("/faber apply-fix a b").status().message(),
            "/faber apply-fix takes one solution id (got `b`)");
  EXPECT_EQ(ParseCommentCommand("/faber resolved iss-1").status().message(),
            "/faber resolved `iss-1` needs the text of what fixed it");
  EXPECT_EQ(ParseCommentCommand("/faber plan now").status().message(), "/faber plan takes no arguments (got `now`)");
}

// What a comment's author wrote comes back in faber's reply only inside one code span.
TEST(CommentCommandTest, MistakesEchoTheCommentInertly) {
  const std::string hostile = "@org/team<img src=x onerror=alert(1)>[x](http://evil)``|";
  for (const std::string& comment : {"/faber " + hostile, "/faber plan " + hostile, "/faber apply-fix a " + hostile,
                                     std::string("/faber resolved @org/team<img/src=x>[x](http://evil)``|")}) {
    auto parsed = ParseCommentCommand(comment);
    ASSERT_FALSE(parsed.ok()) << comment;
    const std::string message = parsed.status().message();
    size_t open = message.find('`');
    size_t close = message.rfind('`');
    ASSERT_NE(open, close) << message;
    EXPECT_EQ(std::count(message.begin(), message.end(), '`'), 2) << message;
    std::string outside = message.substr(0, open) + message.substr(close + 1);
    EXPECT_EQ(outside.find_first_of("@<>[]"), std::string::npos) << message;
    EXPECT_NE(message.find("@org/team"), std::string::npos) << message;  // still readable, inside the span
  }
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
