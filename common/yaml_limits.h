#pragma once

// Limits on YAML faber reads from a repository or a host (faber.yaml, server.yaml, policies,
// usage and price files), checked on the text before yaml-cpp sees it: its parser recurses once
// per nested flow collection, its nodes cost about 15 times the bytes they come from, and aliases
// let a small file stand for an exponential tree once converted.

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace faber::common {

struct YamlLimits {
  size_t max_bytes = 1 << 20;   // no configuration of faber's comes near a mebibyte
  size_t max_flow_depth = 64;   // nested [ ] and { } collections
  size_t max_aliases = 64;      // *alias uses
};

// kInvalidInput naming `name`, the line and the limit when `text` passes one of `limits`.
Status CheckYamlText(std::string_view text, const std::string& name, const YamlLimits& limits = {});

}  // namespace faber::common
