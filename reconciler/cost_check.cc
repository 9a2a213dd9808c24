#include "reconciler/cost_check.h"

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
  auto started = std::chrono::steady_clock::now();
  cost::UsageFile usage;
  std::error_code ec;
  if (fs::exists(module_dir / kUsageFileName, ec)) {
    auto loaded = cost::UsageFile::Load((module_dir / kUsageFileName).string());
    if (!loaded.ok()) return FailedStaticTest("cost", loaded.status().message());
    usage = std::move(*loaded);
  }
  hcl::EvalOptions eval;
  for (const auto& f : env.var_files) eval.var_files.push_back((module_dir / f).string());
  auto model = hcl::BuildResourceModel(module_dir.string(), eval);
  if (!model.ok()) return FailedStaticTest("cost", model.status().message());

  cost::CostEstimate estimate = cost::EstimateCost(*model, cost::BuiltinCatalog(), usage);
  cost::BudgetOptions options;
  options.monthly_usd = env.budget_monthly_usd;
  options.warn_share = env.budget_warn_share;
  cost::BudgetCheck check = cost::BudgetTest(estimate, options);

  TestCaseResult t;
  t.name = "cost";
  t.kind = "static";
  t.status = ToTestStatus(check.status);
  t.message = check.message;
  for (const auto& [key, value] : check.test.items()) {
    if (key != "name" && key != "status" && key != "message") t.details[key] = value;
  }
  t.duration_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  return t;
}

}  // namespace faber::reconciler
