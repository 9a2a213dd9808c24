#pragma once

// Usage estimates for usage-based cost components, in Infracost's usage file format so teams can
// reuse theirs:
//   version: 0.1
//   resource_usage:
//     aws_lambda_function.api:        {monthly_requests: 1000000, request_duration_ms: 250}
//     aws_cloudwatch_log_group.x[*]:  {storage_gb: 50}     # every instance of a counted resource
//     module.app.aws_s3_bucket.logs:  {standard: {storage_gb: 100}}
//   resource_type_default_usage:      # every resource of a type without an entry of its own
//     aws_lambda_function:            {monthly_requests: 100000}
// Which keys a resource type accepts is checked where the file is applied (usage_check.h).

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace faber::reconciler::cost {

class UsageFile {
 public:
  UsageFile() = default;

  // Parses usage YAML; `name` (the file path) prefixes errors, which give the line:
  // "usage.yml:7: ...". kInvalidInput for malformed YAML, an unsupported version or a
  // resource_usage that is not a map of maps. Records the line of every entry and key.
  static common::Result<UsageFile> Parse(const std::string& name, const std::string& yaml_text);
  // Reads and parses the file at `path` (kNotFound when missing).
  static common::Result<UsageFile> Load(const std::string& path);

  // The usage for `address`: the exact entry, else the wildcard entry ("x[*]") of a counted or
  // for_each instance, else an entry named by the bare resource type ("aws_lambda_function");
  // an empty object when none matches.
  nlohmann::json For(const std::string& address) const;
  // Number of entries.
  size_t size() const { return entries_.size(); }

  struct Entry {
    std::string address;  // as written: "aws_x.y", "aws_x.y[*]" or a bare type "aws_x"
    nlohmann::json usage;
    int line = 0;  // 1-based line of the address
    // 1-based line of each key by its path in `usage` ("monthly_requests", "standard.storage_gb").
    std::map<std::string, int> key_lines;
  };
  // The entries in file order (resource_usage first, then resource_type_default_usage).
  const std::vector<Entry>& entries() const { return entries_; }
  // The file name given to Parse (prefixes messages about the file).
  const std::string& name() const { return name_; }
  // The text of a scalar usage value as pricers read it: a string as written, a whole number
  // without a fraction ("1", so that `reserved_instance_term: 1` reads as written), other numbers
  // and booleans as JSON spells them.
  static std::string TextOf(const nlohmann::json& value);
  // True when entry `entry_address` gives the usage of the resource at `address` of `type`, by
  // address, wildcard or type.
  static bool Applies(const std::string& entry_address, const std::string& address, const std::string& type);

 private:
  std::string name_;
  std::vector<Entry> entries_;
};

}  // namespace faber::reconciler::cost
