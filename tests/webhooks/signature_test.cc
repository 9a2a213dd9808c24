#include "webhooks/signature.h"

#include <gtest/gtest.h>

namespace faber::webhooks {
namespace {

// GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!".
constexpr const char* kGithubExample = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

TEST(SignatureTest, HmacMatchesGithubsDocumentedExample) {
  EXPECT_EQ(HmacSha256Hex("It's a Secret to Everybody", "Hello, World!"), kGithubExample);
}

TEST(SignatureTest, GithubHeaderNeedsThePrefixAndTheExactDigest) {
  std::string header = std::string("sha256=") + kGithubExample;
  EXPECT_TRUE(VerifyGithubSignature("It's a Secret to Everybody", "Hello, World!", header));
  EXPECT_FALSE(VerifyGithubSignature("It's a Secret to Everybody", "Hello, World?", header));
  EXPECT_FALSE(VerifyGithubSignature("another secret", "Hello, World!", header));
  EXPECT_FALSE(VerifyGithubSignature("It's a Secret to Everybody", "Hello, World!", kGithubExample));
  EXPECT_FALSE(VerifyGithubSignature("It's a Secret to Everybody", "Hello, World!", "sha256="));
  EXPECT_FALSE(VerifyGithubSignature("", "Hello, World!", header));  // no secret never verifies
}

TEST(SignatureTest, GiteaHeaderIsTheBareDigest) {
  EXPECT_TRUE(VerifyGiteaSignature("It's a Secret to Everybody", "Hello, World!", kGithubExample));
  EXPECT_FALSE(VerifyGiteaSignature("It's a Secret to Everybody", "Hello, World!", std::string("sha256=") + kGithubExample));
}

TEST(SignatureTest, GitlabTokenComparedWhole) {
  EXPECT_TRUE(VerifyGitlabToken("s3cret-token", "s3cret-token"));
  EXPECT_FALSE(VerifyGitlabToken("s3cret-token", "s3cret-toke"));
  EXPECT_FALSE(VerifyGitlabToken("s3cret-token", "s3cret-tokenX"));
  EXPECT_FALSE(VerifyGitlabToken("", ""));
}

TEST(SignatureTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace faber::webhooks
