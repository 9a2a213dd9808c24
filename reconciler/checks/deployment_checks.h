#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "manifests/faber_config.h"
#include "reconciler/checks/rule.h"
#include "reconciler/stages/test_report.h"

namespace faber::reconciler {

// Post-deployment checks of a terraform/tofu deploy, from the plan that was applied and the
// state read after the apply (both `terraform show -json` documents, unmasked: these checks mask
// what they report). Findings carry rule_id, severity, status, resource, message and
// recommendation, as the pre-deployment findings do.

// "resource-existence": every managed resource the plan creates, updates, replaces or keeps is
// in the state. Details: resources_expected, resources_found (counts) and missing (addresses).
TestCaseResult CheckResourcesExist(const nlohmann::json& plan, const nlohmann::json& state);

// "configuration": each planned attribute value known before apply equals the value in the state
// (unknown and sensitive values are not compared; a sensitive mismatch would be named, never
// shown). A difference warns (providers normalize some values). Details: resources_checked,
// attributes_checked, mismatches.
TestCaseResult CheckConfiguration(const nlohmann::json& plan, const nlohmann::json& state);

// "monitoring": each state resource of a type in `types` has an aws_cloudwatch_metric_alarm
// whose dimensions name it (its id, identifier, name, function_name or arn). Details:
// resources_checked, unmonitored.
TestCaseResult CheckMonitoring(const nlohmann::json& state, const std::vector<std::string>& types);

// "security-posture": `rules` (faber's policy packs and the repository's policies) over the
// deployed state, values resolved; failed findings of tests.block_on severities fail, of
// tests.warn_on warn; tests.skip honoured. Details: passed, failed, unknown.
TestCaseResult CheckSecurityPosture(const nlohmann::json& state, const manifests::TestsConfig& tests,
                                    const std::vector<checks::Rule>& rules);

}  // namespace faber::reconciler
