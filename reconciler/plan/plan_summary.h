#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "reconciler/plan/plan_document.h"

namespace faber::reconciler::plan {

// What a plan does to one resource instance.
enum class ChangeAction { kCreate, kUpdate, kDelete, kReplace, kRead, kNoOp, kForget };

// Returns "create", "update", "delete", "replace", "read", "no-op" or "forget".
const char* ChangeActionName(ChangeAction action);

// One resource instance's planned change. Values are masked (sensitive.h) before they get here.
struct ResourceChangeSummary {
  std::string address;
  std::string type;
  std::string module_address;        // "" for the root module
  ChangeAction action = ChangeAction::kNoOp;
  std::string action_reason;         // e.g. "replace_because_cannot_update", when Terraform says
  std::vector<std::string> changed_attributes;  // top-level attributes whose value changes
  std::vector<std::string> replace_paths;       // attributes forcing a replacement, when Terraform says
  nlohmann::json before;             // masked
  nlohmann::json after;              // masked; unknown parts as "(known after apply)"
};

// A plan's change summary, safe to show and store.
struct PlanSummary {
  std::string format_version;
  std::string terraform_version;
  int add = 0, change = 0, destroy = 0, replace = 0, read = 0, no_op = 0, forget = 0;
  std::vector<ResourceChangeSummary> changes;  // in plan order, no-ops included
  std::vector<std::string> output_changes;     // names of outputs that change
  std::vector<std::string> warnings;

  // True when the plan changes nothing (reads and no-ops only).
  bool Empty() const { return add + change + destroy + replace + forget == 0; }
  // Returns "N to add, N to change, N to destroy" (with replacements counted in add and destroy,
  // as Terraform does, and named separately).
  std::string Headline() const;
  // The summary as JSON for reports: counts, headline and changes (no-ops left out).
  nlohmann::json ToJson() const;
};

// Reads back a summary written by PlanSummary::ToJson (e.g. from a pre-deployment report), so it
// can be rendered again. kInvalidInput names the field that is missing or of the wrong type.
common::Result<PlanSummary> PlanSummaryFromJson(const nlohmann::json& json);

// Summarizes a parsed plan. Sensitive values are masked first; nothing unmasked is kept.
PlanSummary SummarizePlan(const PlanDocument& doc);

// What is shown for an attribute only known after apply.
inline constexpr const char* kKnownAfterApply = "(known after apply)";

}  // namespace faber::reconciler::plan
