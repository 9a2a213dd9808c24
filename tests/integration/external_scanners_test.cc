// `faber scan --scanner ...` with stand-in checkov, tfsec and trivy programs first on PATH: each
// prints an output recorded from the real tool (tests/reconciler/checks/external_outputs) and
// records its arguments, so the real faber process runs them, reads them and merges their findings.

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kOutputs = fs::path(FABER_SOURCE_DIR) / "tests/reconciler/checks/external_outputs";

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A program named `name` in `bin` running `body` (a POSIX shell script; PATH holds only `bin`, so
// it calls programs by absolute path) after writing its arguments, one per line, to bin/NAME.argv.
void StandIn(const fs::path& bin, const std::string& name, const std::string& body) {
  fs::path program = bin / name;
  Write(program, "#!/bin/sh\nfor a in \"$@\"; do /bin/echo \"$a\"; done > \"" + program.string() + ".argv\"\n" + body);
  fs::permissions(program, fs::perms::owner_all);
}

// The RDS instance of the module Checkov scanned when it printed checkov_multiple_frameworks.json.
const char* kDatabase =
    "resource \"aws_db_instance\" \"default\" {\n  engine = \"mysql\"\n  instance_class = \"db.t3.micro\"\n"
    "  backup_retention_period = 0\n  storage_encrypted = false\n  publicly_accessible = true\n}\n";

const nlohmann::json* FindScanner(const nlohmann::json& report, const std::string& name) {
  for (const auto& s : report["scanners"]) {
    if (s["name"] == name) return &s;
  }
  return nullptr;
}

TEST(ExternalScannersTest, FindingsAreMergedWithFaberAndMissingScannersNoted) {
  ScratchDir dir;
  fs::path module = dir.path() / "infra";
  fs::path bin = dir.path() / "bin";
  Write(module / "db-app.tf", kDatabase);
  StandIn(bin, "checkov", "/bin/cat \"" + (kOutputs / "checkov_multiple_frameworks.json").string() + "\"\nexit 1\n");
  StandIn(bin, "tfsec", "/bin/cat \"" + (kOutputs / "tfsec_v1_finding.json").string() + "\"\nexit 1\n");

  auto r = RunFaber({"scan", module.string(), "--format", "json", "--scanner", "checkov,tfsec", "--scanner", "trivy"},
                    {{"PATH", bin.string()}});
  EXPECT_EQ(r.exit_code, 1) << r.stderr_text;  // the public database is CRITICAL
  auto report = nlohmann::json::parse(r.stdout_text);

  int public_db = 0;
  bool imds = false, tfsec = false;
  for (const auto& f : report["findings"]) {
    if (f["resource"] == "aws_db_instance.default" && f["status"] == "FAILED" &&
        (f["rule_id"] == "FABER_AWS_RDS_PUBLIC" || f["rule_id"] == "CKV_AWS_17")) {
      ++public_db;
      EXPECT_EQ(f["sources"], nlohmann::json::array({"faber", "checkov"}));
      EXPECT_EQ(f["severity"], "CRITICAL");
    }
    if (f["rule_id"] == "CKV_AWS_79") {
      imds = true;
      EXPECT_EQ(f["source"], "checkov");
      EXPECT_EQ(f["resource"], "aws_instance.db_app");
      EXPECT_EQ(f["severity"], "HIGH");  // faber's equivalent rule's: Checkov printed none
    }
    if (f["rule_id"] == "AVD-AA-9999") {
      tfsec = true;
      EXPECT_EQ(f["source"], "tfsec");
      EXPECT_EQ(f["file"], (module / "test.test").string());
      EXPECT_EQ(f["line"], 123);
    }
  }
  EXPECT_EQ(public_db, 1) << "reported once, by faber and checkov";
  EXPECT_TRUE(imds);
  EXPECT_TRUE(tfsec);

  const auto* checkov = FindScanner(report, "checkov");
  ASSERT_NE(checkov, nullptr);
  EXPECT_EQ((*checkov)["status"], "ok");
  EXPECT_EQ((*checkov)["findings"], 12);
  EXPECT_EQ((*checkov)["merged"], 3);
  const auto* trivy = FindScanner(report, "trivy");
  ASSERT_NE(trivy, nullptr);
  EXPECT_EQ((*trivy)["status"], "not_installed");
  EXPECT_NE(r.stderr_text.find("trivy is enabled but not installed"), std::string::npos) << r.stderr_text;

  std::string argv = ReadFile(bin / "checkov.argv");
  EXPECT_EQ(argv, "-d\n" + module.string() + "\n-o\njson\n--framework\nterraform\n--skip-download\n--compact\n");
  EXPECT_EQ(ReadFile(bin / "tfsec.argv"), module.string() + "\n--format\njson\n--no-colour\n");

  auto text = RunFaber({"scan", module.string(), "--scanner", "trivy,checkov"}, {{"PATH", bin.string()}});
  EXPECT_NE(text.stdout_text.find("scanner trivy: not_installed"), std::string::npos) << text.stdout_text;
  EXPECT_NE(text.stdout_text.find("scanner checkov: ok: 12 findings read (3 confirmed a finding already reported)"),
            std::string::npos)
      << text.stdout_text;
}

TEST(ExternalScannersTest, GarbageAndTimeoutsAreErrorsInTheReportNotCrashes) {
  ScratchDir dir;
  fs::path module = dir.path() / "infra";
  fs::path bin = dir.path() / "bin";
  Write(module / "db-app.tf", kDatabase);
  StandIn(bin, "trivy", "/bin/echo 'panic: runtime error: index out of range'\n/bin/echo 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY rejected' >&2\nexit 0\n");
  StandIn(bin, "checkov", "exec /bin/sleep 30\n");

  auto r = RunFaber({"scan", module.string(), "--format", "json", "--scanner", "trivy,checkov", "--scanner-timeout",
                     "1s"},
                    {{"PATH", bin.string()}});
  EXPECT_EQ(r.exit_code, 1) << r.stderr_text;
  auto report = nlohmann::json::parse(r.stdout_text);
  const auto* trivy = FindScanner(report, "trivy");
  ASSERT_NE(trivy, nullptr);
  EXPECT_EQ((*trivy)["status"], "failed");
  EXPECT_NE((*trivy)["message"].get<std::string>().find("trivy printed invalid JSON"), std::string::npos) << *trivy;
  // Its stderr reaches the report, but never a credential in it.
  EXPECT_NE((*trivy)["message"].get<std::string>().find("[REDACTED]"), std::string::npos) << *trivy;
  EXPECT_EQ(r.stdout_text.find("wJalrXUtnFEMI"), std::string::npos);
  const auto* checkov = FindScanner(report, "checkov");
  ASSERT_NE(checkov, nullptr);
  EXPECT_EQ((*checkov)["status"], "failed");
  EXPECT_NE((*checkov)["message"].get<std::string>().find("checkov timed out"), std::string::npos) << *checkov;
  // faber's own findings are all still there.
  bool faber_public = false;
  for (const auto& f : report["findings"]) {
    faber_public |= f["rule_id"] == "FABER_AWS_RDS_PUBLIC" && f["sources"] == nlohmann::json::array({"faber"});
  }
  EXPECT_TRUE(faber_public);

  auto sarif = RunFaber({"scan", module.string(), "--format", "sarif", "--scanner", "trivy"}, {{"PATH", bin.string()}});
  auto notes = nlohmann::json::parse(sarif.stdout_text)["runs"][0]["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["level"], "error");
}

TEST(ExternalScannersTest, RequiredScannersAndBadFlags) {
  ScratchDir dir;
  fs::path module = dir.path() / "infra";
  Write(module / "main.tf", "variable \"region\" {\n  default = \"us-east-1\"\n}\n");
  fs::path empty_bin = dir.path() / "bin";
  fs::create_directories(empty_bin);
  auto lenient = RunFaber({"scan", module.string(), "--scanner", "tfsec"}, {{"PATH", empty_bin.string()}});
  EXPECT_EQ(lenient.exit_code, 0) << lenient.stdout_text << lenient.stderr_text;
  auto required = RunFaber({"scan", module.string(), "--scanner", "tfsec", "--require-scanners"},
                           {{"PATH", empty_bin.string()}});
  EXPECT_EQ(required.exit_code, 1) << required.stdout_text;
  auto unknown = RunFaber({"scan", module.string(), "--scanner", "kics"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.stderr_text.find("unknown scanner 'kics'"), std::string::npos) << unknown.stderr_text;
}

}  // namespace
}  // namespace faber::testing
