#pragma once

#include <string>

namespace faber::reconciler::checks {

// What happened to one external scanner (checkov, tfsec, trivy) enabled for a scan.
struct ScannerRun {
  enum class Status {
    kOk,            // ran and its JSON was read
    kNotInstalled,  // not on PATH: a notice, not a failure (unless required)
    kFailed,        // crashed, timed out, or printed no readable JSON
    kWithheld,      // not run: the code is from an author not trusted to run programs on faber's host
  };
  std::string tool;
  Status status = Status::kOk;
  std::string message;       // what went wrong, or what was read ("12 findings, 1 file not parsed")
  int findings = 0;          // findings read from its output (before merging with faber's own)
  int merged = 0;            // of those, the ones that confirmed a finding already reported
  long duration_ms = 0;
  bool required = false;     // a required scanner that did not run fails the security checks
};

// "ok", "not_installed", "failed".
const char* ScannerRunStatusName(ScannerRun::Status s);

}  // namespace faber::reconciler::checks
