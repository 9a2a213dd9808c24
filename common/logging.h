#pragma once

#include <string>

namespace faber::common {

// Sends spdlog's default logger to stderr (stdout is reserved for results); `level` is
// "debug", "info", "warn" or "error".
void InitLogging(const std::string& level);

}  // namespace faber::common
