#include "reconciler/plan/plan_summary.h"

#include <set>

#include "reconciler/plan/sensitive.h"

namespace faber::reconciler::plan {
namespace {

ChangeAction ActionOf(const nlohmann::json& actions) {
  std::vector<std::string> names;
  for (const auto& a : actions) names.push_back(a.get<std::string>());
  if (names.size() == 2) return ChangeAction::kReplace;  // delete+create or create+delete
  const std::string& a = names.front();
  if (a == "create") return ChangeAction::kCreate;
  if (a == "update") return ChangeAction::kUpdate;
  if (a == "delete") return ChangeAction::kDelete;
  if (a == "read") return ChangeAction::kRead;
  if (a == "forget") return ChangeAction::kForget;
  return ChangeAction::kNoOp;
}

// Puts the unknown marker wherever `unknown` (after_unknown) flags a value.
nlohmann::json MarkUnknown(const nlohmann::json& value, const nlohmann::json& unknown) {
  if (unknown.is_boolean()) return unknown.get<bool>() ? nlohmann::json(kKnownAfterApply) : value;
  if (unknown.is_object()) {
    nlohmann::json out = value.is_object() ? value : nlohmann::json::object();
    for (const auto& [k, u] : unknown.items()) out[k] = MarkUnknown(out.contains(k) ? out[k] : nlohmann::json(), u);
    return out;
  }
  if (unknown.is_array() && value.is_array()) {
    nlohmann::json out = value;
    for (size_t i = 0; i < unknown.size() && i < out.size(); ++i) out[i] = MarkUnknown(out[i], unknown[i]);
    return out;
  }
  return value;
}

std::vector<std::string> ChangedAttributes(ChangeAction action, const nlohmann::json& before,
                                           const nlohmann::json& after) {
  std::vector<std::string> out;
  if (action == ChangeAction::kDelete || action == ChangeAction::kNoOp || action == ChangeAction::kForget) {
    return out;
  }
  std::set<std::string> keys;
  if (before.is_object()) {
    for (const auto& [k, v] : before.items()) keys.insert(k);
  }
  if (after.is_object()) {
    for (const auto& [k, v] : after.items()) keys.insert(k);
  }
  for (const auto& k : keys) {
    nlohmann::json b = before.is_object() && before.contains(k) ? before[k] : nlohmann::json();
    nlohmann::json a = after.is_object() && after.contains(k) ? after[k] : nlohmann::json();
    if (b != a) out.push_back(k);
  }
  return out;
}

std::string PathText(const nlohmann::json& path) {
  if (!path.is_array()) return path.dump();
  std::string out;
  for (const auto& step : path) {
    if (step.is_string()) {
      if (!out.empty()) out += '.';
      out += step.get_ref<const std::string&>();
    } else {
      out += '[';
      out += step.dump();
      out += ']';
    }
  }
  return out;
}

}  // namespace

const char* ChangeActionName(ChangeAction action) {
  switch (action) {
    case ChangeAction::kCreate: return "create";
    case ChangeAction::kUpdate: return "update";
    case ChangeAction::kDelete: return "delete";
    case ChangeAction::kReplace: return "replace";
    case ChangeAction::kRead: return "read";
    case ChangeAction::kNoOp: return "no-op";
    case ChangeAction::kForget: return "forget";
  }
  return "no-op";
}

std::string PlanSummary::Headline() const {
  std::string line = std::to_string(add + replace) + " to add, " + std::to_string(change) + " to change, " +
                     std::to_string(destroy + replace) + " to destroy";
  if (replace > 0) line += " (" + std::to_string(replace) + " replaced)";
  if (forget > 0) line += ", " + std::to_string(forget) + " to forget";
  return line;
}

nlohmann::json PlanSummary::ToJson() const {
  nlohmann::json j;
  j["format_version"] = format_version;
  j["terraform_version"] = terraform_version;
  j["headline"] = Headline();
  j["counts"] = {{"add", add},   {"change", change}, {"destroy", destroy}, {"replace", replace},
                 {"read", read}, {"no_op", no_op},   {"forget", forget}};
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : changes) {
    if (c.action == ChangeAction::kNoOp) continue;
    nlohmann::json item = {{"address", c.address}, {"type", c.type}, {"action", ChangeActionName(c.action)},
                           {"changed_attributes", c.changed_attributes}};
    if (!c.action_reason.empty()) item["action_reason"] = c.action_reason;
    if (!c.replace_paths.empty()) item["replace_paths"] = c.replace_paths;
    list.push_back(item);
  }
  j["changes"] = list;
  j["output_changes"] = output_changes;
  if (!warnings.empty()) j["warnings"] = warnings;
  return j;
}

namespace {

common::Result<std::vector<std::string>> Strings(const nlohmann::json& parent, const char* key, const std::string& where) {
  std::vector<std::string> out;
  if (!parent.contains(key)) return out;
  const auto& list = parent[key];
  if (!list.is_array()) return common::InvalidInput(where + "." + key + ": expected a list of strings");
  for (const auto& item : list) {
    if (!item.is_string()) return common::InvalidInput(where + "." + key + ": expected a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

common::Result<PlanSummary> PlanSummaryFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return common::InvalidInput("plan summary: expected an object");
  PlanSummary summary;
  summary.format_version = json.value("format_version", "");
  summary.terraform_version = json.value("terraform_version", "");
  const auto& counts = json.contains("counts") ? json["counts"] : nlohmann::json();
  if (!counts.is_object()) return common::InvalidInput("plan summary: counts: expected an object");
  std::pair<const char*, int*> fields[] = {{"add", &summary.add},         {"change", &summary.change},
                                            {"destroy", &summary.destroy}, {"replace", &summary.replace},
                                            {"read", &summary.read},       {"no_op", &summary.no_op},
                                            {"forget", &summary.forget}};
  for (auto [name, field] : fields) {
    if (!counts.contains(name)) continue;
    if (!counts[name].is_number_integer()) return common::InvalidInput(std::string("plan summary: counts.") + name + ": expected an integer");
    *field = counts[name].get<int>();
  }
  const auto& changes = json.contains("changes") ? json["changes"] : nlohmann::json::array();
  if (!changes.is_array()) return common::InvalidInput("plan summary: changes: expected a list");
  for (size_t i = 0; i < changes.size(); ++i) {
    std::string where = "plan summary: changes[" + std::to_string(i) + "]";
    const auto& item = changes[i];
    if (!item.is_object() || !item.contains("address") || !item["address"].is_string()) {
      return common::InvalidInput(where + ".address: expected a string");
    }
    ResourceChangeSummary change;
    change.address = item["address"].get<std::string>();
    change.type = item.value("type", "");
    std::string action = item.value("action", "");
    bool known = false;
    for (ChangeAction a : {ChangeAction::kCreate, ChangeAction::kUpdate, ChangeAction::kDelete, ChangeAction::kReplace,
                           ChangeAction::kRead, ChangeAction::kNoOp, ChangeAction::kForget}) {
      if (action == ChangeActionName(a)) {
        change.action = a;
        known = true;
      }
    }
    if (!known) return common::InvalidInput(where + ".action: unknown action \"" + action + "\"");
    change.action_reason = item.value("action_reason", "");
    auto attributes = Strings(item, "changed_attributes", where);
    if (!attributes.ok()) return attributes.status();
    change.changed_attributes = *attributes;
    auto paths = Strings(item, "replace_paths", where);
    if (!paths.ok()) return paths.status();
    change.replace_paths = *paths;
    summary.changes.push_back(std::move(change));
  }
  auto outputs = Strings(json, "output_changes", "plan summary");
  if (!outputs.ok()) return outputs.status();
  summary.output_changes = *outputs;
  auto warnings = Strings(json, "warnings", "plan summary");
  if (!warnings.ok()) return warnings.status();
  summary.warnings = *warnings;
  return summary;
}

PlanSummary SummarizePlan(const PlanDocument& doc) {
  PlanSummary summary;
  summary.format_version = doc.format_version;
  summary.terraform_version = doc.terraform_version;
  summary.warnings = doc.warnings;
  nlohmann::json masked = MaskDocument(doc.json);
  const auto& changes = masked.value("resource_changes", nlohmann::json::array());
  const auto& raw_changes = doc.json.value("resource_changes", nlohmann::json::array());
  for (size_t i = 0; changes.is_array() && i < changes.size(); ++i) {
    const auto& rc = changes[i];
    const auto& change = rc["change"];
    // What changes is decided on the real values (a rotated secret is a change), shown masked.
    const auto& raw = raw_changes[i]["change"];
    ResourceChangeSummary item;
    item.address = rc["address"].get<std::string>();
    item.type = rc.value("type", "");
    item.module_address = rc.value("module_address", "");
    item.action = ActionOf(change["actions"]);
    if (rc.contains("action_reason") && rc["action_reason"].is_string()) item.action_reason = rc["action_reason"];
    item.before = change.value("before", nlohmann::json());
    item.after = MarkUnknown(change.value("after", nlohmann::json()), change.value("after_unknown", nlohmann::json()));
    item.changed_attributes = ChangedAttributes(
        item.action, raw.value("before", nlohmann::json()),
        MarkUnknown(raw.value("after", nlohmann::json()), raw.value("after_unknown", nlohmann::json())));
    if (change.contains("replace_paths") && change["replace_paths"].is_array()) {
      for (const auto& p : change["replace_paths"]) item.replace_paths.push_back(PathText(p));
    }
    switch (item.action) {
      case ChangeAction::kCreate: summary.add++; break;
      case ChangeAction::kUpdate: summary.change++; break;
      case ChangeAction::kDelete: summary.destroy++; break;
      case ChangeAction::kReplace: summary.replace++; break;
      case ChangeAction::kRead: summary.read++; break;
      case ChangeAction::kNoOp: summary.no_op++; break;
      case ChangeAction::kForget: summary.forget++; break;
    }
    summary.changes.push_back(std::move(item));
  }
  const auto& outputs = masked.value("output_changes", nlohmann::json::object());
  if (outputs.is_object()) {
    for (const auto& [name, change] : outputs.items()) {
      const auto& actions = change.value("actions", nlohmann::json::array());
      if (actions.is_array() && !actions.empty() && actions[0] != "no-op") summary.output_changes.push_back(name);
    }
  }
  return summary;
}

}  // namespace faber::reconciler::plan
