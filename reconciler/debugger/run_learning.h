#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "reconciler/debugger/diagnosis.h"
#include "reconciler/debugger/issue_log.h"
#include "reconciler/failure_debugger.h"

namespace faber::reconciler::debugger {

// What one run teaches the issue log: the errors it met and what each fix attempt did. An error
// counts as one occurrence of its issue per run, however often a remedy retried it.
class RunLearning {
 public:
  RunLearning(std::map<std::string, IssueLogEntry> log, std::string now) : log_(std::move(log)), now_(std::move(now)) {}

  // Tells that the run carries out `requested` (a fix a person asked for): the engine's remedy
  // doing so is that fix, judged by RecordRequestedFix, not a second attempt.
  void CarryOut(const FixAttempt& requested) { requested_ = requested; }
  // An engine remedy: its error is an occurrence of its issue, and the issue's solution that
  // the remedy carries out (added when the issue has none) gains an attempt and its outcome.
  void RecordRemedy(const FixAttempt& attempt);
  // The run's failure: diagnosed against the log as updated so far, and an occurrence of its issue.
  Diagnosis RecordFailure(const FailureContext& failure);
  // A fix a person asked for. It worked when the run got past the stage its issue was met in, or
  // met a different issue there; `failure_issue` is the issue of the run's failure ("" when the
  // run succeeded). Nothing is recorded when the run failed before reaching that stage.
  void RecordRequestedFix(const FixAttempt& attempt, const FailureContext* failure, const std::string& failure_issue);

  const std::map<std::string, IssueLogEntry>& log() const { return log_; }
  // The ids of the entries changed by this run, to be stored.
  const std::set<std::string>& changed() const { return changed_; }
  // One object per attempt: issue_id, solution_id, remedy, succeeded and the solution's record
  // after it, or recorded: false with the reason.
  const nlohmann::json& fixes() const { return fixes_; }

 private:
  IssueLogEntry& Occur(const Diagnosis& d, const DebugContext& context);
  void Record(IssueLogEntry& entry, const std::string& solution_id, const FixAttempt& attempt, bool success);

  std::map<std::string, IssueLogEntry> log_;
  std::string now_;
  std::optional<FixAttempt> requested_;
  std::set<std::string> changed_, occurred_;
  nlohmann::json fixes_ = nlohmann::json::array();
};

// The fix attempts of a run (RunLearning::fixes) as a Markdown section for the pull-request
// comment; "" when there were none.
std::string FixesToMarkdown(const nlohmann::json& fixes);

}  // namespace faber::reconciler::debugger
