#pragma once

// Builds a ResourceModel from HCL text written to a scratch module, as faber reads a checkout.

#include <string>

#include "reconciler/cost/estimate.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::cost {

// The model of a module whose main.tf is `hcl`; fails the test when it does not parse.
ResourceModel ModelFromHcl(const std::string& hcl);
// The estimate of that module with the built-in catalog and `usage_yaml` (empty: no usage file).
CostEstimate EstimateHcl(const std::string& hcl, const std::string& usage_yaml = "");
// The priced resource `address` of `estimate`, or nullptr.
const ResourceCost* FindCost(const CostEstimate& estimate, const std::string& address);
// The us-east-1 price of catalog `key` (fails the test when missing).
double Price(const std::string& key, const std::string& region = "us-east-1");

}  // namespace faber::reconciler::cost
