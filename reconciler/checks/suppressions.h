#pragma once

#include <string>
#include <vector>

namespace faber::reconciler::checks {

// One inline skip found in a resource block or on the comment lines just above it.
struct Suppression {
  std::string rule;    // FABER_..., CKV_AWS_20, or a tfsec/Trivy id like aws-s3-enable-versioning
  std::string reason;  // empty when none was given (itself a finding)
  std::string syntax;  // faber | checkov | tfsec
  int line = 0;
};

// The skips written for the block that starts at `line` (1-based) of `text`:
//   # faber:skip=RULE_ID reason      # checkov:skip=CKV_AWS_20:reason      # tfsec:ignore:aws-... reason
// inside the block or on the comment lines directly above it.
std::vector<Suppression> FindSuppressions(const std::string& text, int line);

}  // namespace faber::reconciler::checks
