#include "reconciler/checks/scanner.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "reconciler/checks/builtin_policies.h"
#include "reconciler/checks/policy_loader.h"
#include "reconciler/checks/report_formats.h"
#include "reconciler/hcl/module_evaluator.h"

namespace faber::reconciler::checks {
namespace {

namespace fs = std::filesystem;

class ScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("faber_scan_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  ScanResult ScanCode(const std::string& tf, const ScanOptions& options = {}) {
    std::ofstream(root_ / "main.tf") << tf;
    auto model = hcl::BuildResourceModel(root_.string());
    EXPECT_TRUE(model.ok()) << model.status().message();
    return model.ok() ? Scan(*model, BuiltinRules(), options) : ScanResult{};
  }

  static const Finding* Find(const ScanResult& r, const std::string& rule, const std::string& address) {
    for (const auto& f : r.findings) {
      if (f.rule_id == rule && f.address == address) return &f;
    }
    return nullptr;
  }

  fs::path root_;
};

TEST_F(ScannerTest, APublicBucketFailsWithItsLocationAndRecommendation) {
  auto r = ScanCode("resource \"aws_s3_bucket\" \"site\" {\n  bucket = \"site\"\n  acl    = \"public-read\"\n}\n");
  const Finding* f = Find(r, "FABER_AWS_S3_PUBLIC_READ_ACL", "aws_s3_bucket.site");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->status, FindingStatus::kFailed);
  EXPECT_EQ(f->severity, Severity::kHigh);
  EXPECT_EQ(f->line, 1);
  EXPECT_NE(f->file.find("main.tf"), std::string::npos);
  EXPECT_FALSE(f->recommendation.empty());
  EXPECT_NE(std::find(f->equivalents.begin(), f->equivalents.end(), "CKV_AWS_20"), f->equivalents.end());
}

TEST_F(ScannerTest, InlineSkipsInEverySyntaxAreHonouredAndReported) {
  auto r = ScanCode(R"(resource "aws_s3_bucket" "a" {
  # faber:skip=FABER_AWS_S3_VERSIONING logs are written once and never changed
  bucket = "a"
}
resource "aws_s3_bucket" "b" {
  #checkov:skip=CKV_AWS_21:versioning is handled by the backup job
  bucket = "b"
}
# tfsec:ignore:aws-s3-enable-versioning
resource "aws_s3_bucket" "c" {
  bucket = "c"
}
)");
  for (const char* address : {"aws_s3_bucket.a", "aws_s3_bucket.b", "aws_s3_bucket.c"}) {
    const Finding* f = Find(r, "FABER_AWS_S3_VERSIONING", address);
    ASSERT_NE(f, nullptr) << address;
    EXPECT_EQ(f->status, FindingStatus::kSkipped) << address;
  }
  EXPECT_NE(Find(r, "FABER_AWS_S3_VERSIONING", "aws_s3_bucket.a")->message.find("never changed"), std::string::npos);
  // The tfsec skip gives no reason: that is a finding of its own.
  const Finding* unexplained = Find(r, "FABER_SKIP_WITHOUT_REASON", "aws_s3_bucket.c");
  ASSERT_NE(unexplained, nullptr);
  EXPECT_EQ(unexplained->status, FindingStatus::kFailed);
  EXPECT_EQ(Find(r, "FABER_SKIP_WITHOUT_REASON", "aws_s3_bucket.a"), nullptr);
  // Other rules still run on skipped resources.
  EXPECT_EQ(Find(r, "FABER_AWS_S3_PUBLIC_ACCESS_BLOCK", "aws_s3_bucket.a")->status, FindingStatus::kFailed);
}

TEST_F(ScannerTest, RequiredTagsCountTheProvidersDefaultTags) {
  ScanOptions options;
  options.required_tags = {"Team", "Environment"};
  auto r = ScanCode(R"(provider "aws" {
  default_tags {
    tags = { Team = "platform" }
  }
}
resource "aws_sqs_queue" "tagged" {
  tags = { Environment = "test" }
}
resource "aws_sqs_queue" "untagged" {}
resource "aws_sqs_queue_policy" "not_taggable" {
  queue_url = aws_sqs_queue.tagged.id
  policy    = "{}"
}
)",
                    options);
  EXPECT_EQ(Find(r, "FABER_TAGS_REQUIRED", "aws_sqs_queue.tagged")->status, FindingStatus::kPassed);
  const Finding* missing = Find(r, "FABER_TAGS_REQUIRED", "aws_sqs_queue.untagged");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->status, FindingStatus::kFailed);
  EXPECT_EQ(missing->message, "missing tags: Environment");
  EXPECT_EQ(Find(r, "FABER_TAGS_REQUIRED", "aws_sqs_queue_policy.not_taggable"), nullptr);
}

TEST_F(ScannerTest, NamingPatternAndProductionGates) {
  ScanOptions options;
  options.naming_pattern = "^acme-[a-z0-9-]+$";
  options.production = true;
  auto r = ScanCode(R"(resource "aws_s3_bucket" "good" {
  bucket = "acme-logs"
  lifecycle {
    prevent_destroy = true
  }
}
resource "aws_s3_bucket" "bad" {
  bucket = "Logs_Bucket"
}
)",
                    options);
  EXPECT_EQ(Find(r, "FABER_NAMING", "aws_s3_bucket.good")->status, FindingStatus::kPassed);
  EXPECT_EQ(Find(r, "FABER_NAMING", "aws_s3_bucket.bad")->status, FindingStatus::kFailed);
  EXPECT_EQ(Find(r, "FABER_PREVENT_DESTROY", "aws_s3_bucket.good")->status, FindingStatus::kPassed);
  EXPECT_EQ(Find(r, "FABER_PREVENT_DESTROY", "aws_s3_bucket.bad")->status, FindingStatus::kFailed);
}

TEST_F(ScannerTest, CredentialsInAProviderAreReportedWithoutTheirValue) {
  auto r = ScanCode(R"(provider "aws" {
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}
)");
  int found = 0;
  for (const auto& f : r.findings) {
    if (f.rule_id != "FABER_PROVIDER_CREDENTIALS") continue;
    ++found;
    EXPECT_EQ(f.severity, Severity::kCritical);
    EXPECT_EQ(ScanToJson(r).dump().find("wJalrXUtnFEMI"), std::string::npos);
  }
  EXPECT_EQ(found, 2);
}

TEST_F(ScannerTest, UnknownValuesGiveNoVerdict) {
  auto r = ScanCode(R"(variable "encrypted" {}
resource "aws_ebs_volume" "v" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypted
}
)");
  EXPECT_EQ(Find(r, "FABER_AWS_EBS_ENCRYPTION", "aws_ebs_volume.v")->status, FindingStatus::kUnknown);
}

TEST(PolicyLoaderTest, UserPoliciesAreLoadedFromADirectory) {
  fs::path dir = fs::temp_directory_path() / ("faber_policies_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "team");
  std::ofstream(dir / "team" / "lambda.yaml") << R"(rules:
  - id: ACME_LAMBDA_MEMORY
    title: Lambda functions have at most 1 GB of memory
    severity: LOW
    resource: aws_lambda_function
    recommendation: Lower memory_size
    pass: {attr: memory_size, lte: 1024, if_absent: pass}
)";
  auto rules = LoadPolicyDirectory(dir.string());
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].id, "ACME_LAMBDA_MEMORY");
  fs::remove_all(dir);
}

// The built-in rules are read from the trees compiled from manifests/policies; they must be the
// rules that parsing the files themselves gives, down to the line each is defined on.
TEST(PolicyLoaderTest, TheCompiledInTreesGiveTheRulesTheFilesDefine) {
  size_t total = 0;
  for (const auto& file : BuiltinPolicyFiles()) {
    auto from_text = ParsePolicyFile(std::string(file.text), std::string(file.name));
    auto from_tree = ParseEmbeddedPolicy(file);
    ASSERT_TRUE(from_text.ok()) << from_text.status().message();
    ASSERT_TRUE(from_tree.ok()) << from_tree.status().message();
    ASSERT_EQ(from_tree->size(), from_text->size()) << file.name;
    for (size_t i = 0; i < from_text->size(); ++i) {
      const Rule& want = (*from_text)[i];
      const Rule& got = (*from_tree)[i];
      EXPECT_EQ(got.id, want.id);
      EXPECT_EQ(got.title, want.title) << want.id;
      EXPECT_EQ(got.severity, want.severity) << want.id;
      EXPECT_EQ(got.category, want.category) << want.id;
      EXPECT_EQ(got.resource_types, want.resource_types) << want.id;
      EXPECT_EQ(got.equivalents, want.equivalents) << want.id;
      EXPECT_EQ(got.recommendation, want.recommendation) << want.id;
      EXPECT_EQ(got.source, want.source) << want.id;
      EXPECT_NE(want.source.find(".yaml:"), std::string::npos) << want.source;
    }
    total += from_text->size();
  }
  EXPECT_EQ(BuiltinRules().size(), total);
}

TEST(PolicyLoaderTest, MalformedPoliciesNameFileLineAndField) {
  auto bad_yaml = ParsePolicyFile("rules:\n  - id: X\n    title: [unclosed\n", "p.yaml");
  ASSERT_FALSE(bad_yaml.ok());
  EXPECT_NE(bad_yaml.status().message().find("p.yaml:"), std::string::npos) << bad_yaml.status().message();

  auto bad_rule = ParsePolicyFile(R"(rules:
  - id: X
    title: t
    severity: SEVERE
    resource: aws_s3_bucket
    colour: blue
    pass: {attr: acl, equalz: private}
)",
                                  "p.yaml");
  ASSERT_FALSE(bad_rule.ok());
  const std::string m = bad_rule.status().message();
  EXPECT_NE(m.find("p.yaml:4:15: rules[0].severity"), std::string::npos) << m;
  EXPECT_NE(m.find("p.yaml:6:5: rules[0]: unknown key 'colour'"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown operator 'equalz'"), std::string::npos) << m;

  auto bad_regex = ParsePolicyFile(R"(rules:
  - {id: X, title: t, severity: LOW, resource: r, pass: {attr: a, matches: "(unclosed"}}
)",
                                   "p.yaml");
  ASSERT_FALSE(bad_regex.ok());
  EXPECT_NE(bad_regex.status().message().find("invalid regular expression"), std::string::npos);
}

TEST_F(ScannerTest, SarifAndJunitCarryTheFindings) {
  auto r = ScanCode(R"(resource "aws_ebs_volume" "plain" {
  availability_zone = "eu-west-1a"
  size              = 10
}
resource "aws_ebs_volume" "skipped" {
  # faber:skip=FABER_AWS_EBS_ENCRYPTION scratch space, wiped on every boot
  availability_zone = "eu-west-1a"
  size              = 10
}
)");
  auto sarif = ScanToSarif(r, root_.string());
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "faber");
  // Every result points at a rule the driver declares, by id and index.
  for (const auto& result : run["results"]) {
    size_t index = result["ruleIndex"];
    ASSERT_LT(index, run["tool"]["driver"]["rules"].size());
    EXPECT_EQ(run["tool"]["driver"]["rules"][index]["id"], result["ruleId"]);
    EXPECT_TRUE(result["message"]["text"].is_string());
    EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "main.tf");
    EXPECT_GE(result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>(), 1);
    const std::string level = result["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
  }
  bool suppressed = false;
  for (const auto& result : run["results"]) {
    if (result.contains("suppressions")) {
      suppressed = true;
      EXPECT_EQ(result["suppressions"][0]["kind"], "inSource");
    }
  }
  EXPECT_TRUE(suppressed);

  std::string junit = ScanToJunit(r);
  EXPECT_NE(junit.find("<testsuite name=\"FABER_AWS_EBS_ENCRYPTION\""), std::string::npos);
  EXPECT_NE(junit.find("<testcase classname=\"FABER_AWS_EBS_ENCRYPTION\" name=\"aws_ebs_volume.plain\""), std::string::npos);
  EXPECT_NE(junit.find("<failure type=\"HIGH\""), std::string::npos);
  EXPECT_NE(junit.find("<skipped message="), std::string::npos);
}

}  // namespace
}  // namespace faber::reconciler::checks
