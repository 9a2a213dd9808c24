#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/cancel_token.h"
#include "common/process_runner.h"
#include "reconciler/checks/external/scanner_output.h"
#include "reconciler/checks/rule.h"
#include "reconciler/checks/scanner.h"

namespace faber::reconciler::checks::external {

// One external scanner enabled in faber.yaml (tests.scanners) or with `faber scan --scanner`.
struct ScannerConfig {
  std::string name;                        // checkov | tfsec | trivy
  std::vector<std::string> args;           // appended to faber's own arguments
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  bool required = false;                   // not installed or failed: the security checks fail
};

// The scanners faber knows how to run and read.
const std::vector<std::string>& KnownScanners();

// Returns the command line that runs `scanner` over `module_dir` with JSON on stdout:
//   checkov -d DIR -o json --framework terraform --skip-download --compact ARGS
//   tfsec DIR --format json --no-colour ARGS
//   trivy config --format json --quiet ARGS DIR
std::vector<std::string> ScannerCommand(const ScannerConfig& scanner, const std::string& module_dir);

// What one scanner reported: its run (status, message) and its findings.
struct ExternalScan {
  ScannerRun run;
  std::vector<ExternalFinding> findings;
};

// Runs `scanner` over `module_dir` when its program is on env["PATH"], in its own process group,
// with exactly `env` and the scanner's timeout, and reads its JSON. Never fails: a missing program
// is kNotInstalled; a crash, timeout, unknown exit code or unreadable output is kFailed with the
// reason, keeping whatever findings the output still held.
ExternalScan RunScanner(const ScannerConfig& scanner, const std::string& module_dir, const common::Environment& env,
                        common::ProcessRunner& runner, const common::CancelToken* cancel = nullptr);

// Merges the scanners' findings into `result`. An external finding with the same resource, the
// same status and an equivalent id (the rule's own id, its `equivalents`, or the same check's id in
// another scanner) as a finding already there is reported once: the tool is added to that
// finding's confirmed_by. The others are appended, their equivalents naming faber's matching
// rules; those without a severity take the matching rule's, else MEDIUM. Findings whose id (or
// equivalent) is in `skip` are dropped. The runs go to result.scanners and the counts are redone.
void MergeExternalFindings(ScanResult& result, std::vector<ExternalScan> scans, const std::vector<Rule>& rules,
                           const std::vector<std::string>& skip);

}  // namespace faber::reconciler::checks::external
