#include "reconciler/stages/cost_check.h"

#include <chrono>

#include "reconciler/cost/budget.h"
#include "reconciler/cost/estimate.h"
#include "reconciler/hcl/module_evaluator.h"

namespace faber::reconciler {
namespace {

namespace fs = std::filesystem;

TestStatus ToTestStatus(cost::BudgetStatus s) {
  switch (s) {
    case cost::BudgetStatus::kPass: return TestStatus::kPass;
    case cost::BudgetStatus::kWarn: return TestStatus::kWarn;
    case cost::BudgetStatus::kFail: return TestStatus::kFail;
  }
  return TestStatus::kFail;
}

}  // namespace

std::optional<TestCaseResult> RunCostCheck(const manifests::EnvironmentConfig& env, const fs::path& module_dir) {
  if (!HasTerraformFiles(module_dir)) return std::nullopt;
  hcl::EvalOptions eval;
  for (const auto& f : env.var_files) eval.var_files.push_back((module_dir / f).string());
  return RunCostCheck(env, hcl::BuildResourceModel(module_dir.string(), eval), module_dir);
}

std::optional<TestCaseResult> RunCostCheck(const manifests::EnvironmentConfig& env,
                                           const common::Result<ResourceModel>& model, const fs::path& module_dir) {
  if (!HasTerraformFiles(module_dir)) return std::nullopt;
  auto started = std::chrono::steady_clock::now();
  auto usage = LoadUsageFile(module_dir);
  if (!usage.ok()) return FailedStaticTest("cost", usage.status().message());
  if (!model.ok()) return FailedStaticTest("cost", model.status().message());

  TestCaseResult t = CostTestOf(env, *model, *usage, "cost");
  t.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return t;
}

common::Result<cost::UsageFile> LoadUsageFile(const fs::path& module_dir) {
  std::error_code ec;
  if (!fs::exists(module_dir / kUsageFileName, ec)) return cost::UsageFile{};
  return cost::UsageFile::Load((module_dir / kUsageFileName).string());
}

std::optional<CostFigure> CostFigureOf(const TestCaseResult& t) {
  const auto& cost = t.details.find("estimated_monthly_cost");
  if (cost == t.details.end() || !cost->is_number()) return std::nullopt;
  CostFigure figure;
  figure.monthly_usd = cost->get<double>();
  if (auto budget = t.details.find("cost_threshold"); budget != t.details.end() && budget->is_number()) {
    figure.budget_usd = budget->get<double>();
  }
  figure.test = t.name;
  return figure;
}

TestCaseResult CostTestOf(const manifests::EnvironmentConfig& env, const ResourceModel& model,
                          const cost::UsageFile& usage, const std::string& name) {
  cost::CostEstimate estimate = cost::EstimateCost(model, cost::BuiltinCatalog(), usage);
  if (!estimate.usage_errors.empty()) {
    // Usage the estimate ignored would understate it: the test fails rather than pass a budget.
    std::string message;
    for (const auto& e : estimate.usage_errors) message += (message.empty() ? "" : "\n") + e;
    return FailedStaticTest(name, message);
  }
  cost::BudgetOptions options;
  options.monthly_usd = env.budget_monthly_usd;
  options.warn_share = env.budget_warn_share;
  cost::BudgetCheck check = cost::BudgetTest(estimate, options);

  TestCaseResult t;
  t.name = name;
  t.kind = "static";
  t.status = ToTestStatus(check.status);
  t.message = check.message;
  for (const auto& [key, value] : check.test.items()) {
    if (key != "name" && key != "status" && key != "message") t.details[key] = value;
  }
  // Usage entries that match no resource (a misspelt address), regions assumed: said, not blocking.
  if (!estimate.warnings.empty()) t.details["warnings"] = estimate.warnings;
  return t;
}

}  // namespace faber::reconciler
