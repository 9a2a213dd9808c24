#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace faber::reconciler::plan {

// What a sensitive value is shown as, everywhere faber shows or stores a plan.
inline constexpr const char* kSensitiveMask = "(sensitive value)";

// Returns `value` with every part `marks` flags as sensitive replaced by kSensitiveMask. `marks`
// mirrors `value` (Terraform's before_sensitive / after_sensitive / sensitive_values): `true`
// flags the whole value below it, objects and arrays of marks flag parts. Nulls stay null.
nlohmann::json MaskMarked(const nlohmann::json& value, const nlohmann::json& marks);

// Returns every sensitive value of a plan or state document (`terraform show -json`), flattened
// to strings: values flagged in before_sensitive, after_sensitive and sensitive_values, sensitive
// outputs and the values of variables declared sensitive. Used to scrub free text.
std::vector<std::string> CollectSensitiveValues(const nlohmann::json& doc);

// Returns a copy of a plan or state document safe to show or store: every flagged value masked
// in resource_changes, planned_values, prior_state, values, output_changes and variables, and
// then any string anywhere (e.g. a configuration constant) equal to or containing a collected
// sensitive value masked too.
nlohmann::json MaskDocument(const nlohmann::json& doc);

}  // namespace faber::reconciler::plan
