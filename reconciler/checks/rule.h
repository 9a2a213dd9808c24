#pragma once

#include <memory>
#include <string>
#include <vector>

#include "reconciler/checks/condition.h"

namespace faber::reconciler::checks {

enum class Severity { kLow, kMedium, kHigh, kCritical };

// "LOW", "MEDIUM", "HIGH", "CRITICAL".
const char* SeverityName(Severity s);
// Parses a severity name (case-insensitive); false when it is none.
bool ParseSeverity(const std::string& text, Severity* out);

// One policy: which resources it applies to and the condition they must meet to pass.
struct Rule {
  std::string id;                          // FABER_AWS_S3_1, or a user's own id
  std::string title;                       // what must hold, e.g. "S3 buckets block public ACLs"
  Severity severity = Severity::kMedium;
  std::string category;                    // security | compliance | best-practice
  std::string recommendation;              // what to change
  std::vector<std::string> resource_types;
  std::vector<std::string> equivalents;    // the same check in other scanners: CKV_AWS_20, AVD-AWS-0092
  std::shared_ptr<const Condition> pass;   // the resource passes when this holds
  std::string source;                      // where the rule was defined, file:line
};

}  // namespace faber::reconciler::checks
