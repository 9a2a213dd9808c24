#include "common/redactor.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace faber::common {
namespace {

// Base64 with padding, in the standard or the URL-safe alphabet: what tools emit.
std::string Base64ForTest(const std::string& bytes, bool url_safe) {
  const char* alphabet = url_safe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                                  : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[n & 63] : '=';
  }
  return out;
}

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

TEST(RedactorTest, MasksAnAwsSecretKeyOnTheLineOfItsKeyIdWhateverItsLabel) {
  Redactor r;
  // A credentials CSV export and a log line: no "secret" word anywhere.
  EXPECT_EQ(r.Redact("deploy,AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "deploy,[REDACTED],[REDACTED]");
  EXPECT_EQ(r.Redact("using key AKIAIOSFODNN7EXAMPLE with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY now"),
            "using key [REDACTED] with [REDACTED] now");
  EXPECT_EQ(r.Redact("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY (for AKIAIOSFODNN7EXAMPLE)"),
            "[REDACTED] (for [REDACTED])");
  // The usual labels, spaced as `aws configure` prints them or camel-cased as the SDKs write them.
  EXPECT_EQ(r.Redact("AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "AWS Secret Access Key [None]: [REDACTED]");
  EXPECT_EQ(r.Redact(R"("secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")"),
            R"("secretAccessKey": "[REDACTED]")");
  // IAM unique ids of users and roles are not credentials.
  EXPECT_EQ(r.Redact("unique_id = AROAJQABLZS4A3QDU576Q"), "unique_id = AROAJQABLZS4A3QDU576Q");
}

TEST(RedactorTest, MasksShortPasswordFlagsOfThePasswordTakingPrograms) {
  Redactor r;
  EXPECT_EQ(r.Redact("mysql -u root -p hunter2 app"), "mysql -u root -p [REDACTED] app");
  EXPECT_EQ(r.Redact("mysqldump -uroot -phunter2 app"), "mysqldump -uroot -p[REDACTED] app");
  EXPECT_EQ(r.Redact("docker login -u ci -p hunter2 registry.example.com"),
            "docker login -u ci -p [REDACTED] registry.example.com");
  EXPECT_EQ(r.Redact("sshpass -p 'hunter2' ssh host"), "sshpass -p '[REDACTED]' ssh host");
  EXPECT_EQ(r.Redact("deploy --password hunter2"), "deploy --password [REDACTED]");
  EXPECT_EQ(r.Redact("deploy --password=hunter2"), "deploy --password=[REDACTED]");
  // -p of other programs is a port or "parents".
  EXPECT_EQ(r.Redact("ssh -p 2222 host"), "ssh -p 2222 host");
  EXPECT_EQ(r.Redact("docker run -p 8080:80 nginx"), "docker run -p 8080:80 nginx");
  EXPECT_EQ(r.Redact("psql -h db -p 5432 app"), "psql -h db -p 5432 app");
}

TEST(RedactorTest, MasksTokensOfEveryCurrentPrefix) {
  Redactor r;
  const std::string body36 = "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
  for (const char* prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    EXPECT_EQ(r.Redact(std::string("t=") + prefix + body36 + " x"), "t=[REDACTED] x") << prefix;
  }
  EXPECT_EQ(r.Redact("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345678"),
            "[REDACTED]");
  EXPECT_EQ(r.Redact("remote glpat-xY3_abcdefghij0123456- done"), "remote [REDACTED] done");
  EXPECT_EQ(r.Redact("runner gldt-abcdefghij0123456789 done"), "runner [REDACTED] done");
  // The Google key ends with '-': masked whole all the same.
  EXPECT_EQ(r.Redact("k AIzaSyA1234567890abcdefghijklmnopqrstu- z"), "k [REDACTED] z");
  for (const char* slack :
       {"xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "xoxp-1234567890-abcdefghij",
        "xoxa-2-abcdefghij123", "xoxr-abcdefghij123", "xoxs-abcdefghij123", "xapp-1-A0123456789-abcdefghij"}) {
    EXPECT_EQ(r.Redact(std::string("slack ") + slack + " ok"), "slack [REDACTED] ok") << slack;
  }
  EXPECT_EQ(r.Redact("https://hooks.slack.com/workflows/T01234567/A01234567/123456789/abcdefABCDEF"), "[REDACTED]");
}

TEST(RedactorTest, MasksPrivateKeysOfEveryKindAndInJsonStrings) {
  Redactor r;
  for (const char* kind : {"RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY",
                           "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"}) {
    std::string text = std::string("a\n-----BEGIN ") + kind + "-----\nMIIEabc\n-----END " + kind + "-----\nb";
    EXPECT_EQ(r.Redact(text), "a\n[REDACTED]\nb") << kind;
  }
  EXPECT_EQ(r.Redact(R"({"key": "-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----\n"})"),
            R"({"key": "[REDACTED]\n"})");
}

TEST(RedactorTest, MasksKnownValuesBase64EncodedInEveryAlignmentAndAlphabet) {
  Redactor r;
  const std::string secret = "s3cr3t-v4lue?>~~xyz";
  r.AddSecretValue(secret);
  // The value embedded after 0, 1 and 2 bytes of other data, encoded as a whole.
  for (const std::string prefix : {"", "a", "ab", "abc", "abcd"}) {
    std::string plain = prefix + "password=" + secret + "; more";
    std::string encoded = Base64ForTest(plain, false);
    std::string redacted = r.Redact("user_data = " + encoded);
    EXPECT_NE(redacted.find(Redactor::kMask), std::string::npos) << prefix << ": " << encoded;
    std::string url_safe = Base64ForTest(plain, true);
    EXPECT_NE(r.Redact(url_safe).find(Redactor::kMask), std::string::npos) << prefix << ": " << url_safe;
  }
  EXPECT_EQ(r.Redact("x " + std::string(secret.rbegin(), secret.rend()) + " y"), "x [REDACTED] y");
}

TEST(RedactorTest, MasksKnownValuesWrappedAcrossALineBreak) {
  Redactor r;
  r.AddSecretValue("0123456789abcdefghij");
  EXPECT_EQ(r.Redact("token: 0123456789\nabcdefghij done"), "token: [REDACTED] done");
  EXPECT_EQ(r.Redact("token: 012345\r\n      6789abcdefghij done"), "token: [REDACTED] done");
  EXPECT_EQ(r.Redact("a 0123456789abc\n\tdefghij\nb"), "a [REDACTED]\nb");
  // Two halves that are not one value stay.
  EXPECT_EQ(r.Redact("0123456789\nzzz"), "0123456789\nzzz");
}

// True when `line` holds a credential: a JSON member whose value is
// a non-empty string and whose key ends with password, secret, token or secret_key, or an AWS access key id (AKIA and
// 16 upper-case letters or digits).
bool HoldsCredential(const std::string& line) {
  for (size_t p = line.find("AKIA"); p != std::string::npos; p = line.find("AKIA", p + 1)) {
    size_t n = 0;
    while (p + 4 + n < line.size() && n < 17 &&
           (std::isupper(static_cast<unsigned char>(line[p + 4 + n])) ||
            std::isdigit(static_cast<unsigned char>(line[p + 4 + n])))) {
      ++n;
    }
    if (n == 16) return true;
  }
  const size_t colon = line.find("\": \"");
  if (colon == std::string::npos || colon + 4 >= line.size() || line[colon + 4] == '"') return false;
  const std::string key = line.substr(0, colon);
  for (const std::string word : {"password", "secret", "token", "secret_key"}) {
    if (key.size() >= word.size() && key.compare(key.size() - word.size(), word.size(), word) == 0) return true;
  }
  return false;
}

// Every plan of the shared corpus, full of ids, ARNs, hashes, base64 user_data and settings named
// after secrets ("force_overwrite_replica_secret": false): the lines masked are exactly the ones
// holding credentials (a few fixtures carry literal passwords and AWS example keys); every other
// line, and every plan without credentials, comes out unchanged.
TEST(RedactorTest, MasksNothingButTheCredentialsOfRealPlans) {
  Redactor r;
  const std::filesystem::path corpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/tfplan";
  if (!std::filesystem::exists(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  size_t plans = 0, unchanged = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    const std::string redacted_text = r.Redact(text);
    ++plans;
    unchanged += redacted_text == text ? 1 : 0;
    std::istringstream original(text), redacted(redacted_text);
    for (std::string a, b; std::getline(original, a) && std::getline(redacted, b);) {
      const bool masked = b.find(Redactor::kMask) != std::string::npos;
      EXPECT_EQ(masked, HoldsCredential(a)) << entry.path().filename() << ":\n" << a << "\n" << b;
    }
  }
  EXPECT_GE(plans, 40u);
  EXPECT_GE(unchanged, 30u);  // most plans hold no credential
}

}  // namespace
}  // namespace faber::common
