#include "reconciler/checks/deployment_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "reconciler/checks/policy_loader.h"
#include "reconciler/checks/scanner.h"
#include "reconciler/plan/plan_model.h"
#include "reconciler/plan/sensitive.h"

namespace faber::reconciler {
namespace {

using nlohmann::json;

const json& Field(const json& obj, const char* key) {
  static const json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

// Managed resources of a values module (state "values" or plan "planned_values"), by address.
void Collect(const json& module, std::map<std::string, const json*>& out) {
  const auto& resources = Field(module, "resources");
  if (resources.is_array()) {
    for (const auto& r : resources) {
      if (Field(r, "mode") == "data") continue;
      const auto& address = Field(r, "address");
      if (address.is_string()) out[address.get<std::string>()] = &r;
    }
  }
  const auto& children = Field(module, "child_modules");
  if (children.is_array()) {
    for (const auto& child : children) Collect(child, out);
  }
}

std::map<std::string, const json*> StateResources(const json& state) {
  std::map<std::string, const json*> out;
  Collect(Field(Field(state, "values"), "root_module"), out);
  return out;
}

checks::Finding FailedFinding(const std::string& rule_id, checks::Severity severity, const std::string& resource,
                              const std::string& message, const std::string& recommendation) {
  checks::Finding f;
  f.rule_id = rule_id;
  f.severity = severity;
  f.category = "post-deployment";
  f.status = checks::FindingStatus::kFailed;
  f.address = resource;
  f.message = message;
  f.recommendation = recommendation;
  return f;
}

TestCaseResult Result(const std::string& name, std::vector<checks::Finding> findings, const std::string& message) {
  TestCaseResult t;
  t.name = name;
  t.kind = "post-deployment";
  t.status = findings.empty() ? TestStatus::kPass : TestStatus::kFail;
  t.findings = std::move(findings);
  t.message = message;
  return t;
}

// Compares the known parts of `planned` with `actual`, appending the paths that differ.
// `unknown` (after_unknown) and `sensitive` (after_sensitive) mirror `planned`.
void Compare(const json& planned, const json& actual, const json& unknown, const json& sensitive,
             const std::string& path, int& compared, std::vector<std::pair<std::string, bool>>& mismatches) {
  if (unknown == true) return;
  bool secret = sensitive == true;
  if (planned.is_object() && actual.is_object() && !secret) {
    for (const auto& [k, v] : planned.items()) {
      Compare(v, actual.contains(k) ? actual[k] : json(), Field(unknown, k.c_str()), Field(sensitive, k.c_str()),
              path.empty() ? k : path + "." + k, compared, mismatches);
    }
    return;
  }
  if (planned.is_array() && actual.is_array() && planned.size() == actual.size() && !secret) {
    for (size_t i = 0; i < planned.size(); ++i) {
      json u = unknown.is_array() && i < unknown.size() ? unknown[i] : json();
      json s = sensitive.is_array() && i < sensitive.size() ? sensitive[i] : json();
      Compare(planned[i], actual[i], u, s, path + "[" + std::to_string(i) + "]", compared, mismatches);
    }
    return;
  }
  // A planned null is "not set": providers fill defaults in, which is not a drift from the plan.
  if (planned.is_null()) return;
  ++compared;
  if (planned != actual) mismatches.emplace_back(path, secret);
}

std::string Shown(const json& v) {
  std::string text = v.dump();
  return text.size() > 80 ? text.substr(0, 77) + "..." : text;
}

const json* AtPath(const json& root, const std::string& path) {
  const json* node = &root;
  size_t i = 0;
  while (i < path.size() && node != nullptr) {
    if (path[i] == '.') ++i;
    if (path[i] == '[') {
      size_t close = path.find(']', i);
      size_t index = std::stoul(path.substr(i + 1, close - i - 1));
      node = node->is_array() && index < node->size() ? &(*node)[index] : nullptr;
      i = close + 1;
      continue;
    }
    size_t end = path.find_first_of(".[", i);
    std::string key = path.substr(i, end == std::string::npos ? std::string::npos : end - i);
    node = node->is_object() && node->contains(key) ? &(*node)[key] : nullptr;
    i = end == std::string::npos ? path.size() : end;
  }
  return node;
}

}  // namespace

TestCaseResult CheckResourcesExist(const json& plan, const json& state) {
  auto found = StateResources(state);
  std::vector<std::string> expected;
  const auto& changes = Field(plan, "resource_changes");
  if (changes.is_array()) {
    for (const auto& rc : changes) {
      if (Field(rc, "mode") == "data") continue;
      const auto& actions = Field(Field(rc, "change"), "actions");
      if (!actions.is_array() || actions.empty()) continue;
      bool gone = actions.size() == 1 && (actions[0] == "delete" || actions[0] == "forget" || actions[0] == "read");
      if (!gone) expected.push_back(Field(rc, "address").get<std::string>());
    }
  }
  std::vector<checks::Finding> findings;
  json missing = json::array();
  int present = 0;
  for (const auto& address : expected) {
    if (found.count(address)) {
      ++present;
      continue;
    }
    missing.push_back(address);
    findings.push_back(FailedFinding("FABER_POST_RESOURCE_EXISTS", checks::Severity::kHigh, address,
                                     "planned but not in the state after apply",
                                     "Check the apply output for errors on this resource and run the deploy again"));
  }
  TestCaseResult t = Result("resource-existence", findings,
                            std::to_string(present) + " of " + std::to_string(expected.size()) +
                                " planned resource(s) found in the state");
  t.details = {{"resources_expected", expected.size()}, {"resources_found", present}, {"missing", missing}};
  return t;
}

TestCaseResult CheckConfiguration(const json& plan, const json& state) {
  auto found = StateResources(state);
  std::map<std::string, const json*> planned;
  Collect(Field(Field(plan, "planned_values"), "root_module"), planned);
  std::map<std::string, const json*> changes;
  const auto& rcs = Field(plan, "resource_changes");
  if (rcs.is_array()) {
    for (const auto& rc : rcs) changes[Field(rc, "address").get<std::string>()] = &Field(rc, "change");
  }
  std::vector<checks::Finding> findings;
  int resources = 0, attributes = 0, mismatched = 0;
  for (const auto& [address, resource] : planned) {
    auto in_state = found.find(address);
    if (in_state == found.end()) continue;  // resource-existence reports it
    ++resources;
    const json* change = changes.count(address) ? changes[address] : nullptr;
    json unknown = change != nullptr ? Field(*change, "after_unknown") : json();
    json sensitive = change != nullptr ? Field(*change, "after_sensitive") : Field(*resource, "sensitive_values");
    std::vector<std::pair<std::string, bool>> mismatches;
    const json& actual = Field(*in_state->second, "values");
    Compare(Field(*resource, "values"), actual, unknown, sensitive, "", attributes, mismatches);
    for (const auto& [path, secret] : mismatches) {
      ++mismatched;
      std::string message = path + ": planned ";
      if (secret) {
        message += plan::kSensitiveMask;
        message += ", deployed differs";
      } else {
        const json* want = AtPath(Field(*resource, "values"), path);
        const json* got = AtPath(actual, path);
        message += (want ? Shown(*want) : "null") + ", deployed " + (got ? Shown(*got) : "null");
      }
      findings.push_back(FailedFinding("FABER_POST_CONFIGURATION", checks::Severity::kMedium, address, message,
                                       "Something changed the resource during or after the apply; plan again to see "
                                       "the drift"));
    }
  }
  TestCaseResult t = Result("configuration", findings,
                            std::to_string(attributes) + " planned value(s) of " + std::to_string(resources) +
                                " resource(s) compared, " + std::to_string(mismatched) + " differ");
  // Providers normalize some values (policy JSON, defaults), so a difference warns, not fails.
  if (t.status == TestStatus::kFail) t.status = TestStatus::kWarn;
  t.details = {{"resources_checked", resources}, {"attributes_checked", attributes}, {"mismatches", mismatched}};
  return t;
}

TestCaseResult CheckMonitoring(const json& state, const std::vector<std::string>& types) {
  auto resources = StateResources(state);
  std::set<std::string> alarmed;  // every dimension value of every alarm
  for (const auto& [address, r] : resources) {
    if (Field(*r, "type") != "aws_cloudwatch_metric_alarm") continue;
    const auto& values = Field(*r, "values");
    const auto& dimensions = Field(values, "dimensions");
    if (dimensions.is_object()) {
      for (const auto& [k, v] : dimensions.items()) {
        if (v.is_string()) alarmed.insert(v.get<std::string>());
      }
    }
    const auto& queries = Field(values, "metric_query");
    if (queries.is_array()) {
      for (const auto& q : queries) {
        const auto& metrics = Field(q, "metric");
        for (const auto& m : metrics.is_array() ? metrics : json::array()) {
          const auto& dims = Field(m, "dimensions");
          if (!dims.is_object()) continue;
          for (const auto& [k, v] : dims.items()) {
            if (v.is_string()) alarmed.insert(v.get<std::string>());
          }
        }
      }
    }
  }
  std::vector<checks::Finding> findings;
  json unmonitored = json::array();
  int checked = 0;
  for (const auto& [address, r] : resources) {
    std::string type = Field(*r, "type").is_string() ? Field(*r, "type").get<std::string>() : "";
    if (std::find(types.begin(), types.end(), type) == types.end()) continue;
    ++checked;
    bool watched = false;
    for (const char* key : {"id", "identifier", "name", "function_name", "arn"}) {
      const auto& v = Field(Field(*r, "values"), key);
      if (v.is_string() && alarmed.count(v.get<std::string>())) watched = true;
    }
    if (watched) continue;
    unmonitored.push_back(address);
    findings.push_back(FailedFinding("FABER_POST_MONITORING", checks::Severity::kMedium, address,
                                     type + " has no aws_cloudwatch_metric_alarm pointing at it",
                                     "Add an aws_cloudwatch_metric_alarm whose dimensions name this resource"));
  }
  TestCaseResult t = Result("monitoring", findings,
                            std::to_string(checked - static_cast<int>(unmonitored.size())) + " of " +
                                std::to_string(checked) + " resource(s) that need an alarm have one");
  t.details = {{"resources_checked", checked}, {"unmonitored", unmonitored}};
  return t;
}

TestCaseResult CheckSecurityPosture(const json& state, const manifests::TestsConfig& tests,
                                    const std::vector<checks::Rule>& rules) {
  ResourceModel model = plan::BuildModelFromState(state);
  checks::ScanOptions options;
  options.skip = tests.skip;
  checks::ScanResult scan = checks::Scan(model, rules, options);
  auto listed = [](const std::vector<std::string>& list, checks::Severity s) {
    return std::find(list.begin(), list.end(), checks::SeverityName(s)) != list.end();
  };
  std::vector<checks::Finding> findings;
  int blocking = 0, warning = 0;
  for (const auto& f : scan.findings) {
    if (f.status != checks::FindingStatus::kFailed) continue;
    blocking += listed(tests.block_on, f.severity);
    warning += !listed(tests.block_on, f.severity) && listed(tests.warn_on, f.severity);
    findings.push_back(f);
    findings.back().file.clear();  // the state has no source locations
    findings.back().line = 0;
  }
  TestCaseResult t;
  t.name = "security-posture";
  t.kind = "post-deployment";
  t.findings = std::move(findings);
  t.status = blocking > 0 ? TestStatus::kFail : warning > 0 ? TestStatus::kWarn : TestStatus::kPass;
  t.message = std::to_string(scan.passed) + " passed, " + std::to_string(scan.failed) + " failed (" +
              std::to_string(blocking) + " blocking) over the deployed state";
  t.details = {{"passed", scan.passed}, {"failed", scan.failed}, {"unknown", scan.unknown}};
  return t;
}

}  // namespace faber::reconciler
