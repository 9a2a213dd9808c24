#pragma once

#include <filesystem>
#include <optional>

#include "common/status.h"
#include "manifests/faber_config.h"
#include "reconciler/cost/usage_file.h"
#include "reconciler/model/resource_model.h"
#include "reconciler/run_summary.h"
#include "reconciler/stages/test_report.h"

namespace faber::reconciler {

// Infracost's usage file name, read from the module directory when present so teams reuse theirs.
inline constexpr const char* kUsageFileName = "infracost-usage.yml";

// The pre-deployment cost test of one environment: the monthly estimate of the module at
// `module_dir` (with its infracost-usage.yml when present) against the environment's budget.
// Report fields as the seed's schema: estimated_monthly_cost, cost_threshold, resource_breakdown
// (USD by service), plus top_cost_drivers, unsupported and warnings (when any). FAIL over budget (or when the module or
// usage file cannot be read), WARN at or above budget.warn_share of it, else PASS; nullopt when the
// module holds no Terraform files.
std::optional<TestCaseResult> RunCostCheck(const manifests::EnvironmentConfig& env,
                                           const std::filesystem::path& module_dir);

// RunCostCheck over `model`, the module at `module_dir` already evaluated.
std::optional<TestCaseResult> RunCostCheck(const manifests::EnvironmentConfig& env,
                                           const common::Result<ResourceModel>& model,
                                           const std::filesystem::path& module_dir);

// The monthly figure of cost test case `t` (estimated_monthly_cost, cost_threshold), or nullopt
// when `t` is no cost test or could not estimate.
std::optional<CostFigure> CostFigureOf(const TestCaseResult& t);

// The module's infracost-usage.yml, or an empty usage when it has none; kInvalidInput with file:line
// when it is malformed.
common::Result<cost::UsageFile> LoadUsageFile(const std::filesystem::path& module_dir);

// The cost test case `name` of `model` against the environment's budget (see RunCostCheck); FAIL
// naming file:line of each key of `usage` that is unknown or mistyped for the resource it applies to.
TestCaseResult CostTestOf(const manifests::EnvironmentConfig& env, const ResourceModel& model,
                          const cost::UsageFile& usage, const std::string& name);

}  // namespace faber::reconciler
