#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reconciler/debugger/categorizer.h"
#include "reconciler/debugger/error_extractor.h"
#include "reconciler/debugger/issue_index.h"
#include "reconciler/debugger/issue_log.h"

namespace faber::reconciler::debugger {

// Where and when an error happened.
struct DebugContext {
  std::string environment;
  std::string operation;
  std::string now;  // RFC 3339
};

// A solution proposed for an error, with why it ranks where it does.
struct RankedSolution {
  Solution solution;
  std::string from;        // the issue id or knowledge entry it comes from
  double score = 0;        // 0..1
  std::string confidence;  // high | medium | low
  bool applicable = true;  // false when it is known to have failed in this environment
  std::string applicability;
};

struct Diagnosis {
  ExtractedError error;
  Categorization category;
  std::string normalized_message;
  std::string issue_id;
  bool known = false;                   // this exact issue is in the log
  std::vector<RankedSolution> solutions;  // best first; the first is the proposal
  std::vector<std::string> related_issues;
  std::string knowledge_id;             // the knowledge entry that matched best, "" when none
};

// The stable id of an issue: the same category, code and normalized message always give the same
// id, whatever the run, account or time.
std::string IssueId(const std::string& category, const std::string& code, const std::string& normalized_message);

// Diagnoses one failure: extracts, normalizes and categorizes the error, then ranks the solutions
// of similar logged issues and of matching knowledge entries by a score of text similarity, error
// code, resource type, environment, smoothed success rate and recency. Solutions below
// `min_confidence` (low | medium | high) are left out.
Diagnosis Diagnose(const std::string& output, const DebugContext& context,
                   const std::map<std::string, IssueLogEntry>& log, const IssueIndex& index,
                   const std::string& min_confidence = "low");

// The diagnosis in the CLI's JSON shape (DESIGN.md): category, code, resource_type, issue_id,
// normalized_message, known, solutions[...].
nlohmann::json DiagnosisToJson(const Diagnosis& d);

// The proposal as a Markdown pull-request comment: what failed, why, the best fix with its steps
// and record, and the alternatives.
std::string DiagnosisToMarkdown(const Diagnosis& d);

}  // namespace faber::reconciler::debugger
