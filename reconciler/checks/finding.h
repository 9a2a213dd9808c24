#pragma once

#include <string>
#include <vector>

#include "reconciler/checks/rule.h"

namespace faber::reconciler::checks {

enum class FindingStatus { kPassed, kFailed, kSkipped, kUnknown };

// "PASSED", "FAILED", "SKIPPED", "UNKNOWN".
const char* FindingStatusName(FindingStatus s);

// One rule's verdict on one resource.
struct Finding {
  std::string rule_id;
  std::string title;
  Severity severity = Severity::kMedium;
  std::string category;       // security | compliance | best-practice
  FindingStatus status = FindingStatus::kPassed;
  std::string address;        // module.x.aws_s3_bucket.logs
  std::string resource_type;
  std::string file;
  int line = 0;
  std::string message;        // what is wrong (failures) or why it was skipped / unknown
  std::string recommendation;
  std::vector<std::string> equivalents;
  std::string source = "faber";           // who reported it: faber, checkov, tfsec or trivy
  std::vector<std::string> confirmed_by;  // other scanners that reported the same verdict (merged)
};

}  // namespace faber::reconciler::checks
