#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace faber::webhooks {

// Reads the value at `pointer` (JSON pointer, e.g. "/pull_request/head/sha") as a string;
// kInvalidInput naming the field when it is missing or not a string.
common::Result<std::string> RequireString(const nlohmann::json& doc, const std::string& pointer);
// Same for an integer.
common::Result<int> RequireInt(const nlohmann::json& doc, const std::string& pointer);
// Reads an optional string: "" when missing, null or not a string.
std::string OptionalString(const nlohmann::json& doc, const std::string& pointer);
// Parses `body` as a JSON object; kInvalidInput with the parser's position otherwise.
common::Result<nlohmann::json> ParseObject(const std::string& body);

}  // namespace faber::webhooks
