#pragma once

#include <string>
#include <vector>

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
// Parses `body` as a JSON object; kInvalidInput with the position where it broke otherwise. When
// `keep` is not empty, top-level members not named in it are checked but never built (deliveries
// carry commits, senders and organizations faber never reads; building them was most of the
// parse): the result equals the full parse with those members erased.
common::Result<nlohmann::json> ParseObject(const std::string& body, const std::vector<std::string>& keep = {});

}  // namespace faber::webhooks
