#include "reconciler/checks/report_formats.h"

#include <filesystem>
#include <map>
#include <sstream>

#include "common/files.h"

namespace faber::reconciler::checks {
namespace {

using nlohmann::json;

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 forbids most control characters even escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') continue;
        out += c;
    }
  }
  return out;
}

const char* SarifLevel(Severity s) {
  switch (s) {
    case Severity::kCritical: case Severity::kHigh: return "error";
    case Severity::kMedium: return "warning";
    case Severity::kLow: return "note";
  }
  return "warning";
}

// GitHub ranks SARIF results by this number (0.1-10), as CVSS-like bands.
const char* SecuritySeverity(Severity s) {
  switch (s) {
    case Severity::kCritical: return "9.5";
    case Severity::kHigh: return "8.0";
    case Severity::kMedium: return "5.5";
    case Severity::kLow: return "2.0";
  }
  return "5.5";
}

std::string RelativeUri(const std::string& file, const std::string& base_dir) {
  if (base_dir.empty()) return file;
  auto rel = common::RelativeUnder(file, base_dir);
  return rel ? rel->generic_string() : file;
}

json Sources(const Finding& f) {
  json sources = json::array({f.source});
  for (const auto& other : f.confirmed_by) sources.push_back(other);
  return sources;
}

json ScannerJson(const ScannerRun& run) {
  return {{"name", run.tool},
          {"status", ScannerRunStatusName(run.status)},
          {"required", run.required},
          {"message", run.message},
          {"findings", run.findings},
          {"merged", run.merged},
          {"duration_ms", run.duration_ms}};
}

}  // namespace

json ScanToJson(const ScanResult& result) {
  json by_severity = json::object();
  json findings = json::array();
  for (const auto& f : result.findings) {
    if (f.status == FindingStatus::kFailed) by_severity[SeverityName(f.severity)] = by_severity.value(SeverityName(f.severity), 0) + 1;
    findings.push_back({{"rule_id", f.rule_id},
                        {"title", f.title},
                        {"severity", SeverityName(f.severity)},
                        {"category", f.category},
                        {"status", FindingStatusName(f.status)},
                        {"resource", f.address},
                        {"resource_type", f.resource_type},
                        {"file", f.file},
                        {"line", f.line},
                        {"message", f.message},
                        {"recommendation", f.recommendation},
                        {"equivalents", f.equivalents},
                        {"source", f.source},
                        {"sources", Sources(f)}});
  }
  json scanners = json::array();
  for (const auto& run : result.scanners) scanners.push_back(ScannerJson(run));
  return {{"summary",
           {{"passed", result.passed}, {"failed", result.failed}, {"skipped", result.skipped},
            {"unknown", result.unknown}, {"failed_by_severity", by_severity}}},
          {"findings", findings},
          {"scanners", scanners}};
}

json ScanToSarif(const ScanResult& result, const std::string& base_dir) {
  json rules = json::array();
  std::map<std::string, size_t> rule_index;
  json results = json::array();
  for (const auto& f : result.findings) {
    if (!rule_index.count(f.rule_id)) {
      rule_index[f.rule_id] = rules.size();
      json rule = {{"id", f.rule_id},
                   {"name", f.rule_id},
                   {"shortDescription", {{"text", f.title}}},
                   {"fullDescription", {{"text", f.title}}},
                   {"defaultConfiguration", {{"level", SarifLevel(f.severity)}}},
                   {"properties",
                    {{"security-severity", SecuritySeverity(f.severity)},
                     {"tags", json::array({f.category})},
                     {"equivalents", f.equivalents}}}};
      if (!f.recommendation.empty()) rule["help"] = {{"text", f.recommendation}};
      rules.push_back(rule);
    }
    if (f.status != FindingStatus::kFailed && f.status != FindingStatus::kSkipped) continue;
    json location = {{"physicalLocation",
                      {{"artifactLocation", {{"uri", RelativeUri(f.file, base_dir)}}},
                       {"region", {{"startLine", std::max(1, f.line)}}}}},
                     {"logicalLocations", json::array({{{"fullyQualifiedName", f.address}, {"kind", "resource"}}})}};
    json r = {{"ruleId", f.rule_id},
              {"ruleIndex", rule_index[f.rule_id]},
              {"level", SarifLevel(f.severity)},
              {"message", {{"text", f.address + ": " + (f.message.empty() ? f.title : f.message)}}},
              {"locations", json::array({location})},
              {"properties", {{"sources", Sources(f)}}}};
    if (f.status == FindingStatus::kSkipped) {
      r["suppressions"] = json::array({{{"kind", "inSource"}, {"justification", f.message}}});
    }
    results.push_back(r);
  }
  json run = {{"tool", {{"driver", {{"name", "faber"}, {"version", FABER_VERSION}, {"rules", rules}}}}},
              {"results", results}};
  // External scanners that did not run are tool execution notifications of the invocation.
  json notifications = json::array();
  for (const auto& scanner : result.scanners) {
    if (scanner.status == ScannerRun::Status::kOk) continue;
    notifications.push_back({{"level", scanner.status == ScannerRun::Status::kFailed ? "error" : "warning"},
                             {"message", {{"text", scanner.message}}},
                             {"descriptor", {{"id", scanner.tool}}}});
  }
  if (!result.scanners.empty()) {
    run["invocations"] = json::array({{{"executionSuccessful", true}, {"toolExecutionNotifications", notifications}}});
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({run})}};
}

std::string ScanToJunit(const ScanResult& result) {
  std::map<std::string, std::vector<const Finding*>> by_rule;
  for (const auto& f : result.findings) by_rule[f.rule_id].push_back(&f);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"faber scan\" tests=\"" << result.findings.size() << "\" failures=\"" << result.failed
      << "\" skipped=\"" << result.skipped + result.unknown << "\">\n";
  for (const auto& [rule, findings] : by_rule) {
    int failures = 0, skipped = 0;
    for (const Finding* f : findings) {
      failures += f->status == FindingStatus::kFailed;
      skipped += f->status == FindingStatus::kSkipped || f->status == FindingStatus::kUnknown;
    }
    out << "  <testsuite name=\"" << XmlEscape(rule) << "\" tests=\"" << findings.size() << "\" failures=\"" << failures
        << "\" skipped=\"" << skipped << "\">\n";
    for (const Finding* f : findings) {
      out << "    <testcase classname=\"" << XmlEscape(rule) << "\" name=\"" << XmlEscape(f->address) << "\" file=\""
          << XmlEscape(f->file) << "\" line=\"" << f->line << "\"";
      if (f->status == FindingStatus::kPassed) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (f->status == FindingStatus::kFailed) {
        out << "      <failure type=\"" << SeverityName(f->severity) << "\" message=\"" << XmlEscape(f->message) << "\">"
            << XmlEscape(f->title + "\n" + f->recommendation) << "</failure>\n";
      } else {
        out << "      <skipped message=\"" << XmlEscape(f->message) << "\"/>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  if (!result.scanners.empty()) {
    int errors = 0, skipped = 0;
    for (const auto& run : result.scanners) {
      errors += run.status == ScannerRun::Status::kFailed;
      skipped += run.status == ScannerRun::Status::kNotInstalled || run.status == ScannerRun::Status::kWithheld;
    }
    out << "  <testsuite name=\"external scanners\" tests=\"" << result.scanners.size() << "\" errors=\"" << errors
        << "\" skipped=\"" << skipped << "\">\n";
    for (const auto& run : result.scanners) {
      out << "    <testcase classname=\"external scanners\" name=\"" << XmlEscape(run.tool) << "\"";
      if (run.status == ScannerRun::Status::kOk) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (run.status == ScannerRun::Status::kFailed) {
        out << "      <error message=\"" << XmlEscape(run.message) << "\"/>\n";
      } else {
        out << "      <skipped message=\"" << XmlEscape(run.message) << "\"/>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace faber::reconciler::checks
