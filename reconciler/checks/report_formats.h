#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "reconciler/checks/scanner.h"

namespace faber::reconciler::checks {

// faber's own JSON: {"summary": {passed, failed, skipped, unknown, by_severity}, "findings": [...]}.
nlohmann::json ScanToJson(const ScanResult& result);

// SARIF 2.1.0 (what GitHub code scanning and most CI viewers read): one run, every rule that ran
// in tool.driver.rules, one result per failed finding (level from severity) and one per skip
// (with a suppression), with the file and line of the resource.
nlohmann::json ScanToSarif(const ScanResult& result, const std::string& base_dir);

// JUnit XML: one testsuite per rule, one testcase per resource; failures carry the message and the
// recommendation; skips are <skipped/>.
std::string ScanToJunit(const ScanResult& result);

}  // namespace faber::reconciler::checks
