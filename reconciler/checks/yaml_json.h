#pragma once

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace faber::reconciler::checks {

// Converts a YAML node to JSON: plain scalars that read as booleans or numbers become those, as
// YAML 1.2's core schema has it; quoted scalars stay strings.
nlohmann::json YamlToJson(const YAML::Node& node);

}  // namespace faber::reconciler::checks
