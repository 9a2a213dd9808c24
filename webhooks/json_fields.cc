#include "webhooks/json_fields.h"

#include <utility>

#include "common/json_parse.h"
#include "webhooks/json_skim.h"

namespace faber::webhooks {
namespace {

const nlohmann::json* Find(const nlohmann::json& doc, const std::string& pointer) {
  try {
    nlohmann::json::json_pointer ptr(pointer);
    if (!doc.contains(ptr)) return nullptr;
    return &doc.at(ptr);
  } catch (const nlohmann::json::exception&) {
    return nullptr;  // the path crosses a value of another type: the field is not there
  }
}

// "/pull_request/head/sha" -> "pull_request.head.sha", as people read field names.
std::string FieldName(const std::string& pointer) {
  std::string name = pointer.substr(1);
  for (char& c : name) {
    if (c == '/') c = '.';
  }
  return name;
}

common::Status NotJson(std::size_t byte) {
  return common::InvalidInput("body is not valid JSON (at byte " + std::to_string(byte) + ")");
}

}  // namespace

common::Result<std::string> RequireString(const nlohmann::json& doc, const std::string& pointer) {
  const nlohmann::json* value = Find(doc, pointer);
  if (value == nullptr) return common::InvalidInput("missing field " + FieldName(pointer));
  if (!value->is_string()) return common::InvalidInput("field " + FieldName(pointer) + " must be a string");
  return value->get<std::string>();
}

common::Result<int> RequireInt(const nlohmann::json& doc, const std::string& pointer) {
  const nlohmann::json* value = Find(doc, pointer);
  if (value == nullptr) return common::InvalidInput("missing field " + FieldName(pointer));
  if (!value->is_number_integer()) return common::InvalidInput("field " + FieldName(pointer) + " must be an integer");
  return value->get<int>();
}

std::string OptionalString(const nlohmann::json& doc, const std::string& pointer) {
  const nlohmann::json* value = Find(doc, pointer);
  return value != nullptr && value->is_string() ? value->get<std::string>() : "";
}

common::Result<nlohmann::json> ParseObject(const std::string& body, const std::vector<std::string>& keep) {
  if (!keep.empty()) {
    // Deliveries are mostly members faber never reads: check those without building them.
    SkimResult skim = SkimObject(body, keep);
    if (skim.outcome == SkimResult::Outcome::kObject) return std::move(skim.doc);
    if (skim.outcome == SkimResult::Outcome::kInvalid) return NotJson(skim.error_byte);
    // Not an object: the full parse below tells whether it is JSON at all.
  }
  if (common::JsonDepth(body) > common::kMaxJsonDepth) return NotJson(0);
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) {
    // Parse again with exceptions only to report where it broke; the first pass keeps the
    // common case free of exception costs.
    try {
      nlohmann::json unused = nlohmann::json::parse(body);
      (void)unused;
    } catch (const nlohmann::json::parse_error& e) {
      return NotJson(e.byte);
    } catch (const nlohmann::json::exception&) {
      // A number beyond the range of a double: nlohmann names no position for it.
    }
    return common::InvalidInput("body is not valid JSON");
  }
  if (!doc.is_object()) return common::InvalidInput("body must be a JSON object");
  return doc;
}

}  // namespace faber::webhooks
