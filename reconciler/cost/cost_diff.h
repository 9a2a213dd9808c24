#pragma once

// The cost delta of a change: a pull request's head against the environment's deployed commit.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconciler/cost/estimate.h"

namespace faber::reconciler::cost {

enum class CostChange { kAdded, kRemoved, kChanged };

struct ResourceCostDelta {
  std::string address;
  std::string type;
  CostChange change = CostChange::kChanged;
  double before_usd = 0;
  double after_usd = 0;
  double delta_usd() const { return after_usd - before_usd; }
};

struct CostDiff {
  double before_usd = 0;
  double after_usd = 0;
  double delta_usd() const { return after_usd - before_usd; }
  // Resources added, removed, or whose monthly cost changed by a cent or more; largest change first.
  std::vector<ResourceCostDelta> resources;
};

// Returns "added", "removed" or "changed".
const char* CostChangeName(CostChange change);

// Compares two estimates resource by resource (by address); priced and unpriced alike are matched,
// an unpriced resource counting as $0 on its side.
CostDiff DiffCosts(const CostEstimate& before, const CostEstimate& after);

// {before_monthly_usd, after_monthly_usd, delta_monthly_usd, delta_percent (null from $0),
//  resources: [{address, type, change, before_monthly_usd, after_monthly_usd, delta_monthly_usd}]}
nlohmann::ordered_json CostDiffToJson(const CostDiff& diff);
// A few lines for a pull-request comment: the total and each changed resource with its sign.
std::string CostDiffToText(const CostDiff& diff);

}  // namespace faber::reconciler::cost
