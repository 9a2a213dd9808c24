#include "reconciler/checks/scanner.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <unordered_map>

#include "reconciler/checks/compliance.h"
#include "reconciler/checks/condition.h"
#include "reconciler/checks/suppressions.h"

namespace faber::reconciler::checks {
namespace {

// Source files read once per scan, for the skips written in them.
class SourceCache {
 public:
  const std::string& Text(const std::string& file) {
    auto it = texts_.find(file);
    if (it != texts_.end()) return it->second;
    std::string text;
    std::error_code ec;
    // A model built from a plan or state names no readable source: it has no skips written in it.
    if (std::filesystem::is_regular_file(file, ec)) {
      std::ifstream in(file, std::ios::binary);
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return texts_.emplace(file, std::move(text)).first->second;
  }

 private:
  std::unordered_map<std::string, std::string> texts_;
};

bool Names(const std::string& id, const Rule& rule) {
  return id == rule.id || std::find(rule.equivalents.begin(), rule.equivalents.end(), id) != rule.equivalents.end();
}

Finding Start(const Rule& rule, const Resource& r) {
  Finding f;
  f.rule_id = rule.id;
  f.title = rule.title;
  f.severity = rule.severity;
  f.category = rule.category;
  f.address = r.address;
  f.resource_type = r.type;
  f.file = r.source.file;
  f.line = r.source.line;
  f.recommendation = rule.recommendation;
  f.equivalents = rule.equivalents;
  return f;
}

}  // namespace

const char* FindingStatusName(FindingStatus s) {
  switch (s) {
    case FindingStatus::kPassed: return "PASSED";
    case FindingStatus::kFailed: return "FAILED";
    case FindingStatus::kSkipped: return "SKIPPED";
    case FindingStatus::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

ScanResult Scan(const ResourceModel& model, const std::vector<Rule>& rules, const ScanOptions& options) {
  ScanResult out;
  ResourceIndex index(model);
  std::unordered_map<std::string, std::vector<const Rule*>> by_type;
  for (const auto& rule : rules) {
    bool skipped = std::any_of(options.skip.begin(), options.skip.end(), [&](const auto& id) { return Names(id, rule); });
    if (skipped) continue;
    for (const auto& type : rule.resource_types) by_type[type].push_back(&rule);
  }
  SourceCache sources;
  for (const auto& r : model.resources) {
    if (r.mode != ResourceMode::kManaged) continue;
    auto it = by_type.find(r.type);
    std::vector<Suppression> skips;
    if (!r.source.file.empty()) skips = FindSuppressions(sources.Text(r.source.file), r.source.line);
    for (const auto& s : skips) {
      if (!s.reason.empty()) continue;
      Finding f;
      f.rule_id = "FABER_SKIP_WITHOUT_REASON";
      f.title = "Every skip gives its reason";
      f.severity = Severity::kLow;
      f.category = "compliance";
      f.status = FindingStatus::kFailed;
      f.address = r.address;
      f.resource_type = r.type;
      f.file = r.source.file;
      f.line = s.line;
      f.message = s.syntax + " skip of " + s.rule + " gives no reason";
      f.recommendation = "Say why the rule does not apply, after the rule id";
      out.findings.push_back(std::move(f));
    }
    if (it != by_type.end()) {
      for (const Rule* rule : it->second) {
        Finding f = Start(*rule, r);
        auto skip = std::find_if(skips.begin(), skips.end(), [&](const auto& s) { return Names(s.rule, *rule); });
        if (skip != skips.end()) {
          f.status = FindingStatus::kSkipped;
          f.message = "skipped (" + skip->syntax + " at line " + std::to_string(skip->line) + ")" +
                      (skip->reason.empty() ? "" : ": " + skip->reason);
        } else {
          EvalScope scope{r, r.attributes, index};
          Verdict v = rule->pass->Evaluate(scope);
          f.status = v == Verdict::kPass ? FindingStatus::kPassed
                   : v == Verdict::kFail ? FindingStatus::kFailed : FindingStatus::kUnknown;
          if (v == Verdict::kUnknown) f.message = "depends on values known only after apply";
        }
        out.findings.push_back(std::move(f));
      }
    }
  }
  for (auto& f : ComplianceFindings(model, options)) out.findings.push_back(std::move(f));
  for (const auto& f : out.findings) {
    switch (f.status) {
      case FindingStatus::kPassed: ++out.passed; break;
      case FindingStatus::kFailed: ++out.failed; break;
      case FindingStatus::kSkipped: ++out.skipped; break;
      case FindingStatus::kUnknown: ++out.unknown; break;
    }
  }
  return out;
}

}  // namespace faber::reconciler::checks
