#include "reconciler/debugger/run_learning.h"

#include <algorithm>

#include "reconciler/debugger/issue_index.h"
#include "reconciler/debugger/learning.h"

namespace faber::reconciler::debugger {
namespace {

// The solution a remedy carries out when the issue's knowledge entry offers none: the engine ran
// it anyway (its policy allowed it), and its record must be kept somewhere.
Solution RemedySolution(const std::string& remedy) {
  Solution s;
  s.automation = {true, remedy, ""};
  if (remedy == "unlock_state") {
    s.solution_id = "engine-unlock-state";
    s.description = "Release the stale state lock named in the error (force-unlock), then run again";
    s.impact = "medium";
  } else if (remedy == "reinit_providers") {
    s.solution_id = "engine-reinit";
    s.description = "Initialize again with -upgrade or -reconfigure, as the error asks";
  } else {
    s.solution_id = "engine-retry";
    s.description = "Retry with backoff: the error is transient (throttling, a timeout, a reset connection)";
  }
  s.steps = {s.description};
  return s;
}

// The id of the solution of `entry` that `remedy` carries out, added to it when missing.
std::string SolutionFor(IssueLogEntry& entry, const std::string& remedy) {
  for (const auto& s : entry.solutions) {
    if (s.automation.remedy == remedy) return s.solution_id;
  }
  entry.solutions.push_back(RemedySolution(remedy));
  return entry.solutions.back().solution_id;
}

}  // namespace

IssueLogEntry& RunLearning::Occur(const Diagnosis& d, const DebugContext& context) {
  changed_.insert(d.issue_id);
  if (!occurred_.insert(d.issue_id).second) return log_.at(d.issue_id);
  IssueLogEntry entry = RecordOccurrence(d, log_, context);
  return log_[d.issue_id] = std::move(entry);
}

void RunLearning::Record(IssueLogEntry& entry, const std::string& solution_id, const FixAttempt& attempt,
                         bool success) {
  nlohmann::json fix = {{"issue_id", entry.issue_id}, {"solution_id", solution_id}, {"remedy", attempt.remedy},
                        {"operation", attempt.operation}, {"succeeded", success}};
  if (!attempt.requested_by.empty()) fix["requested_by"] = attempt.requested_by;
  auto updated = RecordOutcome(entry, {solution_id, "", success, attempt.environment, now_});
  if (!updated.ok()) {
    fix["recorded"] = false;
    fix["reason"] = updated.status().message();
    fixes_.push_back(fix);
    return;
  }
  entry = std::move(*updated);
  changed_.insert(entry.issue_id);
  for (const auto& s : entry.solutions) {
    if (s.solution_id != solution_id) continue;
    fix["attempts"] = s.attempts;
    fix["successes"] = s.successes;
  }
  fix["recorded"] = true;
  fixes_.push_back(fix);
}

void RunLearning::RecordRemedy(const FixAttempt& attempt) {
  // Identity only: the remedy already ran, so the log's ranking has nothing to add here.
  static const std::map<std::string, IssueLogEntry> kNoLog;
  static const IssueIndex kNoIndex(kNoLog);
  DebugContext context{attempt.environment, attempt.operation, now_};
  Diagnosis d = Diagnose(attempt.failure_output, context, kNoLog, kNoIndex);
  IssueLogEntry& entry = Occur(d, context);
  if (requested_ && requested_->issue_id == d.issue_id && requested_->remedy == attempt.remedy) return;
  Record(entry, SolutionFor(entry, attempt.remedy), attempt, attempt.succeeded);
}

Diagnosis RunLearning::RecordFailure(const FailureContext& failure) {
  DebugContext context{failure.environment, failure.operation, now_};
  Diagnosis d;
  {
    IssueIndex index(log_);
    d = Diagnose(failure.output, context, log_, index);
  }
  Occur(d, context);
  return d;
}

void RunLearning::RecordRequestedFix(const FixAttempt& attempt, const FailureContext* failure,
                                     const std::string& failure_issue) {
  auto it = log_.find(attempt.issue_id);
  if (it == log_.end()) {
    fixes_.push_back({{"issue_id", attempt.issue_id}, {"solution_id", attempt.solution_id}, {"recorded", false},
                      {"requested_by", attempt.requested_by}, {"reason", "the issue is not in the issue log"}});
    return;
  }
  // Where each stage comes in the pipeline tells whether the rerun got past the failed one.
  int before = manifests::StageIndex(attempt.stage);
  int after = failure == nullptr ? static_cast<int>(manifests::kStageOrder.size()) : manifests::StageIndex(failure->stage);
  if (after < before) {
    fixes_.push_back({{"issue_id", attempt.issue_id}, {"solution_id", attempt.solution_id}, {"recorded", false},
                      {"requested_by", attempt.requested_by},
                      {"reason", std::string("the run failed at ") + manifests::StageName(failure->stage) + ", before reaching " + manifests::StageName(attempt.stage) +
                                     " where the fix would show"}});
    return;
  }
  bool success = after > before || failure_issue != attempt.issue_id;
  Record(it->second, attempt.solution_id, attempt, success);
}

std::string FixesToMarkdown(const nlohmann::json& fixes) {
  if (fixes.empty()) return "";
  std::string md = "### Fixes tried in this run\n\n";
  for (const auto& f : fixes) {
    std::string who = f.contains("requested_by") ? "`/faber apply-fix " + f.value("solution_id", "") + "` from @" +
                                                       f.value("requested_by", "")
                                                 : "faber ran `" + f.value("remedy", "") + "` on " + f.value("operation", "");
    md += "- " + who + " for issue `" + f.value("issue_id", "") + "`: ";
    if (!f.value("recorded", false)) {
      md += "not recorded (" + f.value("reason", "") + ")\n";
      continue;
    }
    md += std::string(f.value("succeeded", false) ? "**worked**" : "**did not work**") + "; solution `" +
          f.value("solution_id", "") + "` has now succeeded " + std::to_string(f.value("successes", 0)) + " of " +
          std::to_string(f.value("attempts", 0)) + " times\n";
  }
  return md + "\n";
}

}  // namespace faber::reconciler::debugger
