#pragma once

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "reconciler/hcl/ast.h"

namespace faber::reconciler::hcl {

// Converts a parsed native-syntax file into the JSON shape of hcl2json (tmccombs/hcl2json on
// HashiCorp's hcl v2): blocks nest by type then labels and end in arrays of bodies; literal
// values stay JSON values; every other expression becomes "${<its source text>}"; templates keep
// their directives. Fails (kInvalidInput) on files the reference converter also refuses, such as
// a block type used both with and without labels in one body. Precondition: !file.HasErrors().
common::Result<nlohmann::json> ToHcl2Json(const File& file);

// Normalises a number literal's text the way HashiCorp's number-to-string conversion prints it
// (plain decimal, no exponent, no trailing zeros): "1e3" -> "1000", "1.50" -> "1.5".
std::string NumberLiteralText(std::string_view literal);

}  // namespace faber::reconciler::hcl
