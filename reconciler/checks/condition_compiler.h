#pragma once

#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "reconciler/checks/condition.h"

namespace faber::reconciler::checks {

// Compiles one condition of the policy language (manifests/policies/README.md) from YAML.
// Problems are appended to `errors` as "file:line:col: path: message"; the result is null when
// there were any.
std::shared_ptr<const Condition> CompileCondition(const YAML::Node& node, const std::string& file,
                                                  const std::string& path, std::vector<std::string>* errors);

// The value at a dotted path ("ebs_block_device.0.encrypted") in `object`: nested blocks are lists,
// and a name step into a list reads its first element, as Terraform's single blocks are written.
// Null when absent; an unknown marker when any step on the way is unknown.
nlohmann::json ValueAt(const nlohmann::json& object, const std::vector<std::string>& path);

// Terraform's loose equality of a configured value with a rule's literal: true == "true",
// 5 == "5"; strings compare exactly.
bool LooseEquals(const nlohmann::json& value, const nlohmann::json& literal);

}  // namespace faber::reconciler::checks
