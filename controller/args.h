#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::controller {

// Parsed command-line arguments: "--flag value", "--flag=value", boolean "--flag", positionals.
class Args {
 public:
  // Parses `args`. `value_flags` take a value, `bool_flags` do not; any other "--x" is an error
  // naming it. Repeated value flags accumulate (see GetAll).
  static common::Result<Args> Parse(const std::vector<std::string>& args, const std::set<std::string>& value_flags,
                                    const std::set<std::string>& bool_flags);

  // The last value given for `flag`, or nullopt.
  std::optional<std::string> Get(const std::string& flag) const;
  // The value of `flag`, or `fallback`.
  std::string GetOr(const std::string& flag, const std::string& fallback) const;
  // Every value given for `flag`, in order.
  std::vector<std::string> GetAll(const std::string& flag) const;
  // True when the boolean `flag` was given.
  bool Has(const std::string& flag) const { return bools_.count(flag) > 0; }
  const std::vector<std::string>& positionals() const { return positionals_; }
  // Validates and returns --format ("text" default, or "json"); an error for anything else.
  common::Result<std::string> Format() const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> bools_;
  std::vector<std::string> positionals_;
};

}  // namespace faber::controller
