#include "reconciler/drift_check.h"

#include "common/json_parse.h"
#include "reconciler/plan/plan_summary.h"
#include "reconciler/plan/sensitive.h"
#include "store/records_layout.h"

namespace faber::reconciler {

DriftOutcome CheckDrift(Engine& engine, const EngineContext& ctx, const std::string& environment,
                        const std::string& commit, common::Redactor& redactor, common::TimePoint now) {
  DriftOutcome outcome;
  outcome.report = {{"phase", "drift"}, {"environment", environment}, {"commit", commit},
                    {"timestamp", common::FormatIso8601(now)}, {"faber_version", FABER_VERSION}};
  EngineResult init = engine.Init(ctx);
  EngineResult drift = init.ok ? engine.Drift(ctx) : init;
  if (!drift.ran) {
    outcome.verdict = manifests::DriftVerdict::kFailed;
    outcome.detail = "this engine cannot tell drift (" + drift.detail + ")";
  } else if (!drift.ok) {
    outcome.verdict = manifests::DriftVerdict::kFailed;
    outcome.detail = (init.ok ? "refresh-only plan " : "init ") + drift.detail;
    outcome.report["output"] = redactor.Redact(drift.output);
  } else {
    for (const auto& secret : plan::CollectSensitiveValues(drift.data)) redactor.AddSecretValue(secret);
    // A refresh-only plan lists what changed outside Terraform under resource_drift.
    plan::PlanDocument doc = plan::PlanDocumentOf(drift.data);
    doc.json["resource_changes"] = drift.data.value("resource_drift", nlohmann::json::array());
    plan::PlanSummary summary = plan::SummarizePlan(doc);
    int drifted = 0;
    for (const auto& c : summary.changes) drifted += c.action != plan::ChangeAction::kNoOp;
    outcome.verdict = drifted > 0 ? manifests::DriftVerdict::kDrifted : manifests::DriftVerdict::kInSync;
    outcome.detail = drifted > 0 ? std::to_string(drifted) + " resource(s) changed outside faber" : "no drift";
    nlohmann::json resources = nlohmann::json::array();
    for (const auto& c : summary.changes) {
      if (c.action == plan::ChangeAction::kNoOp) continue;
      resources.push_back({{"address", c.address}, {"type", c.type}, {"action", plan::ChangeActionName(c.action)},
                           {"changed_attributes", c.changed_attributes}});
    }
    outcome.report["drifted_resources"] = nlohmann::json::parse(redactor.Redact(resources.dump()), nullptr, false);
  }
  outcome.report["status"] = manifests::DriftVerdictName(outcome.verdict);
  outcome.report["detail"] = outcome.detail;
  return outcome;
}

namespace {

constexpr size_t kMaxDriftChecks = 100;  // rows kept in history.json's drift_checks

// The environment's drift state after this check. `since` survives checks that agree (still
// drifted at the same commit) and failed checks (they tell nothing new).
nlohmann::json DriftState(const nlohmann::json& previous, const std::string& commit, const std::string& checked_at,
                          const std::string& report_path, const DriftOutcome& outcome) {
  const auto& resources = outcome.report.value("drifted_resources", nlohmann::json::array());
  nlohmann::json state = {{"status", manifests::DriftVerdictName(outcome.verdict)}, {"checked_at", checked_at},
                          {"commit", commit},             {"report", report_path},
                          {"drifted_resources", resources.is_array() ? resources.size() : 0},
                          {"detail", outcome.detail},     {"since", nullptr}};
  bool same_commit = previous.is_object() && previous.value("commit", "") == commit;
  nlohmann::json previous_since = same_commit ? previous.value("since", nlohmann::json()) : nlohmann::json();
  if (outcome.verdict == manifests::DriftVerdict::kDrifted) {
    state["since"] = previous_since.is_string() ? previous_since : nlohmann::json(checked_at);
  } else if (outcome.verdict == manifests::DriftVerdict::kFailed) {
    state["since"] = previous_since;
  }
  return state;
}

}  // namespace

common::Result<store::RecordsChange> BuildDriftRecord(const store::RecordsSnapshot& records,
                                                      const std::string& environment, const std::string& commit,
                                                      common::TimePoint started, const DriftOutcome& outcome) {
  store::RecordsChange change;
  std::string report_path = store::ReportPath(environment, started, commit, "drift");
  std::string checked_at = common::FormatIso8601(started);
  change.files.push_back({report_path, outcome.report.dump(2) + "\n"});

  std::string deployment_path = store::DeploymentPath(environment);
  store::DeploymentState deployment;
  deployment.environment = environment;
  if (auto text = records.Read(deployment_path); text.ok()) {
    auto parsed = store::ParseDeploymentState(*text, deployment_path);
    if (!parsed.ok()) return parsed.status();
    deployment = std::move(*parsed);
  } else if (text.status().kind() != common::ErrorKind::kNotFound) {
    return text.status();
  }
  deployment.drift = DriftState(deployment.drift, commit, checked_at, report_path, outcome);
  change.files.push_back({deployment_path, store::SerializeDeploymentState(deployment)});

  std::string history_path = store::HistoryPath(environment);
  nlohmann::json history = nlohmann::json::object();
  if (auto text = records.Read(history_path); text.ok()) {
    history = common::ParseJson(*text);
    if (!history.is_object()) return common::InvalidInput(history_path + ": unreadable history (not a JSON object)");
  } else if (text.status().kind() != common::ErrorKind::kNotFound) {
    return text.status();
  }
  history["environment"] = environment;
  nlohmann::json& checks = history["drift_checks"];
  if (!checks.is_array()) checks = nlohmann::json::array();
  checks.push_back({{"checked_at", checked_at},
                    {"commit", commit},
                    {"status", manifests::DriftVerdictName(outcome.verdict)},
                    {"drifted_resources", deployment.drift["drifted_resources"]},
                    {"report", report_path}});
  while (checks.size() > kMaxDriftChecks) checks.erase(checks.begin());
  change.files.push_back({history_path, history.dump(2) + "\n"});

  change.message = store::RecordsCommitMessage(environment, "drift", commit, manifests::DriftVerdictName(outcome.verdict), std::nullopt,
                                               "Drift check of " + commit + ": " + outcome.detail + ".\n");
  return change;
}

}  // namespace faber::reconciler
