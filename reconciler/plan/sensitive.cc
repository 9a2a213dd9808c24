#include "reconciler/plan/sensitive.h"

#include <algorithm>
#include <set>

namespace faber::reconciler::plan {
namespace {

// Values shorter than this are only masked where they are the whole string: masking them inside
// longer text would hide noise, not secrets.
constexpr size_t kMinScrubLength = 4;

void Flatten(const nlohmann::json& value, std::set<std::string>& out) {
  if (value.is_string()) {
    if (!value.get_ref<const std::string&>().empty()) out.insert(value.get<std::string>());
  } else if (value.is_number()) {
    out.insert(value.dump());  // booleans are left out: masking "true" everywhere would hide nothing
  } else if (value.is_structured()) {
    for (const auto& item : value) Flatten(item, out);
  }
}

void CollectMarked(const nlohmann::json& value, const nlohmann::json& marks, std::set<std::string>& out) {
  if (marks.is_boolean()) {
    if (marks.get<bool>()) Flatten(value, out);
    return;
  }
  if (marks.is_object() && value.is_object()) {
    for (const auto& [k, m] : marks.items()) {
      if (value.contains(k)) CollectMarked(value[k], m, out);
    }
  } else if (marks.is_array() && value.is_array()) {
    for (size_t i = 0; i < marks.size() && i < value.size(); ++i) CollectMarked(value[i], marks[i], out);
  }
}

const nlohmann::json& Field(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

// Walks a values module (root_module and its child_modules) calling `fn` on each resource.
template <typename Fn>
void ForEachResource(nlohmann::json& module, Fn&& fn) {
  if (!module.is_object()) return;
  if (module.contains("resources") && module["resources"].is_array()) {
    for (auto& r : module["resources"]) fn(r);
  }
  if (module.contains("child_modules") && module["child_modules"].is_array()) {
    for (auto& child : module["child_modules"]) ForEachResource(child, fn);
  }
}

template <typename Fn>
void ForEachResource(const nlohmann::json& module, Fn&& fn) {
  ForEachResource(const_cast<nlohmann::json&>(module), [&](nlohmann::json& r) { fn(std::as_const(r)); });
}

std::set<std::string> SensitiveVariableNames(const nlohmann::json& doc) {
  std::set<std::string> names;
  const auto& vars = Field(Field(Field(doc, "configuration"), "root_module"), "variables");
  if (!vars.is_object()) return names;
  for (const auto& [name, decl] : vars.items()) {
    if (Field(decl, "sensitive") == true) names.insert(name);
  }
  return names;
}

void MaskValuesModule(nlohmann::json& module) {
  ForEachResource(module, [](nlohmann::json& r) {
    if (r.is_object() && r.contains("values")) r["values"] = MaskMarked(r["values"], Field(r, "sensitive_values"));
  });
}

void MaskOutputs(nlohmann::json& values) {
  if (!values.is_object() || !values.contains("outputs") || !values["outputs"].is_object()) return;
  for (auto& [name, out] : values["outputs"].items()) {
    if (out.is_object() && Field(out, "sensitive") == true && out.contains("value")) out["value"] = kSensitiveMask;
  }
}

void Scrub(nlohmann::json& value, const std::vector<std::string>& secrets) {
  if (value.is_string()) {
    std::string& s = value.get_ref<std::string&>();
    for (const auto& secret : secrets) {
      if (s == secret) {
        s = kSensitiveMask;
        return;
      }
      if (secret.size() < kMinScrubLength) continue;
      for (size_t at = s.find(secret); at != std::string::npos; at = s.find(secret, at)) {
        s.replace(at, secret.size(), kSensitiveMask);
        at += std::char_traits<char>::length(kSensitiveMask);
      }
    }
  } else if (value.is_structured()) {
    for (auto& item : value) Scrub(item, secrets);
  }
}

}  // namespace

nlohmann::json MaskMarked(const nlohmann::json& value, const nlohmann::json& marks) {
  if (marks.is_boolean()) return marks.get<bool>() && !value.is_null() ? nlohmann::json(kSensitiveMask) : value;
  if (marks.is_object() && value.is_object()) {
    nlohmann::json out = value;
    for (const auto& [k, m] : marks.items()) {
      if (out.contains(k)) out[k] = MaskMarked(out[k], m);
    }
    return out;
  }
  if (marks.is_array() && value.is_array()) {
    nlohmann::json out = value;
    for (size_t i = 0; i < marks.size() && i < out.size(); ++i) out[i] = MaskMarked(out[i], marks[i]);
    return out;
  }
  return value;
}

std::vector<std::string> CollectSensitiveValues(const nlohmann::json& doc) {
  std::set<std::string> found;
  if (!doc.is_object()) return {};
  const auto& changes = Field(doc, "resource_changes");
  if (changes.is_array()) {
    for (const auto& rc : changes) {
      const auto& change = Field(rc, "change");
      CollectMarked(Field(change, "before"), Field(change, "before_sensitive"), found);
      CollectMarked(Field(change, "after"), Field(change, "after_sensitive"), found);
    }
  }
  auto collect_values = [&](const nlohmann::json& values) {
    ForEachResource(Field(values, "root_module"),
                    [&](const nlohmann::json& r) { CollectMarked(Field(r, "values"), Field(r, "sensitive_values"), found); });
    const auto& outputs = Field(values, "outputs");
    if (outputs.is_object()) {
      for (const auto& [name, out] : outputs.items()) {
        if (Field(out, "sensitive") == true) Flatten(Field(out, "value"), found);
      }
    }
  };
  collect_values(Field(doc, "planned_values"));
  collect_values(Field(Field(doc, "prior_state"), "values"));
  collect_values(Field(doc, "values"));
  const auto& output_changes = Field(doc, "output_changes");
  if (output_changes.is_object()) {
    for (const auto& [name, change] : output_changes.items()) {
      CollectMarked(Field(change, "before"), Field(change, "before_sensitive"), found);
      CollectMarked(Field(change, "after"), Field(change, "after_sensitive"), found);
    }
  }
  const auto& variables = Field(doc, "variables");
  for (const auto& name : SensitiveVariableNames(doc)) Flatten(Field(Field(variables, name.c_str()), "value"), found);
  found.erase(kSensitiveMask);
  std::vector<std::string> out(found.begin(), found.end());
  // Longest first, so a value containing another is masked whole.
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

nlohmann::json MaskDocument(const nlohmann::json& doc) {
  if (!doc.is_object()) return doc;
  std::vector<std::string> secrets = CollectSensitiveValues(doc);
  nlohmann::json out = doc;
  if (out.contains("resource_changes") && out["resource_changes"].is_array()) {
    for (auto& rc : out["resource_changes"]) {
      if (!rc.is_object() || !rc.contains("change") || !rc["change"].is_object()) continue;
      auto& change = rc["change"];
      if (change.contains("before")) change["before"] = MaskMarked(change["before"], Field(change, "before_sensitive"));
      if (change.contains("after")) change["after"] = MaskMarked(change["after"], Field(change, "after_sensitive"));
    }
  }
  for (const char* key : {"planned_values", "values"}) {
    if (!out.contains(key) || !out[key].is_object()) continue;
    if (out[key].contains("root_module")) MaskValuesModule(out[key]["root_module"]);
    MaskOutputs(out[key]);
  }
  if (out.contains("prior_state") && out["prior_state"].is_object() && out["prior_state"].contains("values") &&
      out["prior_state"]["values"].is_object()) {
    auto& values = out["prior_state"]["values"];
    if (values.contains("root_module")) MaskValuesModule(values["root_module"]);
    MaskOutputs(values);
  }
  if (out.contains("output_changes") && out["output_changes"].is_object()) {
    for (auto& [name, change] : out["output_changes"].items()) {
      if (!change.is_object()) continue;
      if (change.contains("before")) change["before"] = MaskMarked(change["before"], Field(change, "before_sensitive"));
      if (change.contains("after")) change["after"] = MaskMarked(change["after"], Field(change, "after_sensitive"));
    }
  }
  if (out.contains("variables") && out["variables"].is_object()) {
    for (const auto& name : SensitiveVariableNames(doc)) {
      if (out["variables"].contains(name) && out["variables"][name].is_object()) {
        out["variables"][name]["value"] = kSensitiveMask;
      }
    }
  }
  Scrub(out, secrets);
  return out;
}

}  // namespace faber::reconciler::plan
