#include "reconciler/stages/test_report.h"

namespace faber::reconciler {

const char* TestStatusName(TestStatus status) {
  switch (status) {
    case TestStatus::kPass: return "PASS";
    case TestStatus::kFail: return "FAIL";
    case TestStatus::kWarn: return "WARN";
    case TestStatus::kSkip: return "SKIP";
  }
  return "FAIL";
}

const char* ReportVerdictName(ReportVerdict verdict) {
  switch (verdict) {
    case ReportVerdict::kPass: return "PASS";
    case ReportVerdict::kWarn: return "WARN";
    case ReportVerdict::kFail: return "FAIL";
    case ReportVerdict::kSkipped: return "SKIPPED";
  }
  return "FAIL";
}

ReportVerdict TestReport::Overall() const {
  if (!skipped_reason.empty()) return ReportVerdict::kSkipped;
  bool warned = false;
  for (const auto& t : tests) {
    if (t.status == TestStatus::kFail) return ReportVerdict::kFail;
    warned = warned || t.status == TestStatus::kWarn;
  }
  return warned ? ReportVerdict::kWarn : ReportVerdict::kPass;
}

nlohmann::ordered_json TestReport::ToJson() const {
  nlohmann::ordered_json j;
  j["phase"] = manifests::StageName(phase);
  j["environment"] = environment;
  j["commit"] = commit;
  j["timestamp"] = timestamp;
  j["faber_version"] = FABER_VERSION;
  j["overall_status"] = OverallStatus();
  if (!skipped_reason.empty()) j["skipped_reason"] = skipped_reason;
  int counts[4] = {0, 0, 0, 0};
  nlohmann::ordered_json tests_json = nlohmann::ordered_json::array();
  for (const auto& t : tests) {
    counts[static_cast<int>(t.status)]++;
    nlohmann::ordered_json tj;
    tj["name"] = t.name;
    tj["kind"] = t.kind;
    tj["status"] = TestStatusName(t.status);
    tj["message"] = t.message;
    tj["duration_ms"] = t.duration_ms;
    // A health check's probes are its findings in the report.
    nlohmann::json findings = FindingsJson(t.findings);
    for (const auto& a : t.attempts) findings.push_back(a);
    tj["findings"] = std::move(findings);
    if (!t.output.empty()) tj["output"] = t.output;
    for (const auto& [key, value] : t.details.items()) {
      if (!tj.contains(key)) tj[key] = value;
    }
    tests_json.push_back(tj);
  }
  j["tests"] = tests_json;
  j["summary"] = {{"total", tests.size()}, {"passed", counts[0]}, {"failed", counts[1]}, {"warnings", counts[2]},
                  {"skipped", counts[3]}};
  j["recommendations"] = recommendations;
  return j;
}

nlohmann::json FindingsJson(const std::vector<checks::Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : findings) {
    // faber or the tool that reported the finding, then the scanners that confirmed it.
    nlohmann::json sources = nlohmann::json::array({f.source});
    for (const auto& other : f.confirmed_by) sources.push_back(other);
    out.push_back({{"rule_id", f.rule_id},
                   {"severity", checks::SeverityName(f.severity)},
                   {"status", checks::FindingStatusName(f.status)},
                   {"resource", f.address},
                   {"file", f.file},
                   {"line", f.line},
                   {"title", f.title},
                   {"message", f.message},
                   {"recommendation", f.recommendation},
                   {"equivalents", f.equivalents},
                   {"source", f.source},
                   {"sources", sources}});
  }
  return out;
}

void RedactCase(TestCaseResult& t, const common::Redactor& redactor) {
  for (auto& f : t.findings) {
    for (std::string* text : {&f.address, &f.message, &f.recommendation, &f.title}) *text = redactor.Redact(*text);
  }
  t.attempts = nlohmann::json::parse(redactor.Redact(t.attempts.dump()), nullptr, false);
  t.message = redactor.Redact(t.message);
}

TestCaseResult FailedStaticTest(const std::string& name, const std::string& message) {
  TestCaseResult t;
  t.name = name;
  t.kind = "static";
  t.status = TestStatus::kFail;
  t.message = message;
  return t;
}

bool HasTerraformFiles(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file(ec) && (name.ends_with(".tf") || name.ends_with(".tf.json"))) return true;
  }
  return false;
}

}  // namespace faber::reconciler
