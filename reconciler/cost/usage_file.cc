#include "reconciler/cost/usage_file.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <optional>
#include <set>

#include "common/files.h"
#include "common/yaml_limits.h"

namespace faber::reconciler::cost {
namespace {

std::string At(const std::string& name, const YAML::Node& node) {
  return name + ":" + std::to_string(node.Mark().line + 1) + ": ";
}

// The number `s` spells, if it spells one; NaN for YAML's and C's spellings of infinity and
// not-a-number and for a number too large for a double.
std::optional<double> Number(const std::string& s) {
  static const std::set<std::string> kNotFinite = {".inf", "-.inf", "+.inf", ".Inf", "-.Inf", "+.Inf",
                                                   ".INF", "-.INF", "+.INF", ".nan", ".NaN", ".NAN"};
  if (kNotFinite.count(s)) return std::nan("");
  try {
    size_t used = 0;
    double d = std::stod(s, &used);
    if (used == s.size()) return d;
  } catch (const std::out_of_range&) {
    return std::nan("");
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// YAML scalars become numbers when they read as numbers (usage values are mostly counts),
// booleans for true/false, strings otherwise. A number that is negative or not finite is an
// error naming its line in *error (the first one): a usage of -2e10 requests would turn a real
// cost negative and pass any budget.
// The line of each map key goes to *lines by its path below the entry ("standard.storage_gb").
nlohmann::json ToJson(const YAML::Node& node, const std::string& name, const std::string& path,
                      const std::string& key_path, std::map<std::string, int>* lines, std::string* error) {
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      const std::string sub = key_path.empty() ? key : key_path + "." + key;
      (*lines)[sub] = kv.first.Mark().line + 1;
      out[key] = ToJson(kv.second, name, path + "." + key, sub, lines, error);
    }
    return out;
  }
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(ToJson(item, name, path + "[]", key_path + "[]", lines, error));
    return out;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string& s = node.Scalar();
  if (node.Tag() != "!") {  // quoted scalars stay strings
    if (std::optional<double> d = Number(s)) {
      const char* wrong = !std::isfinite(*d) ? "is not a finite number" : *d < 0 ? "is negative" : nullptr;
      if (wrong == nullptr) return *d;
      if (error->empty()) *error = At(name, node) + "usage " + path + " " + wrong + " (" + s + "): usage is a count or an amount";
      return nullptr;
    }
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return s;
}

// "aws_x.y[3]" -> "aws_x.y"; "aws_x.y[\"k\"]" -> "aws_x.y"; unchanged when there is no index.
std::string WithoutIndex(const std::string& address) {
  if (address.empty() || address.back() != ']') return address;
  size_t open = address.rfind('[');
  return open == std::string::npos ? address : address.substr(0, open);
}

// Reads the map `section` ("resource_usage") into `out`'s entries; bare types only when `types_only`.
common::Status ReadSection(const std::string& name, const YAML::Node& section, const char* label, bool types_only,
                           std::vector<UsageFile::Entry>* out) {
  if (!section || section.IsNull()) return common::Status::Ok();
  if (!section.IsMap()) {
    return common::InvalidInput(At(name, section) + "`" + label + "` must map resource " +
                                (types_only ? "types" : "addresses") + " to usage");
  }
  for (const auto& kv : section) {
    const std::string address = kv.first.Scalar();
    if (!kv.second.IsMap() && !kv.second.IsNull()) {
      return common::InvalidInput(At(name, kv.second) + "usage of '" + address +
                                  "' must be a map of usage keys to values");
    }
    if (types_only && address.find('.') != std::string::npos) {
      return common::InvalidInput(At(name, kv.first) + "`" + label +
                                  "` is keyed by resource type (aws_lambda_function), not '" + address + "'");
    }
    UsageFile::Entry entry;
    entry.address = address;
    entry.line = kv.first.Mark().line + 1;
    std::string error;
    entry.usage =
        kv.second.IsNull() ? nlohmann::json::object() : ToJson(kv.second, name, address, "", &entry.key_lines, &error);
    if (!error.empty()) return common::InvalidInput(error);
    out->push_back(std::move(entry));
  }
  return common::Status::Ok();
}

}  // namespace

common::Result<UsageFile> UsageFile::Parse(const std::string& name, const std::string& yaml_text) {
  FABER_RETURN_IF_ERROR(common::CheckYamlText(yaml_text, name));
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return common::InvalidInput(name + ":" + std::to_string(e.mark.line + 1) + ": malformed YAML: " + e.msg);
  }
  UsageFile out;
  out.name_ = name;
  if (root.IsNull()) return out;
  if (!root.IsMap()) return common::InvalidInput(At(name, root) + "a usage file is a map with `version` and `resource_usage`");
  // An unknown section (a misspelt `resource_usage`) would drop all usage without a word.
  for (const auto& kv : root) {
    const std::string key = kv.first.Scalar();
    if (key != "version" && key != "resource_usage" && key != "resource_type_default_usage") {
      return common::InvalidInput(At(name, kv.first) + "unknown key '" + key +
                                  "' (a usage file has version, resource_usage and resource_type_default_usage)");
    }
  }
  if (root["version"]) {
    const std::string v = root["version"].IsScalar() ? root["version"].Scalar() : "";
    if (v != "0.1") return common::InvalidInput(At(name, root["version"]) + "unsupported usage file version '" + v + "' (expected 0.1)");
  }
  FABER_RETURN_IF_ERROR(ReadSection(name, root["resource_usage"], "resource_usage", false, &out.entries_));
  // Defaults by type come after, so that For() prefers any entry of resource_usage.
  FABER_RETURN_IF_ERROR(
      ReadSection(name, root["resource_type_default_usage"], "resource_type_default_usage", true, &out.entries_));
  return out;
}

common::Result<UsageFile> UsageFile::Load(const std::string& path) {
  auto text = common::ReadFile(path);
  if (!text.ok()) return common::NotFound("usage file not found: " + path);
  return Parse(path, *text);
}

nlohmann::json UsageFile::For(const std::string& address) const {
  for (const auto& e : entries_) {
    if (e.address == address) return e.usage;
  }
  const std::string base = WithoutIndex(address);
  if (base != address) {
    for (const auto& e : entries_) {
      if (e.address == base + "[*]") return e.usage;
    }
  }
  // An entry named by the bare resource type applies to every resource of that type.
  const size_t name_dot = base.rfind('.');
  if (name_dot != std::string::npos) {
    const size_t type_dot = base.rfind('.', name_dot - 1);
    const std::string type = base.substr(type_dot == std::string::npos ? 0 : type_dot + 1,
                                         name_dot - (type_dot == std::string::npos ? 0 : type_dot + 1));
    for (const auto& e : entries_) {
      if (e.address == type) return e.usage;
    }
  }
  return nlohmann::json::object();
}

std::string UsageFile::TextOf(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  }
  return value.dump();
}

bool UsageFile::Applies(const std::string& entry_address, const std::string& address, const std::string& type) {
  if (entry_address == address) return true;
  if (entry_address.ends_with("[*]")) {
    const std::string base = WithoutIndex(address);
    return base != address && base + "[*]" == entry_address;
  }
  return entry_address == type && entry_address.find('.') == std::string::npos;
}

}  // namespace faber::reconciler::cost
