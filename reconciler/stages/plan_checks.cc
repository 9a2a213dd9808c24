#include "reconciler/plan_checks.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "reconciler/cost_check.h"
#include "reconciler/hcl/module_evaluator.h"
#include "reconciler/plan/plan_model.h"
#include "reconciler/static_checks.h"

namespace faber::reconciler {
namespace {

constexpr const char* kSuffix = " (plan)";

// Gives each planned resource the file and line of its block in the code, so findings point at
// the code and the skips written there (checkov:skip, faber:skip) apply to the plan as well.
void AttachSources(ResourceModel& model, const manifests::EnvironmentConfig& env, const std::filesystem::path& module_dir) {
  hcl::EvalOptions eval;
  for (const auto& f : env.var_files) eval.var_files.push_back((module_dir / f).string());
  auto code = hcl::BuildResourceModel(module_dir.string(), eval);
  if (!code.ok()) return;  // the code-only tests already reported why
  std::map<std::string, SourceLocation> blocks;
  for (const auto& r : code->resources) blocks.emplace(plan::StripIndexes(r.address), r.source);
  for (auto& r : model.resources) {
    if (auto it = blocks.find(plan::StripIndexes(r.address)); it != blocks.end()) r.source = it->second;
  }
}

}  // namespace

std::vector<TestCaseResult> RunPlanChecks(const manifests::EnvironmentConfig& env, const nlohmann::json& plan,
                                          const std::filesystem::path& checkout_dir,
                                          const std::vector<std::string>& policy_dirs) {
  auto started = std::chrono::steady_clock::now();
  ResourceModel model = plan::BuildModelFromPlan(plan::PlanDocumentOf(plan), "<plan>");
  AttachSources(model, env, checkout_dir / env.directory);

  std::vector<TestCaseResult> out;
  if (!env.tests.Skips("security") || !env.tests.Skips("compliance")) {
    auto rules = LoadRules(checkout_dir, policy_dirs);
    if (!rules.ok()) return {FailedStaticTest(std::string("security") + kSuffix, rules.status().message())};
    for (auto& t : SummarizeScan(ScanModel(env, model, *rules), env.tests, checkout_dir, kSuffix)) {
      if (!env.tests.Skips(t.name.substr(0, t.name.size() - std::string(kSuffix).size()))) out.push_back(std::move(t));
    }
  }
  if (!env.tests.Skips("cost")) {
    auto usage = LoadUsageFile(checkout_dir / env.directory);
    out.push_back(usage.ok() ? CostTestOf(env, model, *usage, std::string("cost") + kSuffix)
                             : FailedStaticTest(std::string("cost") + kSuffix, usage.status().message()));
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  for (auto& t : out) t.duration_ms = elapsed.count();
  return out;
}

}  // namespace faber::reconciler
