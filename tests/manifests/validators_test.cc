#include "manifests/validators.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace faber::manifests {
namespace {

TEST(ValidatorsTest, EnvironmentNames) {
  const std::vector<std::string> good_names = {"a", "test", "prod-eu_1", "0day", std::string(63, 'x')};
  for (const std::string& good : good_names) {
    EXPECT_EQ(CheckEnvironmentName(good), std::nullopt) << good;
  }
  const std::vector<std::string> bad_names = {"", "Test", "-a", "_a", "a.b", "a/b", "a b", std::string(64, 'x')};
  for (const std::string& bad : bad_names) {
    EXPECT_NE(CheckEnvironmentName(bad), std::nullopt) << bad;
  }
}

TEST(ValidatorsTest, BranchNamesFollowGitRules) {
  for (const char* good : {"main", "env/test", "faber/records", "release-1.2", "a@b", "feature/x_y"}) {
    EXPECT_EQ(CheckBranchName(good), std::nullopt) << good;
  }
  EXPECT_EQ(CheckBranchName("a..b"), "not a valid git branch name: contains \"..\"");
  EXPECT_EQ(CheckBranchName("a b"), "not a valid git branch name: contains a space");
  EXPECT_EQ(CheckBranchName("a~1"), "not a valid git branch name: contains '~'");
  EXPECT_EQ(CheckBranchName("a:b"), "not a valid git branch name: contains ':'");
  EXPECT_EQ(CheckBranchName("env/.hidden"), "not a valid git branch name: a path component starts with '.'");
  EXPECT_EQ(CheckBranchName("env/x.lock"), "not a valid git branch name: a path component ends with \".lock\"");
  EXPECT_EQ(CheckBranchName("env/"), "not a valid git branch name: starts or ends with '/'");
  EXPECT_EQ(CheckBranchName("a//b"), "not a valid git branch name: contains \"//\"");
  EXPECT_EQ(CheckBranchName("a."), "not a valid git branch name: ends with '.'");
  EXPECT_EQ(CheckBranchName("a@{1}"), "not a valid git branch name: contains \"@{\"");
  EXPECT_EQ(CheckBranchName("-x"), "not a valid git branch name: starts with '-'");
  EXPECT_EQ(CheckBranchName("HEAD"), "not a valid git branch name: reserved name");
  EXPECT_EQ(CheckBranchName("a\tb"), "not a valid git branch name: contains a control character");
  EXPECT_EQ(CheckBranchName("refs/heads/main"), "give the branch name without the \"refs/heads/\" prefix");
  EXPECT_EQ(CheckBranchName(""), "must not be empty");
}

TEST(ValidatorsTest, RelativePaths) {
  for (const char* good : {".", "infra", "infra/live", "./infra", "a/../b", "a/./b/"}) {
    EXPECT_EQ(CheckRelativePath(good), std::nullopt) << good;
  }
  EXPECT_EQ(CheckRelativePath("/etc"), "must be a path relative to the repository root, not an absolute path");
  EXPECT_EQ(CheckRelativePath(".."), "must stay inside the repository: \"..\" climbs above its root");
  EXPECT_EQ(CheckRelativePath("a/../../b"), "must stay inside the repository: \"..\" climbs above its root");
  EXPECT_EQ(CheckRelativePath("../x.tfvars", "infra"), std::nullopt);
  EXPECT_NE(CheckRelativePath("../x.tfvars", "."), std::nullopt);
}

TEST(ValidatorsTest, HttpUrls) {
  EXPECT_EQ(CheckHttpUrl("http://127.0.0.1:8080/healthz"), std::nullopt);
  EXPECT_EQ(CheckHttpUrl("https://example.com"), std::nullopt);
  EXPECT_EQ(CheckHttpUrl("example.com"), "must be an http:// or https:// URL");
  EXPECT_EQ(CheckHttpUrl("HTTP://example.com"), "must be an http:// or https:// URL");
  EXPECT_EQ(CheckHttpUrl("http://"), "the URL has no host");
  EXPECT_EQ(CheckHttpUrl("http://a b"), "the URL contains whitespace");
}

TEST(ValidatorsTest, VariableNames) {
  EXPECT_EQ(CheckVariableName("AWS_PROFILE"), std::nullopt);
  EXPECT_EQ(CheckVariableName("_x1"), std::nullopt);
  EXPECT_NE(CheckVariableName("1X"), std::nullopt);
  EXPECT_NE(CheckVariableName("A-B"), std::nullopt);
  EXPECT_NE(CheckVariableName("A=B"), std::nullopt);
}

}  // namespace
}  // namespace faber::manifests
