#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/git_repository.h"
#include "store/records_store.h"

namespace faber::reconciler {

// A failed stage, as the pipeline hands it to the debugger. `output` is already redacted.
struct FailureContext {
  std::string environment;
  std::string commit;
  std::string stage;      // validate | pre-deployment | preview | deploy | post-deployment
  std::string operation;  // the engine operation: init, validate, plan, apply, outputs, health_check
  int exit_code = -1;
  std::string output;
};

// What the debugger makes of a failure.
struct DebugAnalysis {
  nlohmann::json summary = nlohmann::json::object();  // goes into the run record as "debug"
  std::string markdown;                               // the proposal, for a pull-request comment
  std::vector<store::FileChange> issue_log_changes;   // issues/<id>.json, committed with the run
};

// The narrow view of the debugger the pipeline needs. Called inside the records mutation, so it
// must derive its changes from `records` alone (it can run again after a lost compare-and-swap).
class FailureDebugger {
 public:
  virtual ~FailureDebugger() = default;
  // Analyzes one failure against the issue log in `records`.
  virtual DebugAnalysis Analyze(const FailureContext& failure, const store::RecordsSnapshot& records) = 0;
};

// Used until a real debugger is wired in: records nothing, proposes nothing.
class NullFailureDebugger : public FailureDebugger {
 public:
  DebugAnalysis Analyze(const FailureContext&, const store::RecordsSnapshot&) override { return {}; }
};

}  // namespace faber::reconciler
