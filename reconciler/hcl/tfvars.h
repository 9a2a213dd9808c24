#pragma once

#include <map>
#include <string>
#include <vector>

#include "reconciler/hcl/module_evaluator.h"
#include "reconciler/hcl/value.h"

namespace faber::reconciler::hcl {

// Values assigned to root variables by tfvars files and -var flags, in Terraform's precedence
// (auto-loaded files, then -var-file in order, then -var). `string_vars` names the variables
// whose -var value is taken as a plain string (declared type string or no type); others are
// parsed as expressions. Unreadable or invalid files are errors.
common::Result<std::map<std::string, Value>> LoadRootVariableValues(const std::string& dir, const EvalOptions& options,
                                                                     const std::vector<std::string>& string_vars);

}  // namespace faber::reconciler::hcl
