#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "common/status.h"

namespace faber::reconciler {

// The largest JSON document faber reads from an engine (`show -json` of a plan or of the state).
// Plans of large estates reach hundreds of MB, so the limit sits well above them; it stays finite
// because the parsed document takes several times its text in memory (a 51 MB plan with its 34 MB
// state peaks at about 560 MB of RSS in `faber reconcile`), and a runaway command must end in an
// error naming the limit, not in the controller being killed for lack of memory.
constexpr size_t kMaxEngineJsonBytes = size_t{1} << 30;  // 1 GiB

// Returns the whole text of the engine's JSON output at `path` and removes the file (it holds
// sensitive values). kInvalidInput names `what`, the file and the limit when the file is larger
// than `max_bytes`; kNotFound when it cannot be read.
common::Result<std::string> TakeEngineJson(const std::filesystem::path& path, size_t max_bytes,
                                           const std::string& what);

}  // namespace faber::reconciler
