#pragma once

// Internal to manifests/: reads one entry of faber.yaml's `environments` list.

#include <optional>

#include "manifests/faber_config.h"
#include "manifests/yaml_reader.h"

namespace faber::manifests {

// One environment with the positions of the fields checked across environments.
struct ParsedEnvironment {
  EnvironmentConfig config;
  std::optional<Field> name;             // present and valid
  std::optional<Field> branch;           // present and valid
  std::optional<Field> requires_passed;  // present and a valid environment name
};

// Reads and checks an environment map; problems go to `errors`, defaults fill what is absent.
ParsedEnvironment ParseEnvironment(const Field& field, ErrorList& errors);

// Reads one `health_checks` item; nullopt when it is not a map.
std::optional<HealthCheckConfig> ParseHealthCheck(const Field& field, ErrorList& errors);

}  // namespace faber::manifests
