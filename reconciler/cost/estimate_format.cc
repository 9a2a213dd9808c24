// JSON and text renderings of a CostEstimate.

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <set>
#include <sstream>

#include "reconciler/cost/estimate.h"

namespace faber::reconciler::cost {
namespace {

std::string Money(double usd) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2f", RoundCents(usd));
  std::string s = buf;
  // Thousands separators, as people read money.
  size_t dot = s.find('.');
  size_t start = s[0] == '-' ? 1 : 0;
  for (int i = static_cast<int>(dot) - 3; i > static_cast<int>(start); i -= 3) s.insert(static_cast<size_t>(i), ",");
  return "$" + s;
}

std::string Quantity(double q) {
  char buf[64];
  if (q == std::floor(q) && std::fabs(q) < 1e15) {
    std::snprintf(buf, sizeof(buf), "%.0f", q);
  } else {
    std::snprintf(buf, sizeof(buf), "%.4f", q);
    std::string s = buf;
    while (!s.empty() && s.back() == '0') s.pop_back();
    return s;
  }
  return buf;
}

std::string Pad(const std::string& s, size_t width, bool right = false) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

std::string UnitPrice(double p) {
  std::ostringstream os;
  os.precision(10);
  os << p;
  return "$" + os.str();
}

}  // namespace

nlohmann::ordered_json EstimateToJson(const CostEstimate& e) {
  nlohmann::ordered_json out;
  out["overall_monthly_usd"] = RoundCents(e.overall_monthly_usd());
  nlohmann::ordered_json resources = nlohmann::ordered_json::array();
  std::set<std::string> regions;
  for (const auto& r : e.resources) {
    nlohmann::ordered_json jr;
    jr["address"] = r.address;
    jr["type"] = r.type;
    jr["monthly_usd"] = RoundCents(r.monthly_usd());
    jr["service"] = r.service;
    jr["region"] = r.region;
    regions.insert(r.region);
    nlohmann::ordered_json comps = nlohmann::ordered_json::array();
    for (const auto& c : r.components) {
      nlohmann::ordered_json jc;
      jc["name"] = c.name;
      jc["unit"] = c.unit;
      jc["quantity"] = c.quantity ? nlohmann::ordered_json(*c.quantity) : nlohmann::ordered_json(nullptr);
      jc["unit_price"] = c.unit_price;
      jc["monthly_usd"] = c.quantity ? nlohmann::ordered_json(RoundCents(*c.monthly_usd())) : nlohmann::ordered_json(nullptr);
      if (!c.quantity) jc["depends_on_usage"] = true;
      jc["price_key"] = c.price_key;
      comps.push_back(std::move(jc));
    }
    jr["components"] = std::move(comps);
    if (!r.notes.empty()) jr["notes"] = r.notes;
    resources.push_back(std::move(jr));
  }
  out["resources"] = std::move(resources);
  nlohmann::ordered_json unsupported = nlohmann::ordered_json::array();
  for (const auto& u : e.unsupported) unsupported.push_back({{"address", u.address}, {"type", u.type}, {"reason", u.reason}});
  out["unsupported"] = std::move(unsupported);
  nlohmann::ordered_json by_service = nlohmann::ordered_json::object();
  for (const auto& [service, usd] : e.ByService()) by_service[service] = RoundCents(usd);
  out["by_service"] = std::move(by_service);
  out["free"] = e.free_resources;
  out["warnings"] = e.warnings;
  out["regions"] = std::vector<std::string>(regions.begin(), regions.end());
  return out;
}

std::string EstimateToText(const CostEstimate& e) {
  std::ostringstream os;
  const size_t name_w = 62, qty_w = 14, unit_w = 16, cost_w = 14;
  os << " " << Pad("Name", name_w) << Pad("Monthly Qty", qty_w, true) << "  " << Pad("Unit", unit_w)
     << Pad("Monthly Cost", cost_w, true) << "\n\n";
  std::vector<const ResourceCost*> sorted;
  for (const auto& r : e.resources) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ResourceCost* a, const ResourceCost* b) { return a->monthly_usd() > b->monthly_usd(); });
  for (const ResourceCost* r : sorted) {
    os << " " << r->address << (r->region != "us-east-1" ? "  (" + r->region + ")" : "") << "\n";
    for (size_t i = 0; i < r->components.size(); ++i) {
      const CostComponent& c = r->components[i];
      const std::string branch = i + 1 == r->components.size() ? " └─ " : " ├─ ";
      if (c.quantity) {
        os << branch << Pad(c.name, name_w - 4) << Pad(Quantity(*c.quantity), qty_w, true) << "  " << Pad(c.unit, unit_w)
           << Pad(Money(*c.monthly_usd()), cost_w, true) << "\n";
      } else {
        os << branch << Pad(c.name, name_w - 4) << "  Monthly cost depends on usage: " << UnitPrice(c.unit_price)
           << " per " << c.unit << "\n";
      }
    }
    for (const auto& note : r->notes) os << "    ! " << note << "\n";
    os << "\n";
  }
  os << " " << Pad("OVERALL TOTAL", name_w + qty_w + unit_w + 2) << Pad(Money(e.overall_monthly_usd()), cost_w, true)
     << "\n\n";
  os << e.resources.size() + e.free_resources.size() + e.unsupported.size() << " resources: " << e.resources.size()
     << " estimated, " << e.free_resources.size() << " free, " << e.unsupported.size() << " not priced\n";
  for (const auto& u : e.unsupported) os << "  not priced: " << u.address << " (" << u.reason << ")\n";
  for (const auto& w : e.warnings) os << "  warning: " << w << "\n";
  if (!e.resources.empty()) {
    os << "\nBy service:\n";
    for (const auto& [service, usd] : e.ByService()) os << "  " << Pad(service, 24) << Pad(Money(usd), cost_w, true) << "\n";
  }
  return os.str();
}

}  // namespace faber::reconciler::cost
