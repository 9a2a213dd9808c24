// Readers of Checkov, tfsec and Trivy JSON over their real outputs (external_outputs/, see its
// NOTICE.md), and the merge of their findings with faber's own.

#include "reconciler/checks/external/external_scanners.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "reconciler/checks/external/scanner_ids.h"
#include "reconciler/checks/policy_loader.h"
#include "reconciler/checks/report_formats.h"
#include "reconciler/hcl/module_evaluator.h"

namespace faber::reconciler::checks::external {
namespace {

namespace fs = std::filesystem;

const fs::path kOutputs = fs::path(FABER_SOURCE_DIR) / "tests/reconciler/checks/external_outputs";
const std::string kModule = "/work/module";

std::string Read(const std::string& name) {
  std::ifstream in(kOutputs / name);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Finding* Find(const std::vector<ExternalFinding>& findings, const std::string& rule, const std::string& address) {
  for (const auto& e : findings) {
    if (e.finding.rule_id == rule && e.finding.address == address) return &e.finding;
  }
  return nullptr;
}

bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST(CheckovOutputTest, ListOfFrameworkReportsWithoutSeverities) {
  auto parsed = ParseCheckovOutput(Read("checkov_multiple_frameworks.json"), kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  // terraform: 6 failed, 3 passed; dockerfile: 2 failed, 1 passed.
  EXPECT_EQ(parsed->findings.size(), 12u);
  EXPECT_TRUE(parsed->problems.empty());
  const Finding* encryption = Find(parsed->findings, "CKV_AWS_16", "aws_db_instance.default");
  ASSERT_NE(encryption, nullptr);
  EXPECT_EQ(encryption->status, FindingStatus::kFailed);
  EXPECT_EQ(encryption->source, "checkov");
  EXPECT_EQ(encryption->resource_type, "aws_db_instance");
  EXPECT_EQ(encryption->file, kModule + "/aws/db-app.tf");  // Checkov's path is relative to the scanned directory
  EXPECT_EQ(encryption->line, 1);
  EXPECT_EQ(encryption->title, "Ensure all data stored in the RDS is securely encrypted at rest");
  const Finding* ssh = Find(parsed->findings, "CKV_AWS_24", "aws_security_group.default");
  ASSERT_NE(ssh, nullptr);
  EXPECT_EQ(ssh->status, FindingStatus::kPassed);
  // Open-source Checkov prints no severity: marked unknown for the merge to fill in.
  for (const auto& e : parsed->findings) EXPECT_FALSE(e.severity_known) << e.finding.rule_id;
  EXPECT_NE(Find(parsed->findings, "CKV_DOCKER_3", "/aws/resources/Dockerfile."), nullptr);
}

TEST(CheckovOutputTest, SeveritiesWhenTheReportHasThem) {
  auto parsed = ParseCheckovOutput(Read("checkov_severity.json"), kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->findings.size(), 4u);
  std::map<std::string, Severity> severity;
  for (const auto& e : parsed->findings) {
    EXPECT_TRUE(e.severity_known);
    severity[e.finding.rule_id] = e.finding.severity;
  }
  EXPECT_EQ(severity["CKV_GCP_28"], Severity::kHigh);
  EXPECT_EQ(severity["CKV_GCP_29"], Severity::kMedium);
  EXPECT_EQ(severity["CKV_GCP_78"], Severity::kLow);
  // bc_check_id is kept as an equivalent.
  EXPECT_TRUE(Has(Find(parsed->findings, "CKV_GCP_29", "google_storage_bucket.terragoat_website")->equivalents,
                  "BC_GCP_GCS_2"));
}

TEST(CheckovOutputTest, EmptyReportsAndGarbage) {
  auto empty = ParseCheckovOutput(Read("checkov_no_findings.json"), kModule);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->findings.empty());
  auto summary = ParseCheckovOutput(Read("checkov_summary_only.json"), kModule);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_TRUE(summary->findings.empty());
  EXPECT_TRUE(summary->problems.empty());

  auto garbage = ParseCheckovOutput("Traceback (most recent call last):\n  File \"checkov\"\n", kModule);
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find("checkov printed invalid JSON"), std::string::npos);
  auto cut = ParseCheckovOutput(Read("checkov_multiple_frameworks.json").substr(0, 5000), kModule);
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("parse error at byte"), std::string::npos) << cut.status().message();
  auto other = ParseCheckovOutput(Read("tfsec_v1_finding.json"), kModule);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("not a Checkov report"), std::string::npos);
  EXPECT_FALSE(ParseCheckovOutput("", kModule).ok());
}

TEST(CheckovOutputTest, ParsingErrorsAndSkipsAreReported) {
  // The report layout of checkov_no_findings.json with a skip and a file Checkov could not parse.
  auto parsed = ParseCheckovOutput(
      R"({"check_type": "terraform", "results": {"passed_checks": [], "failed_checks": [],
          "skipped_checks": [{"check_id": "CKV_AWS_20", "check_name": "S3 Bucket has an ACL defined which allows public READ access.",
          "check_result": {"result": "SKIPPED", "suppress_comment": "public website"}, "file_path": "/main.tf",
          "file_line_range": [3, 9], "resource": "aws_s3_bucket.site", "suppress_comment": "public website"}],
          "parsing_errors": ["/work/module/broken.tf"]}, "summary": {"passed": 0, "failed": 0, "skipped": 1, "parsing_errors": 1}})",
      kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->findings.size(), 1u);
  EXPECT_EQ(parsed->findings[0].finding.status, FindingStatus::kSkipped);
  EXPECT_EQ(parsed->findings[0].finding.message, "skipped in checkov: public website");
  ASSERT_EQ(parsed->problems.size(), 1u);
  EXPECT_EQ(parsed->problems[0], "checkov could not parse /work/module/broken.tf");
}

TEST(TfsecOutputTest, Version1Result) {
  auto parsed = ParseTfsecOutput(Read("tfsec_v1_finding.json"), kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->findings.size(), 1u);
  const Finding& f = parsed->findings[0].finding;
  EXPECT_EQ(f.rule_id, "AVD-AA-9999");
  EXPECT_TRUE(Has(f.equivalents, "aws-dynamodb-enable-at-rest-encryption"));
  EXPECT_EQ(f.severity, Severity::kHigh);
  EXPECT_EQ(f.status, FindingStatus::kFailed);
  EXPECT_EQ(f.source, "tfsec");
  EXPECT_EQ(f.message, "Cluster encryption is not enabled.");
  EXPECT_EQ(f.file, kModule + "/test.test");
  EXPECT_EQ(f.line, 123);
  EXPECT_EQ(f.recommendation, "resolution (https://google.com)");
}

TEST(TfsecOutputTest, Version0ResultsNameTheResourceInTheDescription) {
  auto parsed = ParseTfsecOutput(Read("tfsec_v0_findings.json"), kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->findings.size(), 4u);
  const Finding& acl = parsed->findings[0].finding;
  EXPECT_EQ(acl.rule_id, "aws-vpc-no-excessive-port-access");
  EXPECT_EQ(acl.address, "module.SUBNETS.aws_network_acl_rule.public_inbound[0]");
  EXPECT_EQ(acl.resource_type, "aws_network_acl_rule");
  EXPECT_EQ(acl.severity, Severity::kCritical);
  EXPECT_TRUE(Has(acl.equivalents, "AWS050"));
  EXPECT_TRUE(Has(acl.equivalents, "aws-ec2-no-excessive-port-access"));
  // An absolute path of the machine that ran tfsec stays as it was.
  EXPECT_EQ(acl.file, "/tmp/aws-eks/modules/vpc-subnets/resources.tf");
  EXPECT_EQ(acl.line, 155);
  EXPECT_EQ(parsed->findings[2].finding.address,
            "module.EKS.module.security_group_worker.aws_security_group_rule.egress_with_cidr_blocks[0]");
}

TEST(TfsecOutputTest, LegacyResultsAndNothingFound) {
  auto parsed = ParseTfsecOutput(Read("tfsec_many_findings_legacy.json"), kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->findings.size(), 4u);
  const Finding& first = parsed->findings[0].finding;
  EXPECT_EQ(first.rule_id, "GCP008");
  EXPECT_EQ(first.status, FindingStatus::kPassed);  // "passed": true
  EXPECT_EQ(first.severity, Severity::kHigh);       // ERROR
  EXPECT_EQ(first.address, "google_container_cluster.k8s_cluster");
  EXPECT_EQ(first.file, kModule + "/tfsec-test/cluster.tf");
  EXPECT_NE(first.recommendation.find("https://tfsec.dev/docs/google/GCP008/"), std::string::npos);
  const Finding& gen = parsed->findings[3].finding;
  EXPECT_EQ(gen.status, FindingStatus::kFailed);
  EXPECT_EQ(gen.severity, Severity::kMedium);  // WARNING
  EXPECT_EQ(gen.address, "keycloak_oidc_identity_provider.google");

  auto one = ParseTfsecOutput(Read("tfsec_one_finding_legacy.json"), kModule);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->findings.size(), 1u);
  auto none = ParseTfsecOutput(Read("tfsec_no_findings.json"), kModule);
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_TRUE(none->findings.empty());
  auto checkov = ParseTfsecOutput(Read("checkov_no_findings.json"), kModule);
  ASSERT_FALSE(checkov.ok());
  EXPECT_NE(checkov.status().message().find("not a tfsec report"), std::string::npos);
}

TEST(TrivyOutputTest, AvdIdsWithAvdidAndLongIds) {
  auto parsed = ParseTrivyOutput(Read("trivy_avd_ids.json"), kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->findings.size(), 4u);
  const Finding* encryption = Find(parsed->findings, "AVD-AWS-0088", "module.bucket");
  ASSERT_NE(encryption, nullptr);
  EXPECT_EQ(encryption->severity, Severity::kHigh);
  EXPECT_EQ(encryption->status, FindingStatus::kFailed);
  EXPECT_EQ(encryption->source, "trivy");
  EXPECT_EQ(encryption->file, kModule + "/terraform-aws-modules/s3-bucket/aws/main.tf");
  EXPECT_EQ(encryption->line, 25);
  EXPECT_EQ(encryption->message, "Bucket does not have encryption enabled");
  // ID "s3-bucket-logging" beside AVDID: the AVD id is the rule, the long id an equivalent.
  const Finding* logging = Find(parsed->findings, "AVD-AWS-0089", "module.bucket");
  ASSERT_NE(logging, nullptr);
  EXPECT_TRUE(Has(logging->equivalents, "s3-bucket-logging"));
  EXPECT_EQ(logging->severity, Severity::kLow);
}

TEST(TrivyOutputTest, CurrentIdsAndNothingFound) {
  auto parsed = ParseTrivyOutput(Read("trivy_current_ids.json"), kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->findings.size(), 3u);
  const Finding* versioning = Find(parsed->findings, "AWS-0090", "module.bucket");
  ASSERT_NE(versioning, nullptr);
  EXPECT_TRUE(Has(versioning->equivalents, "AVD-AWS-0090"));
  EXPECT_EQ(versioning->severity, Severity::kMedium);

  auto clean = ParseTrivyOutput(Read("trivy_no_misconfigurations.json"), kModule);
  ASSERT_TRUE(clean.ok());
  EXPECT_TRUE(clean->findings.empty());
  EXPECT_TRUE(clean->problems.empty());
  // Results is left out entirely when no file was scanned.
  auto nothing = ParseTrivyOutput(R"({"SchemaVersion": 2, "ArtifactName": ".", "ArtifactType": "filesystem"})", kModule);
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->findings.empty());
  EXPECT_FALSE(ParseTrivyOutput(Read("tfsec_v1_finding.json"), kModule).ok());
  EXPECT_FALSE(ParseTrivyOutput("{\"SchemaVersion\": 2, \"Results\": [", kModule).ok());
}

TEST(TrivyOutputTest, ResultsOtherThanConfigurationAreListedNotDropped) {
  auto parsed = ParseTrivyOutput(Read("trivy_misconfigurations_and_secrets.json"), kModule);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->findings.size(), 1u);
  const Finding& root_user = parsed->findings[0].finding;
  EXPECT_EQ(root_user.rule_id, "DS002");
  EXPECT_EQ(root_user.file, kModule + "/Dockerfile");
  EXPECT_EQ(root_user.severity, Severity::kHigh);
  EXPECT_TRUE(root_user.address.empty());
  ASSERT_EQ(parsed->problems.size(), 3u);
  EXPECT_EQ(parsed->problems[0],
            "trivy: 2 Vulnerabilities in requirements.txt (class lang-pkgs) are not configuration checks and were not read");
  EXPECT_EQ(parsed->problems[1],
            "trivy: 1 Secrets in Dockerfile (class secret) are not configuration checks and were not read");
}

TEST(ScannerIdsTest, SpellingsOfTheSameCheck) {
  EXPECT_EQ(CanonicalId("AWS-0086"), "AVD-AWS-0086");
  EXPECT_EQ(CanonicalId("AVD-AWS-0086"), "AVD-AWS-0086");
  EXPECT_EQ(CanonicalId("aws-vpc-no-public-ingress-sgr"), "aws-ec2-no-public-ingress-sgr");
  EXPECT_EQ(CanonicalId("CKV_AWS_20"), "CKV_AWS_20");
  auto ids = EquivalentIds("AWS-0090");
  EXPECT_TRUE(Has(ids, "CKV_AWS_21"));
  EXPECT_TRUE(Has(ids, "aws-s3-enable-versioning"));
  // One AVD check covers Checkov's SSH and RDP checks: a Checkov id implies it, not the reverse.
  EXPECT_TRUE(Has(BroaderIds("CKV_AWS_24"), "AVD-AWS-0107"));
  EXPECT_FALSE(Has(BroaderIds("AVD-AWS-0107"), "CKV_AWS_24"));
  EXPECT_TRUE(Has(BroaderIds("AWS006"), "aws-ec2-no-public-ingress-sgr"));
}

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("faber_external_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // The RDS instance of the module Checkov scanned for checkov_multiple_frameworks.json.
  ScanResult ScanDatabase() {
    std::ofstream(root_ / "db-app.tf") << "resource \"aws_db_instance\" \"default\" {\n  engine = \"mysql\"\n"
                                          "  instance_class = \"db.t3.micro\"\n  backup_retention_period = 0\n"
                                          "  storage_encrypted = false\n  publicly_accessible = true\n}\n";
    auto model = hcl::BuildResourceModel(root_.string());
    EXPECT_TRUE(model.ok()) << model.status().message();
    return Scan(*model, BuiltinRules(), {});
  }

  ExternalScan Scanned(const std::string& tool, const std::string& fixture) {
    ExternalScan scan;
    scan.run.tool = tool;
    auto parsed = tool == "checkov" ? ParseCheckovOutput(Read(fixture), root_.string())
                  : tool == "tfsec" ? ParseTfsecOutput(Read(fixture), root_.string())
                                    : ParseTrivyOutput(Read(fixture), root_.string());
    EXPECT_TRUE(parsed.ok()) << parsed.status().message();
    if (parsed.ok()) scan.findings = parsed->findings;
    scan.run.findings = static_cast<int>(scan.findings.size());
    return scan;
  }

  static std::vector<const Finding*> FindAll(const ScanResult& r, const std::string& address) {
    std::vector<const Finding*> out;
    for (const auto& f : r.findings) {
      if (f.address == address) out.push_back(&f);
    }
    return out;
  }

  fs::path root_;
};

TEST_F(MergeTest, SameVerdictOfFaberAndCheckovIsReportedOnceWithBothSources) {
  ScanResult result = ScanDatabase();
  size_t faber_findings = result.findings.size();
  std::vector<ExternalScan> scans;
  scans.push_back(Scanned("checkov", "checkov_multiple_frameworks.json"));
  MergeExternalFindings(result, std::move(scans), BuiltinRules(), {});

  for (const char* rule : {"FABER_AWS_RDS_ENCRYPTION", "FABER_AWS_RDS_PUBLIC", "FABER_AWS_RDS_IAM_AUTH"}) {
    const Finding* f = nullptr;
    for (const auto& x : result.findings) {
      if (x.rule_id == rule && x.address == "aws_db_instance.default") f = &x;
    }
    ASSERT_NE(f, nullptr) << rule;
    EXPECT_EQ(f->status, FindingStatus::kFailed) << rule;
    EXPECT_EQ(f->source, "faber");
    EXPECT_EQ(f->confirmed_by, std::vector<std::string>{"checkov"}) << rule;
  }
  for (const Finding* f : FindAll(result, "aws_db_instance.default")) {
    EXPECT_EQ(f->source, "faber") << f->rule_id << " reported twice";
  }
  // 9 checkov findings: 3 confirmed faber's, 9 others appended (the EC2 instance, the security
  // group and the Dockerfile are not in this module).
  ASSERT_EQ(result.scanners.size(), 1u);
  EXPECT_EQ(result.scanners[0].merged, 3);
  EXPECT_EQ(result.findings.size(), faber_findings + 9);
  // Checkov gave no severity: the appended IMDS finding takes faber's equivalent rule's (HIGH).
  const Finding* imds = nullptr;
  for (const auto& f : result.findings) {
    if (f.rule_id == "CKV_AWS_79") imds = &f;
  }
  ASSERT_NE(imds, nullptr);
  EXPECT_EQ(imds->source, "checkov");
  EXPECT_EQ(imds->severity, Severity::kHigh);
  EXPECT_TRUE(Has(imds->equivalents, "FABER_AWS_IMDSV2"));
  EXPECT_TRUE(Has(imds->equivalents, "AVD-AWS-0028"));
  for (const auto& f : result.findings) {
    if (f.rule_id == "CKV_DOCKER_3") {
      EXPECT_EQ(f.severity, Severity::kMedium) << "no equivalent rule: MEDIUM";
    }
  }
  int failed = 0;
  for (const auto& f : result.findings) failed += f.status == FindingStatus::kFailed;
  EXPECT_EQ(result.failed, failed);

  auto json = ScanToJson(result);
  bool both = false;
  for (const auto& f : json["findings"]) {
    if (f["rule_id"] == "FABER_AWS_RDS_PUBLIC") both = f["sources"] == nlohmann::json::array({"faber", "checkov"});
  }
  EXPECT_TRUE(both);
  EXPECT_EQ(json["scanners"][0]["name"], "checkov");
}

TEST_F(MergeTest, DifferentVerdictsStayApartAndSkipsApply) {
  ScanResult result = ScanDatabase();
  ExternalScan checkov = Scanned("checkov", "checkov_multiple_frameworks.json");
  // Checkov passing what faber fails: both verdicts stay in the report.
  for (auto& e : checkov.findings) {
    if (e.finding.rule_id == "CKV_AWS_17") e.finding.status = FindingStatus::kPassed;
  }
  std::vector<ExternalScan> scans;
  scans.push_back(std::move(checkov));
  MergeExternalFindings(result, std::move(scans), BuiltinRules(), {"CKV_AWS_161"});
  bool checkov_pass = false, iam = false;
  for (const auto& f : result.findings) {
    checkov_pass |= f.rule_id == "CKV_AWS_17" && f.status == FindingStatus::kPassed && f.source == "checkov";
    iam |= f.rule_id == "CKV_AWS_161";
    if (f.rule_id == "FABER_AWS_RDS_PUBLIC") {
      EXPECT_TRUE(f.confirmed_by.empty());
    }
  }
  EXPECT_TRUE(checkov_pass);
  EXPECT_FALSE(iam) << "tests.skip names CKV_AWS_161";
}

TEST_F(MergeTest, TwoScannersReportingTheSameCheckAreMerged) {
  ScanResult result;
  std::vector<ExternalScan> scans;
  scans.push_back(Scanned("trivy", "trivy_current_ids.json"));
  scans.push_back(Scanned("trivy", "trivy_avd_ids.json"));
  scans.back().run.tool = "tfsec";
  for (auto& e : scans.back().findings) e.finding.source = "tfsec";  // the same check, printed by another tool
  MergeExternalFindings(result, std::move(scans), BuiltinRules(), {});
  // AWS-0089/0090/0132 of one and AVD-AWS-0089/0090/0132 of the other are the same three checks;
  // AVD-AWS-0088 only appears once.
  EXPECT_EQ(result.findings.size(), 4u);
  EXPECT_EQ(result.scanners[1].merged, 3);
  for (const auto& f : result.findings) {
    if (f.rule_id == "AWS-0090") {
      EXPECT_EQ(f.confirmed_by, std::vector<std::string>{"tfsec"});
      EXPECT_TRUE(Has(f.equivalents, "FABER_AWS_S3_VERSIONING"));
    }
  }
}

// Runs nothing: answers as a scanner would have, and keeps what it was asked to run.
class FakeRunner : public common::ProcessRunner {
 public:
  common::Result<common::ProcessResult> Run(const common::ProcessSpec& spec) override {
    specs.push_back(spec);
    return result;
  }
  common::ProcessResult result;
  std::vector<common::ProcessSpec> specs;
};

class RunScannerTest : public MergeTest {
 protected:
  common::Environment PathWith(const std::string& program) {
    fs::create_directories(root_ / "bin");
    std::ofstream(root_ / "bin" / program) << "#!/bin/sh\n";
    fs::permissions(root_ / "bin" / program, fs::perms::owner_all);
    return {{"PATH", (root_ / "bin").string()}};
  }
};

TEST_F(RunScannerTest, NotInstalledIsANoticeNotAFailure) {
  FakeRunner runner;
  auto scan = RunScanner({"tfsec", {}, std::chrono::seconds(5), false}, root_.string(), PathWith("checkov"), runner);
  EXPECT_EQ(scan.run.status, ScannerRun::Status::kNotInstalled);
  EXPECT_NE(scan.run.message.find("tfsec is enabled but not installed"), std::string::npos);
  EXPECT_TRUE(runner.specs.empty());
}

TEST_F(RunScannerTest, CommandLineEnvironmentAndFindings) {
  FakeRunner runner;
  runner.result.exit_code = 1;  // tfsec: problems found
  runner.result.stdout_text = Read("tfsec_v0_findings.json");
  auto env = PathWith("tfsec");
  auto scan = RunScanner({"tfsec", {"--minimum-severity", "HIGH"}, std::chrono::seconds(7), true}, root_.string(), env,
                         runner);
  EXPECT_EQ(scan.run.status, ScannerRun::Status::kOk) << scan.run.message;
  EXPECT_EQ(scan.findings.size(), 4u);
  EXPECT_EQ(scan.run.message, "4 findings read");
  ASSERT_EQ(runner.specs.size(), 1u);
  EXPECT_EQ(runner.specs[0].argv, (std::vector<std::string>{"tfsec", root_.string(), "--format", "json", "--no-colour",
                                                             "--minimum-severity", "HIGH"}));
  EXPECT_EQ(runner.specs[0].env, env);
  EXPECT_EQ(runner.specs[0].timeout, std::chrono::seconds(7));
  EXPECT_EQ(runner.specs[0].working_dir, root_.string());
}

TEST_F(RunScannerTest, TimeoutCrashAndGarbageAreFailuresNamingTheTool) {
  FakeRunner runner;
  auto env = PathWith("trivy");
  runner.result.timed_out = true;
  runner.result.duration = std::chrono::milliseconds(7000);
  runner.result.stdout_text = Read("trivy_avd_ids.json").substr(0, 300);
  auto timed_out = RunScanner({"trivy", {}, std::chrono::seconds(7), false}, root_.string(), env, runner);
  EXPECT_EQ(timed_out.run.status, ScannerRun::Status::kFailed);
  EXPECT_NE(timed_out.run.message.find("trivy timed out after 7000ms"), std::string::npos) << timed_out.run.message;
  EXPECT_NE(timed_out.run.message.find("incomplete"), std::string::npos) << timed_out.run.message;

  runner.result = {};
  runner.result.exit_code = 0;
  runner.result.stdout_text = "this is not json";
  runner.result.stderr_text = "FATAL\tscan error: unable to initialize the policy engine\n";
  auto garbage = RunScanner({"trivy", {}, std::chrono::seconds(7), false}, root_.string(), env, runner);
  EXPECT_EQ(garbage.run.status, ScannerRun::Status::kFailed);
  EXPECT_NE(garbage.run.message.find("trivy printed invalid JSON"), std::string::npos) << garbage.run.message;
  EXPECT_NE(garbage.run.message.find("unable to initialize"), std::string::npos) << garbage.run.message;

  // A crash after a complete report: the findings are kept and the failure is reported.
  runner.result = {};
  runner.result.exit_code = 2;
  runner.result.stdout_text = Read("trivy_current_ids.json");
  auto crashed = RunScanner({"trivy", {}, std::chrono::seconds(7), false}, root_.string(), env, runner);
  EXPECT_EQ(crashed.run.status, ScannerRun::Status::kFailed);
  EXPECT_EQ(crashed.findings.size(), 3u);
  EXPECT_NE(crashed.run.message.find("trivy exit code 2"), std::string::npos) << crashed.run.message;
  EXPECT_NE(crashed.run.message.find("3 findings read"), std::string::npos) << crashed.run.message;
}

TEST_F(RunScannerTest, ReportFormatsCarryScannerProblems) {
  ScanResult result;
  ExternalScan missing;
  missing.run = {"checkov", ScannerRun::Status::kNotInstalled, "checkov is enabled but not installed", 0, 0, 0, false};
  ExternalScan failed;
  failed.run = {"trivy", ScannerRun::Status::kFailed, "trivy timed out after 7000ms", 0, 0, 7000, false};
  std::vector<ExternalScan> scans;
  scans.push_back(std::move(missing));
  scans.push_back(std::move(failed));
  MergeExternalFindings(result, std::move(scans), BuiltinRules(), {});
  auto sarif = ScanToSarif(result, root_.string());
  const auto& notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["level"], "warning");
  EXPECT_EQ(notes[1]["level"], "error");
  EXPECT_EQ(notes[1]["descriptor"]["id"], "trivy");
  std::string junit = ScanToJunit(result);
  EXPECT_NE(junit.find("<error message=\"trivy timed out after 7000ms\"/>"), std::string::npos) << junit;
  EXPECT_NE(junit.find("<skipped message=\"checkov is enabled but not installed\"/>"), std::string::npos) << junit;
}

}  // namespace
}  // namespace faber::reconciler::checks::external
