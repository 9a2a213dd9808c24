#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "common/status.h"

namespace faber::common {

// Returns the whole content of `path`, or NotFound naming it.
Result<std::string> ReadFile(const std::filesystem::path& path);
// Writes `content` to `path` atomically (temporary file, fsync, rename) so a crash never leaves
// half a file; creates parent directories.
Status WriteFileAtomically(const std::filesystem::path& path, const std::string& content);
// Creates a fresh, uniquely named directory under `parent` starting with `prefix`.
Result<std::filesystem::path> MakeUniqueDirectory(const std::filesystem::path& parent, const std::string& prefix);

// `path` relative to `base` when it lies under it, computed on the names alone (no symlink is
// followed and no file is touched: reports name files as the repository spells them); nullopt
// when it does not lie under `base`.
std::optional<std::filesystem::path> RelativeUnder(const std::filesystem::path& path, const std::filesystem::path& base);

}  // namespace faber::common
