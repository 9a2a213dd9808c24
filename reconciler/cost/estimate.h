#pragma once

// Monthly cost estimates of a ResourceModel: per resource, its cost components (hours, GB-months,
// requests, ...) priced from the catalog in the resource's region, with usage-based quantities
// from a usage file. What cannot be priced is said, never counted as zero: unsupported resource
// types, unknown values (an instance type from a data source) and prices missing for a region.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconciler/cost/catalog.h"
#include "reconciler/cost/usage_file.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::cost {

inline constexpr double kHoursPerMonth = 730;  // AWS's and Infracost's convention

struct CostComponent {
  std::string name;        // "Instance usage (Linux/UNIX, on-demand, t3.medium)"
  std::string unit;        // "hours", "GB", "1M requests"
  std::optional<double> quantity;  // per month; nullopt when it depends on usage not given
  double unit_price = 0;   // USD per unit
  std::string price_key;   // catalog key, for tracing a figure to its source
  // USD per month; nullopt when the quantity is unknown ("depends on usage").
  std::optional<double> monthly_usd() const {
    if (!quantity) return std::nullopt;
    return *quantity * unit_price;
  }
};

struct ResourceCost {
  std::string address;
  std::string type;
  std::string service;     // "EC2", "RDS", ... (the by_service breakdown)
  std::string region;
  std::vector<CostComponent> components;
  // Why part of this resource could not be priced (unknown value, price missing for region).
  std::vector<std::string> notes;
  bool complete = true;    // false when a note means the total is a lower bound
  double monthly_usd() const;
};

struct UnsupportedResource {
  std::string address;
  std::string type;
  std::string reason;      // "no pricing for this resource type", "instance type is unknown", ...
};

struct CostEstimate {
  std::vector<ResourceCost> resources;          // priced (possibly partly), in model order
  std::vector<UnsupportedResource> unsupported;  // not priced at all, by type
  std::vector<std::string> free_resources;      // addresses of resources AWS does not charge for
  std::vector<std::string> warnings;            // e.g. a region assumed because it is unknown
  // Usage file problems naming file:line, key and resource (an unknown key, a wrong-typed value):
  // the figures ignore such usage, so callers refuse the estimate when there are any.
  std::vector<std::string> usage_errors;
  double overall_monthly_usd() const;
  // USD per service, the report's resource_breakdown.
  std::map<std::string, double> ByService() const;
};

// Prices every managed resource of `model`. The region of a resource is its provider
// configuration's `region` (inherited by child modules); when unset or unknown it is us-east-1,
// as Infracost assumes, with a warning. The usage file is checked against the resources it
// applies to (usage_check.h): errors to usage_errors, unmatched entries to warnings.
CostEstimate EstimateCost(const ResourceModel& model, const Catalog& catalog, const UsageFile& usage);

// Rounds USD to cents, half away from zero (how Infracost displays and totals are compared).
double RoundCents(double usd);

// The `faber cost --format json` document: overall_monthly_usd, resources[] with components,
// unsupported[], by_service{}, plus free[], warnings[] and regions[].
nlohmann::ordered_json EstimateToJson(const CostEstimate& estimate);
// A breakdown table for people, like Infracost's.
std::string EstimateToText(const CostEstimate& estimate);

// Resource types the estimator prices (not counting free ones), sorted.
std::vector<std::string> PricedResourceTypes();
// Resource types known to be free of charge, sorted.
std::vector<std::string> FreeResourceTypes();

}  // namespace faber::reconciler::cost
