#pragma once

#include <string>
#include <vector>

#include "common/embedded_file.h"
#include "common/status.h"
#include "reconciler/checks/rule.h"

namespace faber::reconciler::checks {

// Parses one policy file (YAML: `rules:` a list of rules, see manifests/policies/README.md).
// `file` names it in errors, which give file:line:col and the field path; all errors at once.
common::Result<std::vector<Rule>> ParsePolicyFile(const std::string& text, const std::string& file);

// The same for a file compiled in (its tree read instead of its text; see manifests/embedded_yaml.h).
common::Result<std::vector<Rule>> ParseEmbeddedPolicy(const common::EmbeddedFile& policy);

// The rules shipped with faber (manifests/policies/, compiled in).
const std::vector<Rule>& BuiltinRules();

// Every *.yaml / *.yml file under `dir`, in path order; errors name the file.
common::Result<std::vector<Rule>> LoadPolicyDirectory(const std::string& dir);

}  // namespace faber::reconciler::checks
