#include "reconciler/stages/record_stage.h"

#include "store/records_layout.h"

namespace faber::reconciler {
namespace {

// Reads the environment's deployment record, or starts one.
common::Result<store::DeploymentState> LoadDeployment(const store::RecordsSnapshot& records,
                                                      const std::string& environment, const std::string& branch) {
  std::string path = store::DeploymentPath(environment);
  auto text = records.Read(path);
  if (!text.ok()) {
    if (text.status().kind() != common::ErrorKind::kNotFound) return text.status();
    store::DeploymentState fresh;
    fresh.environment = environment;
    fresh.branch = branch;
    return fresh;
  }
  return store::ParseDeploymentState(*text, path);
}

nlohmann::json StagesJson(const std::vector<StageRecord>& stages) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : stages) {
    nlohmann::json j = {{"name", manifests::StageName(s.stage)},
                        {"status", manifests::StageStatusName(s.status)},
                        {"duration_ms", s.duration_ms},
                        {"detail", s.detail}};
    if (s.status == manifests::StageStatus::kFailed || s.status == manifests::StageStatus::kAborted) {
      j["exit_code"] = s.exit_code;
    }
    if (!s.output.empty()) j["output"] = s.output;
    out.push_back(j);
  }
  return out;
}

std::string ReportStatus(const std::optional<TestReport>& report) {
  return report ? report->OverallStatus() : "";
}

// Returns the read history or "" when there is none yet; other read errors pass through.
common::Result<std::string> ReadHistory(const store::RecordsSnapshot& records, const std::string& environment) {
  auto text = records.Read(store::HistoryPath(environment));
  if (!text.ok() && text.status().kind() == common::ErrorKind::kNotFound) return std::string();
  return text;
}

int64_t Millis(common::TimePoint a, common::TimePoint b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

}  // namespace

common::Result<RunRecord> BuildRunRecord(const RunSummary& run, FailureDebugger& debugger,
                                         const store::RecordsSnapshot& records) {
  const RunSummary& outcome = run;
  auto deployment = LoadDeployment(records, run.environment, run.branch);
  if (!deployment.ok()) return deployment.status();
  RunRecord record;
  store::RecordsChange& change = record.change;
  const std::string status = manifests::RunStatusName(run.status);

  nlohmann::json reports = nlohmann::json::object();
  for (const auto* report : {&outcome.pre_report, &outcome.post_report}) {
    if (!report->has_value()) continue;
    const char* phase = manifests::StageName((*report)->phase);
    std::string path = store::ReportPath(run.environment, run.started, run.commit, phase);
    nlohmann::ordered_json document = (*report)->ToJson();
    // The previewed plan is recorded with the tests that ran before deploying it.
    if ((*report)->phase == manifests::Stage::kPreDeployment && !outcome.plan_summary.is_null()) {
      document["plan"] = outcome.plan_summary;
    }
    change.files.push_back({path, document.dump(2) + "\n"});
    reports[phase] = path;
  }

  nlohmann::json last_run = {{"run_id", run.run_id},
                             {"commit", run.commit},
                             {"status", status},
                             {"started_at", common::FormatIso8601(run.started)},
                             {"finished_at", common::FormatIso8601(run.finished)},
                             {"duration_ms", Millis(run.started, run.finished)},
                             {"tests_skipped", run.tests_skipped},
                             {"stages", StagesJson(outcome.stages)},
                             {"reports", reports}};
  if (run.pull_request) last_run["pull_request"] = *run.pull_request;
  if (!outcome.outputs.is_null()) last_run["outputs"] = outcome.outputs;
  std::string failed_stage;
  if (outcome.failure) {
    const FailureContext& f = *outcome.failure;
    failed_stage = manifests::StageName(f.stage);
    last_run["failure"] = {{"stage", failed_stage}, {"operation", f.operation}, {"exit_code", f.exit_code}, {"output", f.output}};
  }
  std::vector<FixAttempt> attempts = outcome.fix_attempts;
  if (run.requested_fix) attempts.push_back(*run.requested_fix);
  if (outcome.failure || !attempts.empty()) {
    record.analysis = debugger.Analyze(outcome.failure ? &*outcome.failure : nullptr, attempts, records);
    DebugAnalysis& analysis = record.analysis;
    if (!analysis.summary.empty()) last_run["debug"] = analysis.summary;
    if (!analysis.fixes.empty()) last_run["fixes"] = analysis.fixes;
    for (auto& file : analysis.issue_log_changes) change.files.push_back(std::move(file));
    analysis.issue_log_changes.clear();
  }

  store::DeploymentState& state = *deployment;
  state.branch = run.branch;
  state.status = status;
  state.last_attempted_commit = run.commit;
  if (run.status == manifests::RunStatus::kSucceeded) state.last_applied_commit = run.commit;
  state.updated_at = common::FormatIso8601(run.finished);
  state.last_run = last_run;
  change.files.push_back({store::DeploymentPath(run.environment), store::SerializeDeploymentState(state)});

  auto history_text = ReadHistory(records, run.environment);
  if (!history_text.ok()) return history_text.status();
  store::HistoryRow row{run.run_id,          run.commit,       status,         common::FormatIso8601(run.started),
                        Millis(run.started, run.finished), failed_stage, ReportStatus(outcome.pre_report),
                        ReportStatus(outcome.post_report), run.pull_request};
  auto history = store::AppendHistory(*history_text, run.environment, row);
  if (!history.ok()) return history.status();
  change.files.push_back({store::HistoryPath(run.environment), history->dump(2) + "\n"});

  std::string body = "Run " + run.run_id + " of " + run.branch + (run.tests_skipped ? " (tests skipped by --skip-tests)" : "") + ".\n";
  for (const auto& s : outcome.stages) {
    body += std::string("- ") + manifests::StageName(s.stage) + ": " + manifests::StageStatusName(s.status) +
            (s.detail.empty() ? "" : " (" + s.detail + ")") + "\n";
  }
  change.message = store::RecordsCommitMessage(run.environment, "deploy", run.commit, status, run.pull_request, body);
  return record;
}

common::Result<store::RecordsChange> BuildInterruptedRecord(const store::JournalEntry& journal,
                                                            common::TimePoint detected,
                                                            manifests::InterruptedPolicy policy_kind,
                                                            const store::RecordsSnapshot& records) {
  const std::string policy = manifests::InterruptedPolicyName(policy_kind);
  auto deployment = LoadDeployment(records, journal.environment, journal.branch);
  if (!deployment.ok()) return deployment.status();
  common::TimePoint started = detected;
  common::ParseIso8601(journal.started_at, &started);
  store::DeploymentState& state = *deployment;
  state.status = "interrupted";
  state.last_attempted_commit = journal.commit;
  state.updated_at = common::FormatIso8601(detected);
  state.last_run = {{"run_id", journal.run_id},
                    {"commit", journal.commit},
                    {"status", "interrupted"},
                    {"started_at", journal.started_at},
                    {"detected_at", common::FormatIso8601(detected)},
                    {"interrupted_stage", journal.stage},
                    {"policy", policy}};
  store::RecordsChange change;
  change.files.push_back({store::DeploymentPath(journal.environment), store::SerializeDeploymentState(state)});
  auto history_text = ReadHistory(records, journal.environment);
  if (!history_text.ok()) return history_text.status();
  store::HistoryRow row{journal.run_id, journal.commit, "interrupted", journal.started_at, Millis(started, detected),
                        journal.stage,  "",             "",            std::nullopt};
  auto history = store::AppendHistory(*history_text, journal.environment, row);
  if (!history.ok()) return history.status();
  change.files.push_back({store::HistoryPath(journal.environment), history->dump(2) + "\n"});
  std::string body = "Run " + journal.run_id + " stopped during the " + journal.stage +
                     " stage without finishing (faber was killed or the machine stopped).\nPolicy: " + policy +
                     (policy_kind == manifests::InterruptedPolicy::kStop ? " (run `faber reconcile --retry` to deploy this commit again)." : ".") + "\n";
  change.message = store::RecordsCommitMessage(journal.environment, "recover", journal.commit, "interrupted", std::nullopt, body);
  return change;
}

}  // namespace faber::reconciler
