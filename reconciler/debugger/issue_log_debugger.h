#pragma once

#include <map>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "reconciler/debugger/issue_log.h"
#include "reconciler/failure_debugger.h"

namespace faber::reconciler::debugger {

// The issue log as stored on the records branch (issues/<id>.json at the snapshot's commit).
common::Result<std::map<std::string, IssueLogEntry>> LoadIssueLog(const store::RecordsSnapshot& records);

// The debugger the pipeline calls after a run: diagnoses the failure against the issue log on the
// records branch and the knowledge base, records what the run's fix attempts did, and returns the
// proposal (for the run record and the pull-request comment) and the updated issues/<id>.json,
// committed with the run.
class IssueLogDebugger : public FailureDebugger {
 public:
  explicit IssueLogDebugger(const common::Clock& clock) : clock_(clock) {}
  DebugAnalysis Analyze(const FailureContext* failure, const std::vector<FixAttempt>& attempts,
                        const store::RecordsSnapshot& records) override;

 private:
  const common::Clock& clock_;
};

}  // namespace faber::reconciler::debugger
