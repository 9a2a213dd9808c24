#include "reconciler/cost/estimate.h"

#include <cmath>

#include "reconciler/cost/pricers.h"
#include "reconciler/cost/usage_check.h"

namespace faber::reconciler::cost {
namespace {

constexpr const char* kDefaultRegion = "us-east-1";

// The provider configuration a resource uses: its own module's, else the root module's, which
// Terraform passes down implicitly when a module declares none.
const ProviderConfig* ProviderOf(const Resource& r, const ResourceModel& model) {
  const std::string& ref = r.provider;
  const size_t dot = ref.find('.');
  const std::string name = ref.substr(0, dot);
  const std::string alias = dot == std::string::npos ? "" : ref.substr(dot + 1);
  for (const std::string& module : {r.module_path, std::string()}) {
    for (const auto& p : model.providers) {
      if (p.name == name && p.alias == alias && p.module_path == module) return &p;
    }
  }
  return nullptr;
}

std::string RegionOf(const Resource& r, const ResourceModel& model, std::vector<std::string>* warnings) {
  const ProviderConfig* p = ProviderOf(r, model);
  if (p != nullptr && p->attributes.contains("region")) {
    const auto& region = p->attributes["region"];
    if (region.is_string() && !region.get<std::string>().empty()) return region.get<std::string>();
    if (IsUnknown(region)) {
      warnings->push_back(r.address + ": the provider region is unknown (" + region.begin()->get<std::string>() +
                          "); priced in " + kDefaultRegion);
      return kDefaultRegion;
    }
  }
  return kDefaultRegion;
}

}  // namespace

double ResourceCost::monthly_usd() const {
  double sum = 0;
  for (const auto& c : components) sum += c.monthly_usd().value_or(0);
  return sum;
}

double CostEstimate::overall_monthly_usd() const {
  double sum = 0;
  for (const auto& r : resources) sum += r.monthly_usd();
  return sum;
}

std::map<std::string, double> CostEstimate::ByService() const {
  std::map<std::string, double> out;
  for (const auto& r : resources) out[r.service] += r.monthly_usd();
  return out;
}

double RoundCents(double usd) { return std::round(usd * 100 + (usd >= 0 ? 1e-9 : -1e-9)) / 100; }

CostEstimate EstimateCost(const ResourceModel& model, const Catalog& catalog, const UsageFile& usage) {
  CostEstimate out;
  UsageCheck usage_check = CheckUsage(usage, model);
  out.usage_errors = std::move(usage_check.errors);
  out.warnings = std::move(usage_check.warnings);
  for (const auto& r : model.resources) {
    if (r.mode != ResourceMode::kManaged) continue;
    if (IsUnknown(r.index)) {
      out.unsupported.push_back({r.address, r.type, "count or for_each is unknown before apply"});
      continue;
    }
    if (IsFreeType(r.type)) {
      out.free_resources.push_back(r.address);
      continue;
    }
    const ResourcePricer* pricer = FindPricer(r.type);
    if (pricer == nullptr) {
      out.unsupported.push_back({r.address, r.type, "no pricing for this resource type"});
      continue;
    }
    ResourceCost cost;
    cost.address = r.address;
    cost.type = r.type;
    cost.service = std::string(pricer->service);
    cost.region = RegionOf(r, model, &out.warnings);
    if (catalog.PriceCount(cost.region) == 0) {
      out.unsupported.push_back({r.address, r.type, "the catalog has no prices for region " + cost.region});
      continue;
    }
    PriceContext ctx(r, model, catalog, usage, cost.region, &cost);
    try {
      pricer->price(ctx);
    } catch (const nlohmann::json::exception& e) {
      // An attribute of an unexpected shape: say so rather than stop the whole estimate.
      ctx.Fail(std::string("an attribute has an unexpected shape: ") + e.what());
    }
    if (ctx.failed()) {
      out.unsupported.push_back({r.address, r.type, *ctx.failed()});
      continue;
    }
    for (const auto& u : ctx.unknowns()) {
      cost.notes.push_back("unknown before apply: " + u);
    }
    if (cost.components.empty() && cost.notes.empty()) {
      // A priced type whose configuration bills nothing (a Gateway endpoint, a standard SSM parameter).
      out.free_resources.push_back(r.address);
      continue;
    }
    if (auto it = usage_check.unpriced.find(r.address); it != usage_check.unpriced.end()) {
      // The figure leaves out what such a key would change.
      cost.notes.insert(cost.notes.end(), it->second.begin(), it->second.end());
      cost.complete = false;
    }
    out.resources.push_back(std::move(cost));
  }
  return out;
}

}  // namespace faber::reconciler::cost
