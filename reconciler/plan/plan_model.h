#pragma once

#include <nlohmann/json.hpp>

#include "reconciler/model/resource_model.h"
#include "reconciler/plan/plan_document.h"

namespace faber::reconciler::plan {

// The address of the configuration an instance comes from, instance keys dropped:
// "module.a[0].aws_s3_bucket.b[\"x\"]" -> "module.a.aws_s3_bucket.b".
std::string StripIndexes(const std::string& address);

// Builds the ResourceModel of a plan from its planned_values (resolved values, sensitive ones
// masked), with attributes Terraform knows only after apply marked unknown (after_unknown), and
// from its configuration: provider configuration key, default tags, variables, outputs and the
// references each argument makes. Plans carry no file positions: sources name the plan file.
ResourceModel BuildModelFromPlan(const PlanDocument& doc, const std::string& file);

// Builds the ResourceModel of a state (`terraform show -json` without a plan file: "values"),
// sensitive values masked.
ResourceModel BuildModelFromState(const nlohmann::json& state);

}  // namespace faber::reconciler::plan
