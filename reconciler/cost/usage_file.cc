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
nlohmann::json ToJson(const YAML::Node& node, const std::string& name, const std::string& path, std::string* error) {
  if (node.IsMap()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& kv : node) out[kv.first.Scalar()] = ToJson(kv.second, name, path + "." + kv.first.Scalar(), error);
    return out;
  }
  if (node.IsSequence()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(ToJson(item, name, path + "[]", error));
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
  if (root.IsNull()) return out;
  if (!root.IsMap()) return common::InvalidInput(At(name, root) + "a usage file is a map with `version` and `resource_usage`");
  if (root["version"]) {
    const std::string v = root["version"].IsScalar() ? root["version"].Scalar() : "";
    if (v != "0.1") return common::InvalidInput(At(name, root["version"]) + "unsupported usage file version '" + v + "' (expected 0.1)");
  }
  YAML::Node usage = root["resource_usage"];
  if (!usage || usage.IsNull()) return out;
  if (!usage.IsMap()) return common::InvalidInput(At(name, usage) + "`resource_usage` must map resource addresses to usage");
  for (const auto& kv : usage) {
    if (!kv.second.IsMap() && !kv.second.IsNull()) {
      return common::InvalidInput(At(name, kv.second) + "usage of '" + kv.first.Scalar() +
                                  "' must be a map of usage keys to values");
    }
    std::string error;
    nlohmann::json usage_of = kv.second.IsNull() ? nlohmann::json::object() : ToJson(kv.second, name, kv.first.Scalar(), &error);
    if (!error.empty()) return common::InvalidInput(error);
    out.entries_.push_back({kv.first.Scalar(), std::move(usage_of)});
  }
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

}  // namespace faber::reconciler::cost
