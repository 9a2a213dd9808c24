#include "reconciler/stages/plan_checks.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "reconciler/stages/cost_check.h"
#include "reconciler/plan/plan_model.h"
#include "reconciler/stages/static_checks.h"

namespace faber::reconciler {
namespace {

constexpr const char* kSuffix = " (plan)";

// Gives each planned resource the file and line of its block in the code, so findings point at
// the code and the skips written there (checkov:skip, faber:skip) apply to the plan as well.
void AttachSources(ResourceModel& model, const common::Result<ResourceModel>& code) {
  if (!code.ok()) return;  // the code-only tests already reported why
  std::map<std::string, SourceLocation> blocks;
  for (const auto& r : code->resources) blocks.emplace(plan::StripIndexes(r.address), r.source);
  for (auto& r : model.resources) {
    if (auto it = blocks.find(plan::StripIndexes(r.address)); it != blocks.end()) r.source = it->second;
  }
}

}  // namespace

std::vector<TestCaseResult> RunPlanChecks(const manifests::EnvironmentConfig& env, const nlohmann::json& plan,
                                          const common::Result<ResourceModel>& code,
                                          const common::Result<std::vector<checks::Rule>>& rules,
                                          const std::filesystem::path& checkout_dir) {
  auto started = std::chrono::steady_clock::now();
  ResourceModel model = plan::BuildModelFromPlan(plan::PlanDocumentOf(plan), "<plan>");
  AttachSources(model, code);

  std::vector<TestCaseResult> out;
  if (!env.tests.Skips("security") || !env.tests.Skips("compliance")) {
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
