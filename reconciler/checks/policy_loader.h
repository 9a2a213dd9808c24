#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "reconciler/checks/rule.h"

namespace faber::reconciler::checks {

// Parses one policy file (YAML: `rules:` a list of rules, see manifests/policies/README.md).
// `file` names it in errors, which give file:line:col and the field path; all errors at once.
common::Result<std::vector<Rule>> ParsePolicyFile(const std::string& text, const std::string& file);

// The rules shipped with faber (manifests/policies/, compiled in).
const std::vector<Rule>& BuiltinRules();

// Every *.yaml / *.yml file under `dir`, in path order; errors name the file.
common::Result<std::vector<Rule>> LoadPolicyDirectory(const std::string& dir);

}  // namespace faber::reconciler::checks
