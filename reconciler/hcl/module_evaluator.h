#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl {

// Inputs of an evaluation, as on terraform's command line.
struct EvalOptions {
  std::vector<std::string> var_files;                     // -var-file, applied in order
  std::vector<std::pair<std::string, std::string>> vars;  // -var NAME=VALUE, applied last
  bool auto_var_files = true;  // terraform.tfvars[.json] and *.auto.tfvars[.json] in the root
  int max_module_depth = 16;   // guards against modules that call themselves
  // Bounds on what hostile or mistaken code can make faber build: instances of one resource or
  // module block (count, for_each), and collection elements over the whole configuration (see
  // ExpansionBudget). Passing either is an error naming the file, line and limit.
  size_t max_instances = 100000;
  size_t max_elements = 2000000;
};

// Evaluates the root module in `dir` and every module it calls with a local source, into the
// resources, providers, variables and outputs of a ResourceModel: variables from defaults,
// tfvars and -var; locals; count and for_each expanded into instance addresses; dynamic blocks
// expanded; provider default_tags attached; functions evaluated. Values not known before apply
// (computed attributes, data sources, missing inputs) are unknown markers (resource_model.h).
// kNotFound when `dir` is missing, kInvalidInput when the root module has syntax errors (the
// message lists them as file:line:col); problems in called modules become model warnings.
common::Result<ResourceModel> BuildResourceModel(const std::string& dir, const EvalOptions& options = {});

}  // namespace faber::reconciler::hcl
