#pragma once

// Budget validation of a cost estimate: the pre-deployment report's cost test.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "reconciler/cost/estimate.h"

namespace faber::reconciler::cost {

struct BudgetOptions {
  std::optional<double> monthly_usd;  // faber.yaml budget.monthly_usd; none = report only
  double warn_share = 0.8;            // WARN at or above this share of the budget
  size_t top_drivers = 5;             // how many resources to name as the top cost drivers
};

enum class BudgetStatus { kPass, kWarn, kFail };

struct BudgetCheck {
  BudgetStatus status = BudgetStatus::kPass;
  std::string message;        // one line for people, e.g. "$120.40/month is 120% of the $100 budget"
  nlohmann::ordered_json test;  // the cost test document (see BudgetTest)
};

// Returns "PASS", "WARN" or "FAIL".
const char* BudgetStatusName(BudgetStatus status);

// The cost test of a pre-deployment report: {name: "cost", status, message, estimated_monthly_cost,
// cost_threshold (null without a budget), warn_threshold, currency, resource_breakdown (USD by
// service), top_cost_drivers [{address, type, service, monthly_usd, share}], unsupported [...],
// lower_bound (true when unpriced resources or usage make the figure a minimum)}.
// FAIL when the estimate exceeds the budget, WARN at or above warn_share of it, else PASS.
BudgetCheck BudgetTest(const CostEstimate& estimate, const BudgetOptions& options);

}  // namespace faber::reconciler::cost
