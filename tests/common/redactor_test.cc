#include "common/redactor.h"

#include <gtest/gtest.h>

namespace faber::common {
namespace {

TEST(RedactorTest, MasksAwsAccessKeyIds) {
  Redactor r;
  EXPECT_EQ(r.Redact("key AKIAIOSFODNN7EXAMPLE used"), "key [REDACTED] used");
  EXPECT_EQ(r.Redact("ASIAY34FZKBOKMUTVV7A"), "[REDACTED]");
}

TEST(RedactorTest, MasksAwsSecretKeysKeepingTheName) {
  Redactor r;
  EXPECT_EQ(r.Redact("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "aws_secret_access_key = [REDACTED]");
}

TEST(RedactorTest, MasksPasswordsInUrls) {
  Redactor r;
  EXPECT_EQ(r.Redact("cloning https://deploy:s3cr3t-pass@git.example.com/infra.git"),
            "cloning https://deploy:[REDACTED]@git.example.com/infra.git");
  EXPECT_EQ(r.Redact("postgres://app:hunter2@db:5432/app"), "postgres://app:[REDACTED]@db:5432/app");
}

TEST(RedactorTest, MasksSecretAssignmentsInCommonForms) {
  Redactor r;
  EXPECT_EQ(r.Redact("password=hunter2"), "password=[REDACTED]");
  EXPECT_EQ(r.Redact(R"("db_password": "hunter2")"), R"("db_password": "[REDACTED]")");
  EXPECT_EQ(r.Redact("API_KEY: abcdef123456"), "API_KEY: [REDACTED]");
  EXPECT_EQ(r.Redact("Authorization: Bearer abcdefghijklmnop.qrstuvwx"), "Authorization: Bearer [REDACTED]");
}

TEST(RedactorTest, MasksForgeTokensAndJwts) {
  Redactor r;
  EXPECT_EQ(r.Redact("ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"), "[REDACTED]");
  EXPECT_EQ(r.Redact("glpat-abcdefghij0123456789"), "[REDACTED]");
  EXPECT_EQ(r.Redact("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
            "[REDACTED]");
}

TEST(RedactorTest, MasksPrivateKeyBlocksAcrossLines) {
  Redactor r;
  std::string text = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\ndef\n-----END RSA PRIVATE KEY-----\nafter";
  EXPECT_EQ(r.Redact(text), "before\n[REDACTED]\nafter");
  EXPECT_EQ(r.Redact("-----BEGIN CERTIFICATE-----"), "-----BEGIN CERTIFICATE-----");
}

TEST(RedactorTest, MasksKnownValuesLongestFirst) {
  Redactor r;
  r.AddSecretValue("opensesame");
  r.AddSecretValue("opensesame-extended");
  r.AddSecretValue("abc");  // too short to mask safely: ignored
  EXPECT_EQ(r.Redact("a opensesame-extended b opensesame c abc"), "a [REDACTED] b [REDACTED] c abc");
}

TEST(RedactorTest, LeavesOrdinaryTextAlone) {
  Redactor r;
  std::string text = "aws_instance.web: Creating...\nApply complete! Resources: 1 added, 0 changed.\n";
  EXPECT_EQ(r.Redact(text), text);
}

TEST(RedactorTest, CustomPatternsAndInvalidOnes) {
  Redactor r;
  ASSERT_TRUE(r.AddPattern(R"((internal-id: )[0-9]{6})").ok());
  EXPECT_EQ(r.Redact("internal-id: 123456"), "internal-id: [REDACTED]");
  Status bad = r.AddPattern("([unclosed");
  EXPECT_EQ(bad.kind(), ErrorKind::kInvalidInput);
  EXPECT_NE(bad.message().find("([unclosed"), std::string::npos);
}

TEST(RedactorTest, SecretLookingNames) {
  EXPECT_TRUE(LooksLikeSecretName("AWS_SECRET_ACCESS_KEY"));
  EXPECT_TRUE(LooksLikeSecretName("DEPLOY_TOKEN"));
  EXPECT_TRUE(LooksLikeSecretName("db_password"));
  EXPECT_FALSE(LooksLikeSecretName("AWS_REGION"));
  EXPECT_FALSE(LooksLikeSecretName("PATH"));
}

}  // namespace
}  // namespace faber::common

namespace faber::common {
namespace {

// A line of hundreds of kilobytes once overflowed the stack inside std::regex and, in a
// reconcile, became a crash loop; with RE2 it is masked in linear time.
TEST(RedactorTest, AVeryLongLineIsMaskedWithoutCrashing) {
  Redactor r;
  std::string line(2'000'000, 'a');
  line += " password=hunter22 ";
  line += std::string(200'000, '=');
  const std::string out = r.Redact(line);
  EXPECT_EQ(out.find("hunter22"), std::string::npos);
  EXPECT_NE(out.find("password=[REDACTED]"), std::string::npos);
  EXPECT_EQ(out.size(), line.size() - std::string("hunter22").size() + std::string(Redactor::kMask).size());
}

TEST(RedactorTest, MasksCloudAndChatKeysAndLongPasswordFlags) {
  Redactor r;
  EXPECT_EQ(r.Redact("key=AIzaSyD-1234567890abcdefghijklmnopqrstu x"), "key=[REDACTED] x");
  EXPECT_EQ(r.Redact("AIzaSyD-1234567890abcdefghijklmnopqrstu"), "[REDACTED]");
  EXPECT_EQ(r.Redact("posting to https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX now"),
            "posting to [REDACTED] now");
  EXPECT_EQ(r.Redact("charge with sk_live_4eC39HqLyjWDarjtT1zdp7dc"), "charge with [REDACTED]");
  EXPECT_EQ(r.Redact("psql --password hunter2 -h db"), "psql --password [REDACTED] -h db");
  EXPECT_EQ(r.Redact("login --token=abc123def"), "login --token=[REDACTED]");
  EXPECT_EQ(r.Redact("DB_PASS=hunter2"), "DB_PASS=[REDACTED]");
  EXPECT_EQ(r.Redact("signing_key: hunter2"), "signing_key: [REDACTED]");
  // A user pattern with two groups keeps the text on both sides of the secret.
  ASSERT_TRUE(r.AddPattern(R"((id=)[0-9]{6}(;))").ok());
  EXPECT_EQ(r.Redact("x id=123456; y"), "x id=[REDACTED]; y");
  EXPECT_EQ(r.Redact("mkdir -p /tmp/build"), "mkdir -p /tmp/build");
}

}  // namespace
}  // namespace faber::common
