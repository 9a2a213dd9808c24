#include "reconciler/cost/cost_diff.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace faber::reconciler::cost {
namespace {

struct Side {
  std::string type;
  double usd = 0;
};

std::map<std::string, Side> ByAddress(const CostEstimate& e) {
  std::map<std::string, Side> out;
  for (const auto& r : e.resources) out[r.address] = {r.type, r.monthly_usd()};
  for (const auto& u : e.unsupported) out.emplace(u.address, Side{u.type, 0});
  return out;
}

std::string Signed(double usd) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s$%.2f", usd < 0 ? "-" : "+", std::fabs(RoundCents(usd)));
  return buf;
}

}  // namespace

const char* CostChangeName(CostChange change) {
  switch (change) {
    case CostChange::kAdded: return "added";
    case CostChange::kRemoved: return "removed";
    case CostChange::kChanged: return "changed";
  }
  return "changed";
}

CostDiff DiffCosts(const CostEstimate& before, const CostEstimate& after) {
  CostDiff diff;
  diff.before_usd = before.overall_monthly_usd();
  diff.after_usd = after.overall_monthly_usd();
  auto b = ByAddress(before);
  auto a = ByAddress(after);
  for (const auto& [address, side] : a) {
    auto it = b.find(address);
    if (it == b.end()) {
      diff.resources.push_back({address, side.type, CostChange::kAdded, 0, side.usd});
    } else if (std::fabs(RoundCents(side.usd) - RoundCents(it->second.usd)) >= 0.005) {
      diff.resources.push_back({address, side.type, CostChange::kChanged, it->second.usd, side.usd});
    }
  }
  for (const auto& [address, side] : b) {
    if (!a.count(address)) diff.resources.push_back({address, side.type, CostChange::kRemoved, side.usd, 0});
  }
  std::stable_sort(diff.resources.begin(), diff.resources.end(), [](const auto& x, const auto& y) {
    return std::fabs(x.delta_usd()) > std::fabs(y.delta_usd());
  });
  return diff;
}

nlohmann::ordered_json CostDiffToJson(const CostDiff& diff) {
  nlohmann::ordered_json out;
  out["before_monthly_usd"] = RoundCents(diff.before_usd);
  out["after_monthly_usd"] = RoundCents(diff.after_usd);
  out["delta_monthly_usd"] = RoundCents(diff.delta_usd());
  out["delta_percent"] = diff.before_usd > 0 ? nlohmann::ordered_json(std::round(diff.delta_usd() / diff.before_usd * 1000) / 10)
                                             : nlohmann::ordered_json(nullptr);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& r : diff.resources) {
    rows.push_back({{"address", r.address},
                    {"type", r.type},
                    {"change", CostChangeName(r.change)},
                    {"before_monthly_usd", RoundCents(r.before_usd)},
                    {"after_monthly_usd", RoundCents(r.after_usd)},
                    {"delta_monthly_usd", RoundCents(r.delta_usd())}});
  }
  out["resources"] = std::move(rows);
  return out;
}

std::string CostDiffToText(const CostDiff& diff) {
  char head[160];
  std::snprintf(head, sizeof(head), "Monthly cost: $%.2f -> $%.2f (%s)\n", RoundCents(diff.before_usd),
                RoundCents(diff.after_usd), Signed(diff.delta_usd()).c_str());
  std::string out = head;
  for (const auto& r : diff.resources) {
    out += "  " + Signed(r.delta_usd()) + "  " + r.address + " (" + CostChangeName(r.change) + ")\n";
  }
  return out;
}

}  // namespace faber::reconciler::cost
