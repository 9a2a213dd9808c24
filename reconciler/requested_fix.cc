#include "reconciler/requested_fix.h"

#include <nlohmann/json.hpp>

#include "store/records_layout.h"

namespace faber::reconciler {

common::Result<RequestedFix> FindRequestedFix(const store::RecordsSnapshot& records, const std::string& environment,
                                              const std::string& solution_id, const std::string& requested_by) {
  std::string path = store::DeploymentPath(environment);
  auto text = records.Read(path);
  if (!text.ok()) return common::NotFound(environment + " has no deployment yet: there is nothing to fix");
  auto state = store::ParseDeploymentState(*text, path);
  if (!state.ok()) return state.status();
  const nlohmann::json& run = state->last_run;
  if (manifests::ParseRunStatus(state->status) == manifests::RunStatus::kSucceeded || !run.contains("debug")) {
    return common::NotFound("the last run of " + environment + " (" + run.value("run_id", std::string("none")) +
                            ") did not fail with a diagnosed error: there is nothing to fix");
  }
  const nlohmann::json& debug = run["debug"];
  const nlohmann::json& failure = run.value("failure", nlohmann::json::object());
  std::string known;
  for (const auto& s : debug.value("solutions", nlohmann::json::array())) {
    std::string id = s.value("solution_id", "");
    if (id != solution_id) {
      known += (known.empty() ? "" : ", ") + id;
      continue;
    }
    std::string issue = debug.value("issue_id", "");
    if (!s.value("automated", false) || s.value("remedy", "").empty()) {
      std::string steps;
      for (const auto& step : s.value("steps", nlohmann::json::array())) steps += "\n- " + step.get<std::string>();
      return common::InvalidInput("solution " + id + " is carried out by a person, not by faber: " +
                                  s.value("description", "") + steps + "\nOnce done, record it: `/faber resolved " +
                                  issue + " <what fixed it>`");
    }
    if (!s.value("applicable", true)) {
      return common::InvalidInput("solution " + id + " does not apply here: " + s.value("applicability", ""));
    }
    RequestedFix fix;
    fix.commit = run.value("commit", "");
    fix.description = s.value("description", "");
    fix.attempt = {environment,          fix.commit, manifests::ParseStage(failure.value("stage", "")).value_or(manifests::Stage::kValidate), failure.value("operation", ""),
                   s.value("remedy", ""), "",        false,                      issue,
                   id,                   requested_by};
    if (fix.attempt.remedy == "unlock_state") {
      fix.approved.unlock_lock_id = s.value("remedy_arguments", nlohmann::json::object()).value("lock_id", "");
      if (fix.approved.unlock_lock_id.empty()) {
        return common::InvalidInput("solution " + id + " unlocks the state, but the error named no lock id to unlock");
      }
    }
    fix.approved.reinit = fix.attempt.remedy == "reinit_providers";
    return fix;
  }
  return common::NotFound("the last failure of " + environment + " (issue " + debug.value("issue_id", "") +
                          ") has no proposed solution " + solution_id +
                          (known.empty() ? "" : "; its proposals are: " + known));
}

}  // namespace faber::reconciler
