#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "reconciler/debugger/diagnosis.h"
#include "reconciler/debugger/issue_log.h"

namespace faber::reconciler::debugger {

// The log entry after one more occurrence of the diagnosed error: a new entry (seeded with the
// solutions of the knowledge entry that matched, so outcomes are measured from the first time)
// or the existing one with its count, last_seen, context and related issues updated. The stored
// message is redacted of secrets.
IssueLogEntry RecordOccurrence(const Diagnosis& d, const std::map<std::string, IssueLogEntry>& log,
                               const DebugContext& context);

// What a person or a remedy reports about one attempt at a fix.
struct Outcome {
  std::string solution_id;    // an existing solution, or
  std::string new_solution;   // the description of a manual fix, added as a new solution
  bool success = false;
  std::string environment;
  std::string now;            // RFC 3339
};

// The entry after the attempt: attempts, successes or failures, resolution time (from the last
// occurrence), the environment and last success updated; an issue with a success is resolved.
// kNotFound when the solution id is not one of the entry's; kInvalidInput without a solution.
common::Result<IssueLogEntry> RecordOutcome(IssueLogEntry entry, const Outcome& outcome);

// Totals over the log: issues, occurrences, resolved share, category distribution, automation rate
// (issues with an automated solution), average resolution time, the most frequent issues.
nlohmann::json IssueStatistics(const std::map<std::string, IssueLogEntry>& log);

}  // namespace faber::reconciler::debugger
