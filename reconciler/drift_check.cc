#include "reconciler/drift_check.h"

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
    outcome.status = "failed";
    outcome.detail = "this engine cannot tell drift (" + drift.detail + ")";
  } else if (!drift.ok) {
    outcome.status = "failed";
    outcome.detail = (init.ok ? "refresh-only plan " : "init ") + drift.detail;
    outcome.report["output"] = redactor.Redact(drift.output);
  } else {
    for (const auto& secret : plan::CollectSensitiveValues(drift.data)) redactor.AddSecretValue(secret);
    // A refresh-only plan lists what changed outside Terraform under resource_drift.
    plan::PlanDocument doc;
    doc.json = drift.data;
    doc.json["resource_changes"] = drift.data.value("resource_drift", nlohmann::json::array());
    doc.format_version = drift.data.value("format_version", "");
    doc.terraform_version = drift.data.value("terraform_version", "");
    plan::PlanSummary summary = plan::SummarizePlan(doc);
    int drifted = 0;
    for (const auto& c : summary.changes) drifted += c.action != plan::ChangeAction::kNoOp;
    outcome.status = drifted > 0 ? "drifted" : "in_sync";
    outcome.detail = drifted > 0 ? std::to_string(drifted) + " resource(s) changed outside faber" : "no drift";
    nlohmann::json resources = nlohmann::json::array();
    for (const auto& c : summary.changes) {
      if (c.action == plan::ChangeAction::kNoOp) continue;
      resources.push_back({{"address", c.address}, {"type", c.type}, {"action", plan::ChangeActionName(c.action)},
                           {"changed_attributes", c.changed_attributes}});
    }
    outcome.report["drifted_resources"] = nlohmann::json::parse(redactor.Redact(resources.dump()), nullptr, false);
  }
  outcome.report["status"] = outcome.status;
  outcome.report["detail"] = outcome.detail;
  return outcome;
}

store::RecordsChange BuildDriftRecord(const std::string& environment, const std::string& commit,
                                      common::TimePoint started, const DriftOutcome& outcome) {
  store::RecordsChange change;
  change.files.push_back({store::ReportPath(environment, started, commit, "drift"), outcome.report.dump(2) + "\n"});
  change.message = store::RecordsCommitMessage(environment, "drift", commit, outcome.status, std::nullopt,
                                               "Drift check of " + commit + ": " + outcome.detail + ".\n");
  return change;
}

}  // namespace faber::reconciler
