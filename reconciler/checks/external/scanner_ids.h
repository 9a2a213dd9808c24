#pragma once

#include <string>
#include <vector>

namespace faber::reconciler::checks::external {

// Returns `id` in the spelling faber compares with: Trivy's newer "AWS-0086" becomes "AVD-AWS-0086",
// tfsec's older "aws-vpc-..." service names become "aws-ec2-...", Checkov ids are kept.
std::string CanonicalId(const std::string& id);

// Returns the canonical ids naming the same check in Checkov, Trivy/tfsec (AVD id and long id)
// and legacy tfsec (AWS0xx), `id` itself included. Unknown ids map to themselves only.
std::vector<std::string> EquivalentIds(const std::string& id);

// Returns the canonical ids a finding of check `id` is also reported under, `id` included: for a
// Checkov id, the AVD and long ids of the Trivy/tfsec check that covers it; for an AVD, long or
// legacy id, its other spellings only (one AVD check can cover several narrower Checkov checks, so
// it never implies any one of them).
std::vector<std::string> BroaderIds(const std::string& id);

}  // namespace faber::reconciler::checks::external
