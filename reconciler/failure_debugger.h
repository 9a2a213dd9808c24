#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "manifests/run_vocabulary.h"
#include "store/records_store.h"

namespace faber::reconciler {

// A failed stage, as the pipeline hands it to the debugger. `output` is already redacted.
struct FailureContext {
  std::string environment;
  std::string commit;
  manifests::Stage stage = manifests::Stage::kValidate;
  std::string operation;  // the engine operation: init, validate, plan, apply, outputs, health_check, ...
  int exit_code = -1;
  std::string output;
};

// One attempt at fixing an error during a run: a remedy the engine ran by itself (the issue is
// found from `failure_output`), or a fix a person asked for (`/faber apply-fix`: the issue and
// solution are named, and whether it worked is judged from how the run ended).
struct FixAttempt {
  std::string environment;
  std::string commit;          // the commit the run deployed
  manifests::Stage stage = manifests::Stage::kValidate;  // where the error was (for a requested fix: where it was before)
  std::string operation;       // init | validate | plan | apply | ...
  std::string remedy;          // retry_with_backoff | unlock_state | reinit_providers
  std::string failure_output;  // the failure it answered, redacted; "" for a requested fix
  bool succeeded = false;      // for an engine remedy: the command succeeded after it
  std::string issue_id;        // set for a requested fix
  std::string solution_id;     // set for a requested fix
  std::string requested_by;    // who asked for it, "" for an engine remedy
};

// What the debugger makes of a run: the failure's diagnosis and what the fix attempts taught.
struct DebugAnalysis {
  nlohmann::json summary = nlohmann::json::object();  // goes into the run record as "debug"
  nlohmann::json fixes = nlohmann::json::array();     // each attempt as recorded: issue, solution, success
  std::string markdown;                               // the proposal, for a pull-request comment
  std::vector<store::FileChange> issue_log_changes;   // issues/<id>.json, committed with the run
};

// The narrow view of the debugger the pipeline needs. Called inside the records mutation, so it
// must derive its changes from `records` alone (it can run again after a lost compare-and-swap).
class FailureDebugger {
 public:
  virtual ~FailureDebugger() = default;
  // Analyzes the run's failure (none when it succeeded) and records the outcome of each fix
  // attempt of the run, against the issue log in `records`.
  virtual DebugAnalysis Analyze(const FailureContext* failure, const std::vector<FixAttempt>& attempts,
                                const store::RecordsSnapshot& records) = 0;
};

// Used until a real debugger is wired in: records nothing, proposes nothing.
class NullFailureDebugger : public FailureDebugger {
 public:
  DebugAnalysis Analyze(const FailureContext*, const std::vector<FixAttempt>&, const store::RecordsSnapshot&) override {
    return {};
  }
};

}  // namespace faber::reconciler
