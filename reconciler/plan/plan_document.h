#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace faber::reconciler::plan {

// A `terraform show -json` document (a saved plan), read and checked for shape.
struct PlanDocument {
  nlohmann::json json;            // the document as Terraform wrote it (NOT masked)
  std::string format_version;     // "" when the file does not say
  std::string terraform_version;  // "" when the file does not say
  std::vector<std::string> warnings;  // e.g. a format newer than this faber knows
};

// Returns `bytes` as UTF-8: a UTF-8 byte order mark is dropped, UTF-16 (with a byte order mark,
// or without one when the text starts with an ASCII character) is converted. kInvalidInput names
// `file` and the byte offset of an unpaired surrogate or an odd length.
common::Result<std::string> DecodeToUtf8(std::string_view bytes, const std::string& file);

// Reads a plan file's bytes: decodes, parses, and checks it is a plan of format 0.x or 1.x (the
// resource_changes entries have an address and a list of actions). Errors name `file`, the
// line and column (truncated or malformed JSON) or the field path, and say what was expected.
common::Result<PlanDocument> ParsePlanDocument(std::string_view bytes, const std::string& file);

// A plan that is JSON already (an engine's `show -json`, checked when the engine read it), with the
// format and Terraform versions it states.
PlanDocument PlanDocumentOf(nlohmann::json json);

// Reads and parses the plan file at `path` (see ParsePlanDocument).
common::Result<PlanDocument> ReadPlanFile(const std::string& path);

}  // namespace faber::reconciler::plan
