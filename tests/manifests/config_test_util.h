#pragma once

#include <string>

#include "manifests/faber_config.h"
#include "manifests/server_config.h"

namespace faber::manifests {

// Returns the error message of parsing `text` as faber.yaml, or "OK" when it parses.
inline std::string FaberErrors(const std::string& text) {
  auto result = ParseFaberConfig(text, "faber.yaml");
  return result.ok() ? "OK" : result.status().message();
}

// Returns the error message of parsing `text` as server.yaml, or "OK" when it parses.
inline std::string ServerErrors(const std::string& text) {
  auto result = ParseServerConfig(text, "server.yaml");
  return result.ok() ? "OK" : result.status().message();
}

// A valid faber.yaml prefix: tests append the environment they are about (lines 1-2 are these).
inline const char* const kHeader = "version: 1\nenvironments:\n";

}  // namespace faber::manifests
