#include "controller/commands/scan_command.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <ostream>
#include <sstream>

#include "common/regex.h"
#include "controller/args.h"
#include "manifests/faber_config.h"
#include "reconciler/checks/external/external_scanners.h"
#include "reconciler/checks/policy_loader.h"
#include "reconciler/checks/report_formats.h"
#include "reconciler/checks/scanner.h"
#include "reconciler/hcl/module_evaluator.h"

namespace faber::controller {
namespace {

namespace checks = reconciler::checks;

std::vector<std::string> SplitCommas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    std::stringstream ss(v);
    for (std::string item; std::getline(ss, item, ',');) {
      if (!item.empty()) out.push_back(item);
    }
  }
  return out;
}

void PrintText(const checks::ScanResult& result, std::ostream& out) {
  for (const auto& f : result.findings) {
    if (f.status != checks::FindingStatus::kFailed && f.status != checks::FindingStatus::kSkipped) continue;
    out << checks::FindingStatusName(f.status) << "  " << checks::SeverityName(f.severity) << "  " << f.rule_id << "  "
        << f.address << "  (" << f.file << ":" << f.line << ")\n    " << f.title << "\n";
    if (!f.message.empty()) out << "    " << f.message << "\n";
    if (f.status == checks::FindingStatus::kFailed && !f.recommendation.empty()) out << "    fix: " << f.recommendation << "\n";
  }
  for (const auto& run : result.scanners) {
    out << "scanner " << run.tool << ": " << checks::ScannerRunStatusName(run.status) << ": " << run.message;
    if (run.merged > 0) out << " (" << run.merged << " confirmed a finding already reported)";
    out << "\n";
  }
  out << "passed " << result.passed << ", failed " << result.failed << ", skipped " << result.skipped << ", unknown "
      << result.unknown << "\n";
}

// The environment an external scanner runs with: enough of faber's own to find the program and
// its caches, nothing else.
common::Environment ScannerEnvironment() {
  return common::InheritVariables({"PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "XDG_CACHE_HOME"});
}

}  // namespace

int RunScanCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args,
                          {"--format", "--policies", "--skip", "--required-tag", "--naming", "--block-on", "--var-file",
                           "--var", "--scanner", "--scanner-timeout"},
                          {"--production", "--no-builtin", "--require-scanners"});
  if (!args.ok() || args->positionals().size() != 1) {
    ctx.err << "faber scan: " << (args.ok() ? "usage: faber scan DIR [--format text|json|sarif|junit]" : args.status().message())
            << "\n";
    return kExitUsage;
  }
  std::string format = args->GetOr("--format", "text");
  if (format != "text" && format != "json" && format != "sarif" && format != "junit") {
    ctx.err << "faber scan: --format must be text, json, sarif or junit\n";
    return kExitUsage;
  }
  std::vector<checks::Rule> rules;
  if (!args->Has("--no-builtin")) rules = checks::BuiltinRules();
  for (const auto& dir : args->GetAll("--policies")) {
    auto extra = checks::LoadPolicyDirectory(dir);
    if (!extra.ok()) {
      ctx.err << "faber scan: " << extra.status().message() << "\n";
      return kExitUsage;
    }
    rules.insert(rules.end(), extra->begin(), extra->end());
  }
  reconciler::hcl::EvalOptions eval;
  eval.var_files = args->GetAll("--var-file");
  for (const auto& kv : args->GetAll("--var")) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos) {
      ctx.err << "faber scan: --var expects NAME=VALUE, got '" << kv << "'\n";
      return kExitUsage;
    }
    eval.vars.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
  }
  const std::string dir = args->positionals()[0];
  auto model = reconciler::hcl::BuildResourceModel(dir, eval);
  if (!model.ok()) {
    ctx.err << "faber scan: " << model.status().message() << "\n";
    return kExitUsage;
  }
  checks::ScanOptions options;
  options.skip = args->GetAll("--skip");
  options.required_tags = SplitCommas(args->GetAll("--required-tag"));
  options.naming_pattern = args->GetOr("--naming", "");
  options.production = args->Has("--production");
  if (auto why = common::RegexError(options.naming_pattern)) {
    ctx.err << "faber scan: --naming is not a valid regular expression (RE2 syntax): " << *why << "\n";
    return kExitUsage;
  }
  auto block_names = SplitCommas(args->GetAll("--block-on"));
  if (block_names.empty()) block_names = {"CRITICAL", "HIGH"};
  std::vector<checks::Severity> blocking;
  for (const auto& name : block_names) {
    checks::Severity s;
    if (!checks::ParseSeverity(name, &s)) {
      ctx.err << "faber scan: --block-on: unknown severity '" << name << "'\n";
      return kExitUsage;
    }
    blocking.push_back(s);
  }
  std::vector<checks::external::ScannerConfig> scanners;
  std::chrono::milliseconds scanner_timeout{std::chrono::minutes(10)};
  auto timeout_text = args->Get("--scanner-timeout");
  if (timeout_text && (!manifests::ParseDuration(*timeout_text, &scanner_timeout) || scanner_timeout.count() <= 0)) {
    ctx.err << "faber scan: --scanner-timeout expects a duration such as 90s or 5m\n";
    return kExitUsage;
  }
  const auto& known = checks::external::KnownScanners();
  for (const auto& name : SplitCommas(args->GetAll("--scanner"))) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      ctx.err << "faber scan: --scanner: unknown scanner '" << name << "' (checkov, tfsec or trivy)\n";
      return kExitUsage;
    }
    scanners.push_back({name, {}, scanner_timeout, args->Has("--require-scanners")});
  }
  checks::ScanResult result = checks::Scan(*model, rules, options);
  if (!scanners.empty()) {
    common::PosixProcessRunner runner;
    common::Environment env = ScannerEnvironment();
    std::vector<checks::external::ExternalScan> scans;
    for (const auto& scanner : scanners) {
      scans.push_back(checks::external::RunScanner(scanner, std::filesystem::absolute(dir).string(), env, runner));
      const auto& run = scans.back().run;
      if (run.status != checks::ScannerRun::Status::kOk) ctx.err << "faber scan: " << run.tool << ": " << run.message << "\n";
    }
    checks::external::MergeExternalFindings(result, std::move(scans), rules, options.skip);
  }
  if (format == "json") {
    ctx.out << checks::ScanToJson(result).dump(2) << "\n";
  } else if (format == "sarif") {
    ctx.out << checks::ScanToSarif(result, dir).dump(2) << "\n";
  } else if (format == "junit") {
    ctx.out << checks::ScanToJunit(result);
  } else {
    PrintText(result, ctx.out);
  }
  bool blocked = std::any_of(result.findings.begin(), result.findings.end(), [&](const checks::Finding& f) {
    return f.status == checks::FindingStatus::kFailed &&
           std::find(blocking.begin(), blocking.end(), f.severity) != blocking.end();
  });
  bool scanner_missing = std::any_of(result.scanners.begin(), result.scanners.end(), [](const checks::ScannerRun& r) {
    return r.required && r.status != checks::ScannerRun::Status::kOk;
  });
  return blocked || scanner_missing ? kExitCheckFailed : kExitOk;
}

}  // namespace faber::controller
