#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "manifests/faber_config.h"
#include "reconciler/checks/rule.h"
#include "reconciler/model/resource_model.h"
#include "reconciler/stages/test_report.h"

namespace faber::reconciler {

// The pre-deployment tests again, over the plan's resolved values (`plan` is `show -json` of the
// saved plan): what the code left to variables, modules and data sources is known now, and the
// cost counts what the plan will really create. Report cases "security (plan)", "compliance
// (plan)" and "cost (plan)", graded as their code-only counterparts (rules, gates, budget) and
// left out with them by tests.skip; a case that cannot be computed fails with the reason.
// `code` is the module's code model, whose blocks give the planned resources their source
// locations; `rules` the run's loaded rules.
std::vector<TestCaseResult> RunPlanChecks(const manifests::EnvironmentConfig& env, const nlohmann::json& plan,
                                          const common::Result<ResourceModel>& code,
                                          const common::Result<std::vector<checks::Rule>>& rules,
                                          const std::filesystem::path& checkout_dir);

}  // namespace faber::reconciler
