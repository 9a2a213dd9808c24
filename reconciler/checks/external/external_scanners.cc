#include "reconciler/checks/external/external_scanners.h"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "common/redactor.h"
#include "reconciler/checks/external/scanner_ids.h"

namespace faber::reconciler::checks {

const char* ScannerRunStatusName(ScannerRun::Status s) {
  switch (s) {
    case ScannerRun::Status::kOk: return "ok";
    case ScannerRun::Status::kNotInstalled: return "not_installed";
    case ScannerRun::Status::kFailed: return "failed";
    case ScannerRun::Status::kWithheld: return "withheld";
  }
  return "failed";
}

namespace external {
namespace {

// Scanner JSON with every passed check of a large module runs to tens of megabytes.
constexpr size_t kMaxScannerOutput = size_t{256} << 20;

bool OnPath(const std::string& program, const common::Environment& env) {
  if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0;
  auto it = env.find("PATH");
  if (it == env.end()) return false;
  std::stringstream dirs(it->second);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  std::string line = text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
  // A scanner may echo a credential it failed with; the line goes into reports and comments.
  static const common::Redactor kRedactor;
  line = kRedactor.Redact(line);
  return line.size() > 200 ? line.substr(0, 200) + "..." : line;
}

common::Result<ParsedOutput> Parse(const std::string& tool, const std::string& text, const std::string& module_dir) {
  if (tool == "checkov") return ParseCheckovOutput(text, module_dir);
  if (tool == "tfsec") return ParseTfsecOutput(text, module_dir);
  return ParseTrivyOutput(text, module_dir);
}

std::string Plural(size_t n, const std::string& word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// The address without instance keys: Checkov names `aws_s3_bucket.b` where faber has b[0], b[1].
std::string PlainAddress(const std::string& address) {
  std::string out;
  int depth = 0;
  for (char c : address) {
    if (c == '[') ++depth;
    else if (c == ']') depth = std::max(0, depth - 1);
    else if (depth == 0) out += c;
  }
  return out;
}

// The ids a finding already in the report answers to: its rule id and equivalents, each with the
// ids of the broader checks that cover it.
std::set<std::string> KnownIds(const Finding& f) {
  std::set<std::string> ids;
  for (const auto& id : BroaderIds(f.rule_id)) ids.insert(id);
  for (const auto& eq : f.equivalents) {
    for (const auto& id : BroaderIds(eq)) ids.insert(id);
  }
  return ids;
}

// The ids an external tool printed for its finding (canonical spelling).
std::set<std::string> OwnIds(const Finding& f) {
  std::set<std::string> ids = {CanonicalId(f.rule_id)};
  for (const auto& eq : f.equivalents) ids.insert(CanonicalId(eq));
  return ids;
}

bool Intersects(const std::set<std::string>& a, const std::set<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& id) { return b.count(id) > 0; });
}

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

const std::vector<std::string>& KnownScanners() {
  static const std::vector<std::string> names = {"checkov", "tfsec", "trivy"};
  return names;
}

std::vector<std::string> ScannerCommand(const ScannerConfig& scanner, const std::string& module_dir) {
  std::vector<std::string> argv;
  if (scanner.name == "checkov") {
    argv = {"checkov", "-d", module_dir, "-o", "json", "--framework", "terraform", "--skip-download", "--compact"};
    argv.insert(argv.end(), scanner.args.begin(), scanner.args.end());
  } else if (scanner.name == "tfsec") {
    argv = {"tfsec", module_dir, "--format", "json", "--no-colour"};
    argv.insert(argv.end(), scanner.args.begin(), scanner.args.end());
  } else {
    argv = {"trivy", "config", "--format", "json", "--quiet"};
    argv.insert(argv.end(), scanner.args.begin(), scanner.args.end());
    argv.push_back(module_dir);
  }
  return argv;
}

ExternalScan RunScanner(const ScannerConfig& scanner, const std::string& module_dir, const common::Environment& env,
                        common::ProcessRunner& runner, const common::CancelToken* cancel) {
  ExternalScan out;
  out.run.tool = scanner.name;
  out.run.required = scanner.required;
  if (std::find(KnownScanners().begin(), KnownScanners().end(), scanner.name) == KnownScanners().end()) {
    out.run.status = ScannerRun::Status::kFailed;
    out.run.message = "unknown scanner '" + scanner.name + "' (faber runs checkov, tfsec and trivy)";
    return out;
  }
  if (!OnPath(scanner.name, env)) {
    out.run.status = ScannerRun::Status::kNotInstalled;
    out.run.message = scanner.name + " is enabled but not installed (not found on PATH); its checks did not run";
    return out;
  }
  common::ProcessSpec spec;
  spec.argv = ScannerCommand(scanner, module_dir);
  spec.working_dir = module_dir;
  spec.env = env;
  spec.timeout = scanner.timeout;
  spec.cancel = cancel;
  spec.max_output_bytes = kMaxScannerOutput;
  auto ran = runner.Run(spec);
  if (!ran.ok()) {
    out.run.status = ScannerRun::Status::kFailed;
    out.run.message = scanner.name + " could not be started: " + ran.status().message();
    return out;
  }
  const common::ProcessResult& r = *ran;
  out.run.duration_ms = r.duration.count();
  // checkov and tfsec exit 1 when checks failed; trivy only with --exit-code. Both are results.
  bool exited_normally = !r.timed_out && !r.cancelled && r.term_signal == 0 && (r.exit_code == 0 || r.exit_code == 1);
  std::string failure;
  if (!exited_normally) {
    failure = scanner.name + " " + r.Describe();
    std::string detail = LastLine(r.stderr_text);
    if (!detail.empty()) failure += ": " + detail;
  }
  auto parsed = Parse(scanner.name, r.stdout_text, module_dir);
  if (!parsed.ok()) {
    out.run.status = ScannerRun::Status::kFailed;
    if (!failure.empty()) {
      out.run.message = failure + (r.stdout_text.empty() ? "" : "; its output was incomplete: " + parsed.status().message());
    } else {
      out.run.message = parsed.status().message();
      std::string detail = LastLine(r.stderr_text);
      if (!detail.empty()) out.run.message += " (stderr: " + detail + ")";
    }
    return out;
  }
  out.findings = std::move(parsed->findings);
  out.run.findings = static_cast<int>(out.findings.size());
  std::string summary = Plural(out.findings.size(), "finding") + " read";
  for (const auto& problem : parsed->problems) summary += "; " + problem;
  if (!failure.empty()) {
    out.run.status = ScannerRun::Status::kFailed;
    out.run.message = failure + "; " + summary + " from its output";
  } else {
    out.run.message = summary;
  }
  return out;
}

void MergeExternalFindings(ScanResult& result, std::vector<ExternalScan> scans, const std::vector<Rule>& rules,
                           const std::vector<std::string>& skip) {
  // Which faber rules answer to each id, for equivalents and missing severities.
  std::map<std::string, std::vector<const Rule*>> rules_by_id;
  for (const auto& rule : rules) {
    std::set<std::string> ids;
    for (const auto& eq : rule.equivalents) {
      for (const auto& id : BroaderIds(eq)) ids.insert(id);
    }
    for (const auto& id : ids) rules_by_id[id].push_back(&rule);
  }
  std::set<std::string> skipped(skip.begin(), skip.end());
  for (const auto& s : skip) {
    for (const auto& id : BroaderIds(s)) skipped.insert(id);
  }
  // Findings already reported, by plain address, with the ids each answers to.
  std::map<std::string, std::vector<std::pair<size_t, std::set<std::string>>>> by_address;
  for (size_t i = 0; i < result.findings.size(); ++i) {
    by_address[PlainAddress(result.findings[i].address)].emplace_back(i, KnownIds(result.findings[i]));
  }
  for (auto& scan : scans) {
    for (auto& e : scan.findings) {
      Finding& f = e.finding;
      std::set<std::string> own = OwnIds(f);
      std::vector<const Rule*> matching;
      for (const auto& id : own) {
        auto it = rules_by_id.find(id);
        if (it == rules_by_id.end()) continue;
        for (const Rule* rule : it->second) {
          if (std::find(matching.begin(), matching.end(), rule) == matching.end()) matching.push_back(rule);
        }
      }
      bool skip_rule = std::any_of(matching.begin(), matching.end(), [&](const Rule* r) { return skipped.count(r->id); });
      if (skip_rule || Intersects(own, skipped)) continue;
      bool merged = false;
      if (!f.address.empty()) {
        for (auto& [index, known_ids] : by_address[PlainAddress(f.address)]) {
          Finding& known = result.findings[index];
          if (known.status != f.status || known.source == f.source || !Intersects(own, known_ids)) continue;
          AddUnique(known.confirmed_by, f.source);
          if (known.rule_id != f.rule_id) AddUnique(known.equivalents, f.rule_id);
          merged = true;
        }
      }
      if (merged) {
        ++scan.run.merged;
        continue;
      }
      for (const auto& id : own) {
        for (const auto& eq : EquivalentIds(id)) {
          if (eq != f.rule_id) AddUnique(f.equivalents, eq);
        }
      }
      for (const Rule* rule : matching) AddUnique(f.equivalents, rule->id);
      if (!e.severity_known && !matching.empty()) {
        f.severity = (*std::max_element(matching.begin(), matching.end(), [](const Rule* a, const Rule* b) {
                       return a->severity < b->severity;
                     }))->severity;
      }
      if (f.resource_type.empty() && !matching.empty() && !matching[0]->resource_types.empty()) {
        f.resource_type = matching[0]->resource_types[0];
      }
      std::set<std::string> known_ids = KnownIds(f);
      result.findings.push_back(std::move(f));
      by_address[PlainAddress(result.findings.back().address)].emplace_back(result.findings.size() - 1,
                                                                            std::move(known_ids));
    }
    result.scanners.push_back(std::move(scan.run));
  }
  result.passed = result.failed = result.skipped = result.unknown = 0;
  for (const auto& f : result.findings) {
    switch (f.status) {
      case FindingStatus::kPassed: ++result.passed; break;
      case FindingStatus::kFailed: ++result.failed; break;
      case FindingStatus::kSkipped: ++result.skipped; break;
      case FindingStatus::kUnknown: ++result.unknown; break;
    }
  }
}

}  // namespace external
}  // namespace faber::reconciler::checks
