#include "reconciler/plan/plan_document.h"

#include <fstream>
#include <sstream>

#include "common/json_parse.h"
#include "common/utf8.h"

namespace faber::reconciler::plan {
namespace {

common::Result<std::string> Utf16ToUtf8(std::string_view bytes, bool little_endian, size_t start,
                                        const std::string& file) {
  if ((bytes.size() - start) % 2 != 0) {
    return common::InvalidInput(file + ": UTF-16 text has an odd number of bytes (" + std::to_string(bytes.size()) +
                                "); the file is truncated");
  }
  auto unit = [&](size_t i) -> uint32_t {
    auto a = static_cast<unsigned char>(bytes[i]);
    auto b = static_cast<unsigned char>(bytes[i + 1]);
    return little_endian ? (a | (b << 8)) : ((a << 8) | b);
  };
  std::string out;
  out.reserve((bytes.size() - start) / 2);
  for (size_t i = start; i < bytes.size(); i += 2) {
    uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= bytes.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
        return common::InvalidInput(file + ": byte " + std::to_string(i) + ": unpaired UTF-16 surrogate");
      }
      u = 0x10000 + ((u - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return common::InvalidInput(file + ": byte " + std::to_string(i) + ": unpaired UTF-16 surrogate");
    }
    common::AppendUtf8(u, out);
  }
  return out;
}

// Line and column (1-based) of byte `offset` in `text`.
std::string Position(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

std::string TypeName(const nlohmann::json& v) { return v.type_name(); }

common::Status CheckShape(const nlohmann::json& doc, const std::string& file) {
  if (!doc.is_object()) {
    return common::InvalidInput(file + ": expected a JSON object (terraform show -json of a plan), got " +
                                TypeName(doc));
  }
  bool plan_like = doc.contains("resource_changes") || doc.contains("planned_values") ||
                   doc.contains("configuration") || doc.contains("output_changes");
  if (!plan_like) {
    if (doc.contains("values")) {
      return common::InvalidInput(file + ": this is a state (it has \"values\"), not a plan: it has no "
                                  "\"planned_values\" or \"resource_changes\"; use terraform show -json PLANFILE");
    }
    return common::InvalidInput(file + ": not a plan: none of \"resource_changes\", \"planned_values\", "
                                "\"configuration\" is present");
  }
  for (const char* key : {"planned_values", "configuration", "prior_state", "variables"}) {
    if (doc.contains(key) && !doc[key].is_object() && !doc[key].is_null()) {
      return common::InvalidInput(file + ": " + key + ": expected an object, got " + TypeName(doc[key]));
    }
  }
  if (!doc.contains("resource_changes") || doc["resource_changes"].is_null()) return common::Status::Ok();
  const auto& changes = doc["resource_changes"];
  if (!changes.is_array()) {
    return common::InvalidInput(file + ": resource_changes: expected an array, got " + TypeName(changes));
  }
  for (size_t i = 0; i < changes.size(); ++i) {
    const auto& rc = changes[i];
    std::string where = file + ": resource_changes[" + std::to_string(i) + "]";
    if (!rc.is_object()) return common::InvalidInput(where + ": expected an object, got " + TypeName(rc));
    if (!rc.contains("address") || !rc["address"].is_string()) {
      return common::InvalidInput(where + ".address: expected a string");
    }
    where += " (" + rc["address"].get<std::string>() + ")";
    if (!rc.contains("change") || !rc["change"].is_object()) {
      return common::InvalidInput(where + ".change: expected an object");
    }
    const auto& actions = rc["change"].value("actions", nlohmann::json());
    if (!actions.is_array() || actions.empty()) {
      return common::InvalidInput(where + ".change.actions: expected a non-empty array of action names");
    }
    for (const auto& a : actions) {
      if (!a.is_string()) return common::InvalidInput(where + ".change.actions: expected strings, got " + TypeName(a));
    }
  }
  return common::Status::Ok();
}

// True when `bytes` start with a byte order mark or look like UTF-16 (see DecodeToUtf8).
bool NeedsDecoding(std::string_view bytes) {
  if (bytes.size() < 2) return false;
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") return true;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return true;
  return (bytes[0] == '\0') != (bytes[1] == '\0');
}

}  // namespace

common::Result<std::string> DecodeToUtf8(std::string_view bytes, const std::string& file) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") return std::string(bytes.substr(3));
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") return Utf16ToUtf8(bytes, true, 2, file);
  if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") return Utf16ToUtf8(bytes, false, 2, file);
  // UTF-16 without a byte order mark: JSON starts with an ASCII character, so one byte of the
  // first pair is zero.
  if (bytes.size() >= 2 && bytes[0] != '\0' && bytes[1] == '\0') return Utf16ToUtf8(bytes, true, 0, file);
  if (bytes.size() >= 2 && bytes[0] == '\0' && bytes[1] != '\0') return Utf16ToUtf8(bytes, false, 0, file);
  return std::string(bytes);
}

common::Result<PlanDocument> ParsePlanDocument(std::string_view bytes, const std::string& file) {
  if (bytes.empty()) return common::InvalidInput(file + ": the plan file is empty");
  // Plain UTF-8 is parsed where it lies: a plan of hundreds of MB is not copied to be decoded.
  std::string decoded;
  std::string_view text = bytes;
  if (NeedsDecoding(bytes)) {
    auto converted = DecodeToUtf8(bytes, file);
    if (!converted.ok()) return converted.status();
    decoded = std::move(*converted);
    text = decoded;
  }
  PlanDocument doc;
  if (common::JsonDepth(text) > common::kMaxJsonDepth) {
    // Masking and rendering walk the document recursively: depth is bounded before anything does.
    return common::InvalidInput(file + ": the JSON nests deeper than " + std::to_string(common::kMaxJsonDepth) +
                                " levels; no plan does");
  }
  try {
    doc.json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann reports the byte just past the problem; an error at the very end means truncation.
    size_t at = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = at + 1 >= text.size() ? "the JSON ends early (truncated file?)" : "malformed JSON";
    std::string reason = e.what();
    auto colon = reason.find("syntax error");
    if (colon == std::string::npos) colon = reason.find("invalid");
    if (colon != std::string::npos) reason = reason.substr(colon);
    return common::InvalidInput(file + ":" + Position(text, at) + ": " + what + ": " + reason);
  }
  FABER_RETURN_IF_ERROR(CheckShape(doc.json, file));
  const auto& version = doc.json.value("format_version", nlohmann::json());
  if (version.is_string()) {
    doc.format_version = version.get<std::string>();
    int major = std::atoi(doc.format_version.c_str());
    if (doc.format_version.empty() || !isdigit(static_cast<unsigned char>(doc.format_version[0])) || major > 1) {
      return common::InvalidInput(file + ": format_version " + doc.format_version +
                                  " is not supported (this faber reads plan format 0.x and 1.x)");
    }
    auto dot = doc.format_version.find('.');
    int minor = dot == std::string::npos ? 0 : std::atoi(doc.format_version.c_str() + dot + 1);
    if (major == 1 && minor > 2) {
      doc.warnings.push_back("plan format " + doc.format_version + " is newer than 1.2; read as 1.2");
    }
  } else if (!version.is_null()) {
    return common::InvalidInput(file + ": format_version: expected a string, got " + TypeName(version));
  } else {
    doc.warnings.push_back("the plan has no format_version; read as format 1.0");
  }
  doc.terraform_version = doc.json.value("terraform_version", nlohmann::json("")).is_string()
                              ? doc.json.value("terraform_version", "")
                              : "";
  return doc;
}

PlanDocument PlanDocumentOf(nlohmann::json json) {
  PlanDocument doc;
  doc.format_version = json.value("format_version", "");
  doc.terraform_version = json.value("terraform_version", "");
  doc.json = std::move(json);
  return doc;
}

common::Result<PlanDocument> ReadPlanFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return common::NotFound(path + ": cannot open the plan file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParsePlanDocument(buffer.str(), path);
}

}  // namespace faber::reconciler::plan
