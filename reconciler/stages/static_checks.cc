#include "reconciler/stages/static_checks.h"

#include <algorithm>
#include <chrono>

#include "common/files.h"
#include "reconciler/checks/external/external_scanners.h"
#include "reconciler/checks/policy_loader.h"
#include "reconciler/checks/scanner.h"
#include "reconciler/hcl/module_evaluator.h"

namespace faber::reconciler {
namespace {

namespace fs = std::filesystem;


bool Listed(const std::vector<std::string>& severities, checks::Severity s) {
  return std::any_of(severities.begin(), severities.end(), [&](const std::string& name) {
    checks::Severity parsed;
    return checks::ParseSeverity(name, &parsed) && parsed == s;
  });
}

// `f` with its file relative to the checkout, as reports name files.
checks::Finding RelativeTo(const checks::Finding& f, const fs::path& checkout_dir) {
  checks::Finding out = f;
  if (auto rel = common::RelativeUnder(f.file, checkout_dir)) out.file = rel->string();
  return out;
}

// One report test case from the findings of the given categories.
TestCaseResult Summarize(const std::string& name, const std::vector<const checks::Finding*>& findings,
                         const manifests::TestsConfig& tests, const fs::path& checkout_dir) {
  TestCaseResult t;
  t.name = name;
  t.kind = "static";
  int failed = 0, blocking = 0, warning = 0, passed = 0, skipped = 0, unknown = 0;
  for (const checks::Finding* f : findings) {
    switch (f->status) {
      case checks::FindingStatus::kPassed: ++passed; continue;
      case checks::FindingStatus::kUnknown: ++unknown; continue;
      case checks::FindingStatus::kSkipped: ++skipped; break;
      case checks::FindingStatus::kFailed:
        ++failed;
        if (Listed(tests.block_on, f->severity)) ++blocking;
        else if (Listed(tests.warn_on, f->severity)) ++warning;
        break;
    }
    t.findings.push_back(RelativeTo(*f, checkout_dir));
  }
  t.status = blocking > 0 ? TestStatus::kFail : warning > 0 ? TestStatus::kWarn : TestStatus::kPass;
  t.message = std::to_string(passed) + " passed, " + std::to_string(failed) + " failed (" + std::to_string(blocking) +
              " blocking), " + std::to_string(skipped) + " skipped, " + std::to_string(unknown) +
              " unknown before apply";
  return t;
}

// One test case per enabled external scanner: whether it ran, and why not.
TestCaseResult ScannerCase(const checks::ScannerRun& run) {
  TestCaseResult t;
  t.name = "scanner:" + run.tool;
  t.kind = "static";
  t.duration_ms = run.duration_ms;
  if (run.status == checks::ScannerRun::Status::kWithheld) {
    t.status = TestStatus::kSkip;
    t.message = run.message;
  } else if (run.status == checks::ScannerRun::Status::kOk) {
    t.status = TestStatus::kPass;
    t.message = run.message + (run.merged > 0 ? ", " + std::to_string(run.merged) + " confirming faber's" : "");
  } else {
    t.status = run.required ? TestStatus::kFail : TestStatus::kWarn;
    t.message = run.message;
  }
  return t;
}

std::vector<checks::external::ExternalScan> RunScanners(const manifests::EnvironmentConfig& env,
                                                        const fs::path& module_dir, const ScannerHost& host) {
  std::vector<checks::external::ExternalScan> scans;
  for (const auto& s : env.tests.scanners) {
    checks::external::ScannerConfig config{s.name, s.args, s.timeout, s.required};
    if (!host.withheld.empty()) {
      checks::external::ExternalScan scan;
      scan.run.tool = s.name;
      scan.run.status = checks::ScannerRun::Status::kWithheld;
      scan.run.message = host.withheld;
      scans.push_back(std::move(scan));
      continue;
    }
    if (host.runner == nullptr) {
      checks::external::ExternalScan scan;
      scan.run.tool = s.name;
      scan.run.required = s.required;
      scan.run.status = checks::ScannerRun::Status::kFailed;
      scan.run.message = "external scanners cannot run here (no process runner)";
      scans.push_back(std::move(scan));
      continue;
    }
    scans.push_back(checks::external::RunScanner(config, module_dir.string(), host.env, *host.runner, host.cancel));
  }
  return scans;
}


}  // namespace

common::Result<std::vector<checks::Rule>> LoadRules(const fs::path& checkout_dir, const std::vector<std::string>& policy_dirs) {
  std::vector<checks::Rule> rules = checks::BuiltinRules();
  for (const auto& dir : policy_dirs) {
    auto extra = checks::LoadPolicyDirectory((checkout_dir / dir).string());
    if (!extra.ok()) return common::InvalidInput("policies: " + extra.status().message());
    rules.insert(rules.end(), extra->begin(), extra->end());
  }
  return rules;
}

checks::ScanResult ScanModel(const manifests::EnvironmentConfig& env, const ResourceModel& model,
                             const std::vector<checks::Rule>& rules) {
  checks::ScanOptions options;
  options.skip = env.tests.skip;
  options.required_tags = env.tagging_required;
  options.naming_pattern = env.naming_pattern;
  options.production = env.production;
  return checks::Scan(model, rules, options);
}

std::vector<TestCaseResult> SummarizeScan(const checks::ScanResult& result, const manifests::TestsConfig& tests,
                                          const fs::path& checkout_dir, const std::string& suffix) {
  std::vector<const checks::Finding*> security, compliance;
  for (const auto& f : result.findings) (f.category == "security" ? security : compliance).push_back(&f);
  return {Summarize("security" + suffix, security, tests, checkout_dir),
          Summarize("compliance" + suffix, compliance, tests, checkout_dir)};
}

std::vector<TestCaseResult> RunStaticChecks(const manifests::EnvironmentConfig& env, const fs::path& checkout_dir,
                                            const fs::path& module_dir, const std::vector<std::string>& policy_dirs,
                                            const ScannerHost& scanners) {
  if (!HasTerraformFiles(module_dir)) return {};
  auto rules = LoadRules(checkout_dir, policy_dirs);
  if (!rules.ok()) return {FailedStaticTest("security", rules.status().message())};
  hcl::EvalOptions eval;
  for (const auto& f : env.var_files) eval.var_files.push_back((module_dir / f).string());
  return RunStaticChecks(env, hcl::BuildResourceModel(module_dir.string(), eval), rules, checkout_dir, module_dir,
                         scanners);
}

std::vector<TestCaseResult> RunStaticChecks(const manifests::EnvironmentConfig& env,
                                            const common::Result<ResourceModel>& model,
                                            const common::Result<std::vector<checks::Rule>>& rules,
                                            const fs::path& checkout_dir, const fs::path& module_dir,
                                            const ScannerHost& scanners) {
  if (!HasTerraformFiles(module_dir)) return {};
  auto started = std::chrono::steady_clock::now();
  if (!rules.ok()) return {FailedStaticTest("security", rules.status().message())};
  if (!model.ok()) return {FailedStaticTest("security", model.status().message())};

  checks::ScanResult result = ScanModel(env, *model, *rules);
  if (!env.tests.scanners.empty()) {
    checks::external::MergeExternalFindings(result, RunScanners(env, module_dir, scanners), *rules, env.tests.skip);
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  std::vector<TestCaseResult> out = SummarizeScan(result, env.tests, checkout_dir, "");
  for (auto& t : out) t.duration_ms = elapsed.count();
  for (const auto& run : result.scanners) out.push_back(ScannerCase(run));
  return out;
}

}  // namespace faber::reconciler
