#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "manifests/run_vocabulary.h"
#include "reconciler/failure_debugger.h"
#include "reconciler/stages/test_report.h"

namespace faber::reconciler {

// What one stage did; `output` is redacted and limited to its last 64 KiB.
struct StageRecord {
  manifests::Stage stage = manifests::Stage::kValidate;
  manifests::StageStatus status = manifests::StageStatus::kPassed;
  int exit_code = 0;
  int64_t duration_ms = 0;
  std::string detail;
  std::string output;
};

// The monthly cost a run's tests estimated: from the plan when there was one, else from the code.
struct CostFigure {
  double monthly_usd = 0;
  std::optional<double> budget_usd;
  std::string test;  // the test case it comes from: "cost" or "cost (plan)"
};

// What one run did, typed: the pipeline fills it, the environment reconciler adds the debugger's
// analysis and the records commit, and every report (records, comments, git notes, the CLI)
// renders from it. Nothing re-reads the records to learn how a run went.
struct RunSummary {
  manifests::RunKind kind = manifests::RunKind::kDeploy;
  std::string run_id;          // "<yyyymmddThhmmssZ>-<sha7>"
  std::string environment;
  std::string branch;
  std::string commit;
  std::optional<int> pull_request;
  common::TimePoint started;
  common::TimePoint finished;
  bool tests_skipped = false;
  bool code_withheld = false;  // a preview of an untrusted head: no engine, test or scanner command ran

  manifests::RunStatus status = manifests::RunStatus::kSucceeded;
  std::vector<StageRecord> stages;  // every stage of the table, in order; later ones not_run
  std::optional<TestReport> pre_report;
  std::optional<TestReport> post_report;
  std::optional<FailureContext> failure;   // the failed stage, for the record and the debugger
  nlohmann::json outputs;                  // engine outputs (sensitive values masked), null if none
  nlohmann::json plan_summary;             // the previewed plan's summary (masked), null if none
  std::string plan_markdown;               // the same as Markdown for a comment, "" if none
  std::optional<CostFigure> cost;
  std::vector<FixAttempt> fix_attempts;    // the remedies the engine ran, for the issue log
  std::optional<FixAttempt> requested_fix; // the fix a person asked this run to carry out

  // Filled when the run is recorded.
  nlohmann::json diagnosis = nlohmann::json::object();  // the debugger's summary ("debug" in the record)
  nlohmann::json fixes = nlohmann::json::array();       // each fix attempt as the issue log recorded it
  std::string proposal_markdown;                        // the debugger's ranked proposal, "" if none
  std::string records_commit;

  // Milliseconds from started to finished.
  int64_t duration_ms() const;
  // The record of `stage`, or nullptr when the run has none.
  const StageRecord* Find(manifests::Stage stage) const;
  // True when some stage was aborted (shutdown or cancel).
  bool AnyAborted() const;
};

}  // namespace faber::reconciler
