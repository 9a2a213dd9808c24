#pragma once

// Usage estimates for usage-based cost components, in Infracost's usage file format so teams can
// reuse theirs:
//   version: 0.1
//   resource_usage:
//     aws_lambda_function.api:        {monthly_requests: 1000000, request_duration_ms: 250}
//     aws_cloudwatch_log_group.x[*]:  {storage_gb: 50}     # every instance of a counted resource
//     module.app.aws_s3_bucket.logs:  {standard: {storage_gb: 100}}

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
  // resource_usage that is not a map of maps.
  static common::Result<UsageFile> Parse(const std::string& name, const std::string& yaml_text);
  // Reads and parses the file at `path` (kNotFound when missing).
  static common::Result<UsageFile> Load(const std::string& path);

  // The usage for `address`: the exact entry, else the wildcard entry ("x[*]") of a counted or
  // for_each instance, else an entry named by the bare resource type ("aws_lambda_function");
  // an empty object when none matches.
  nlohmann::json For(const std::string& address) const;
  // Number of entries.
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string address;
    nlohmann::json usage;
  };
  std::vector<Entry> entries_;
};

}  // namespace faber::reconciler::cost
