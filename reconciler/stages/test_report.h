#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/redactor.h"
#include "manifests/run_vocabulary.h"
#include "reconciler/checks/finding.h"

namespace faber::reconciler {

enum class TestStatus { kPass, kFail, kWarn, kSkip };

// Returns "PASS", "FAIL", "WARN" or "SKIP".
const char* TestStatusName(TestStatus status);

// One test of a phase: a test command, a health check, later a security or cost test.
struct TestCaseResult {
  std::string name;
  std::string kind;       // "command", "http", ...
  TestStatus status = TestStatus::kPass;
  std::string message;    // one line for people
  std::vector<checks::Finding> findings;  // rule verdicts; file paths relative to the checkout
  nlohmann::json attempts = nlohmann::json::array();  // a health check's probes: attempt, ok, detail
  int64_t duration_ms = 0;
  std::string output;     // redacted before it gets here
  // Fields particular to one kind of test, merged into its report entry (the cost test's
  // estimated_monthly_cost, cost_threshold, resource_breakdown, ...).
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
};

// The report entries of `findings` (rule_id, severity, status, resource, file, line, title,
// message, recommendation, equivalents, source, sources), names spelled as reports spell them.
nlohmann::json FindingsJson(const std::vector<checks::Finding>& findings);

// Redacts what a finding repeats from the code or the infrastructure (resource, message,
// recommendation, title) and the probe details of `t`.
void RedactCase(TestCaseResult& t, const common::Redactor& redactor);

// A static (pre-deployment, code-only) test named `name` that failed with `message`.
TestCaseResult FailedStaticTest(const std::string& name, const std::string& message);

// True when `dir` holds Terraform code (*.tf or *.tf.json) at its top level.
bool HasTerraformFiles(const std::filesystem::path& dir);

// The verdict of a whole phase.
enum class ReportVerdict { kPass, kWarn, kFail, kSkipped };

// Returns "PASS", "WARN", "FAIL" or "SKIPPED", as reports spell overall_status.
const char* ReportVerdictName(ReportVerdict verdict);

// A phase's report (DESIGN.md's TestReport): written to reports/<env>/... on the records branch.
struct TestReport {
  manifests::Stage phase = manifests::Stage::kPreDeployment;  // pre- or post-deployment
  std::string environment;
  std::string commit;
  std::string timestamp;    // RFC 3339
  std::string skipped_reason;  // set when the whole phase was skipped (e.g. --skip-tests)
  std::vector<TestCaseResult> tests;
  std::vector<std::string> recommendations;

  // FAIL if any test failed, WARN if any warned, SKIPPED when the phase was skipped, else PASS.
  ReportVerdict Overall() const;
  // The name of Overall(), for records and messages.
  std::string OverallStatus() const { return ReportVerdictName(Overall()); }
  // True unless Overall() is kFail.
  bool Passed() const { return Overall() != ReportVerdict::kFail; }
  // The report document, with summary counts and faber_version.
  nlohmann::ordered_json ToJson() const;
};

}  // namespace faber::reconciler
