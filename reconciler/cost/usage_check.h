#pragma once

// Checks a usage file where it is applied to a model: every entry that gives the usage of a
// resource is held to that resource type's usage schema (usage_schema.h), so a misspelt key or a
// word where a number belongs is an error instead of a usage silently ignored and a cost understated.

#include <map>
#include <string>
#include <vector>

#include "reconciler/cost/usage_file.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::cost {

struct UsageCheck {
  // "usage.yml:7: aws_lambda_function.api: unknown usage key 'monthly_request' ...": keys a
  // resource type does not take, values of the wrong type, values outside the allowed ones.
  std::vector<std::string> errors;
  // Entries that match no resource of the model, and usage of types faber reads no usage for.
  std::vector<std::string> warnings;
  // Resource address -> notes on keys accepted (Infracost documents them) that faber does not price.
  std::map<std::string, std::vector<std::string>> unpriced;
};

// Checks every entry of `usage` against the usage schema of each managed resource of `model` it
// applies to (by address, wildcard or bare type); all problems, in file order.
UsageCheck CheckUsage(const UsageFile& usage, const ResourceModel& model);

}  // namespace faber::reconciler::cost
