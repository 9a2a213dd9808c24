#pragma once

// Checks of single configuration values. Each returns the problem as a message for people
// (without the value, which the caller appends) or nullopt when the value is fine.

#include <optional>
#include <string>

namespace faber::manifests {

// Environment names become directory and file names: [a-z0-9][a-z0-9_-]*, at most 63 characters.
std::optional<std::string> CheckEnvironmentName(const std::string& name);
// A short branch name git accepts (git check-ref-format --branch rules), without "refs/heads/".
std::optional<std::string> CheckBranchName(const std::string& name);
// A relative path that stays inside the repository: not absolute, and ".." never climbs above
// the starting point. `base` is prepended first (e.g. the environment directory of a var file).
std::optional<std::string> CheckRelativePath(const std::string& path, const std::string& base = "");
// An http:// or https:// URL with a host.
std::optional<std::string> CheckHttpUrl(const std::string& url);
// A POSIX environment variable name: [A-Za-z_][A-Za-z0-9_]*.
std::optional<std::string> CheckVariableName(const std::string& name);

}  // namespace faber::manifests
