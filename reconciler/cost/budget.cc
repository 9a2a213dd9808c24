#include "reconciler/cost/budget.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace faber::reconciler::cost {
namespace {

std::string Usd(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "$%.2f", RoundCents(v));
  return buf;
}

}  // namespace

const char* BudgetStatusName(BudgetStatus status) {
  switch (status) {
    case BudgetStatus::kPass: return "PASS";
    case BudgetStatus::kWarn: return "WARN";
    case BudgetStatus::kFail: return "FAIL";
  }
  return "PASS";
}

BudgetCheck BudgetTest(const CostEstimate& estimate, const BudgetOptions& options) {
  BudgetCheck out;
  const double total = RoundCents(estimate.overall_monthly_usd());
  bool lower_bound = !estimate.unsupported.empty();
  for (const auto& r : estimate.resources) {
    lower_bound = lower_bound || !r.complete;
    for (const auto& c : r.components) lower_bound = lower_bound || !c.quantity;
  }
  if (!options.monthly_usd) {
    out.message = Usd(total) + "/month; no budget set";
  } else {
    const double budget = *options.monthly_usd;
    const double share = budget > 0 ? total / budget : (total > 0 ? 1e9 : 0);
    char pct[32];
    std::snprintf(pct, sizeof(pct), "%.0f%%", share * 100);
    if (total > budget) {
      out.status = BudgetStatus::kFail;
      out.message = Usd(total) + "/month is over the " + Usd(budget) + " budget (" + pct + ")";
    } else if (share >= options.warn_share) {
      out.status = BudgetStatus::kWarn;
      out.message = Usd(total) + "/month is " + pct + " of the " + Usd(budget) + " budget";
    } else {
      out.message = Usd(total) + "/month is within the " + Usd(budget) + " budget (" + pct + ")";
    }
  }
  if (lower_bound) out.message += "; a lower bound (unpriced resources or usage)";

  std::vector<const ResourceCost*> sorted;
  for (const auto& r : estimate.resources) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ResourceCost* a, const ResourceCost* b) { return a->monthly_usd() > b->monthly_usd(); });
  nlohmann::ordered_json drivers = nlohmann::ordered_json::array();
  for (size_t i = 0; i < sorted.size() && i < options.top_drivers; ++i) {
    const double usd = RoundCents(sorted[i]->monthly_usd());
    if (usd <= 0) break;
    drivers.push_back({{"address", sorted[i]->address},
                       {"type", sorted[i]->type},
                       {"service", sorted[i]->service},
                       {"monthly_usd", usd},
                       {"share", total > 0 ? std::round(usd / total * 1000) / 1000 : 0.0}});
  }
  nlohmann::ordered_json breakdown = nlohmann::ordered_json::object();
  for (const auto& [service, usd] : estimate.ByService()) breakdown[service] = RoundCents(usd);
  nlohmann::ordered_json unsupported = nlohmann::ordered_json::array();
  for (const auto& u : estimate.unsupported) unsupported.push_back({{"address", u.address}, {"type", u.type}, {"reason", u.reason}});

  nlohmann::ordered_json& t = out.test;
  t["name"] = "cost";
  t["status"] = BudgetStatusName(out.status);
  t["message"] = out.message;
  t["estimated_monthly_cost"] = total;
  t["cost_threshold"] = options.monthly_usd ? nlohmann::ordered_json(*options.monthly_usd) : nlohmann::ordered_json(nullptr);
  t["warn_threshold"] = options.monthly_usd ? nlohmann::ordered_json(RoundCents(*options.monthly_usd * options.warn_share))
                                            : nlohmann::ordered_json(nullptr);
  t["currency"] = "USD";
  t["resource_breakdown"] = std::move(breakdown);
  t["top_cost_drivers"] = std::move(drivers);
  t["unsupported"] = std::move(unsupported);
  t["lower_bound"] = lower_bound;
  return out;
}

}  // namespace faber::reconciler::cost
