#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "reconciler/checks/finding.h"

namespace faber::reconciler::checks::external {

// One verdict read from an external scanner, in faber's Finding model (source = the tool).
struct ExternalFinding {
  Finding finding;
  bool severity_known = true;  // false when the tool gave none (open-source Checkov): merging takes
                               // the severity of faber's equivalent rule, else MEDIUM
};

struct ParsedOutput {
  std::vector<ExternalFinding> findings;
  std::vector<std::string> problems;  // what the output reported but could not be turned into
                                      // findings (files the tool failed to parse, unread entries)
};

// Reads `checkov -o json`: one report object (check_type, results{passed_checks, failed_checks,
// skipped_checks, parsing_errors}, summary), a list of them (several frameworks), or the
// summary-only object printed when nothing was scanned. Paths are resolved against `module_dir`.
// An error when the text is not JSON or not of that shape.
common::Result<ParsedOutput> ParseCheckovOutput(const std::string& text, const std::string& module_dir);

// Reads `tfsec --format json`: {"results": [...] | null}, from tfsec 1.x (rule_id AVD-..., long_id,
// resource, numeric status), 0.5x-0.6x (long rule_id, legacy_rule_id, status "failed") and older
// releases (rule_id AWS0xx, "passed", no resource: it is read from the description).
common::Result<ParsedOutput> ParseTfsecOutput(const std::string& text, const std::string& module_dir);

// Reads `trivy config --format json` (SchemaVersion 2): Results[] of Class "config" with
// Misconfigurations[] (ID as AVD-AWS-0086, AWS-0086 or a long id, AVDID, Status, CauseMetadata).
// Results of other classes are listed in `problems`; no Results means nothing was found.
common::Result<ParsedOutput> ParseTrivyOutput(const std::string& text, const std::string& module_dir);

}  // namespace faber::reconciler::checks::external
