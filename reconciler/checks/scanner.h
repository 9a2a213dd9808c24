#pragma once

#include <string>
#include <vector>

#include "reconciler/checks/finding.h"
#include "reconciler/checks/rule.h"
#include "reconciler/checks/scanner_run.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::checks {

struct ScanOptions {
  std::vector<std::string> skip;           // rule ids (or their equivalents) not run: faber.yaml tests.skip
  std::vector<std::string> required_tags;  // faber.yaml tagging.required
  std::string naming_pattern;              // faber.yaml naming.pattern (ECMAScript)
  bool production = false;                 // stateful resources must have prevent_destroy
};

struct ScanResult {
  std::vector<Finding> findings;           // one per rule and resource, in resource then rule order
  int passed = 0, failed = 0, skipped = 0, unknown = 0;
  std::vector<ScannerRun> scanners;        // external scanners enabled for this scan, in order
};

// Runs every rule over the managed resources of `model`, then the tagging, naming and best-practice
// checks; honours inline skips (faber, Checkov, tfsec syntax) found in the resources' source files.
// A skip without a reason is reported as a failed FABER_SKIP_WITHOUT_REASON finding.
ScanResult Scan(const ResourceModel& model, const std::vector<Rule>& rules, const ScanOptions& options);

}  // namespace faber::reconciler::checks
