#include "reconciler/checks/policy_loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "common/yaml_limits.h"
#include "manifests/embedded_yaml.h"
#include "reconciler/checks/builtin_policies.h"
#include "reconciler/checks/condition_compiler.h"

namespace faber::reconciler::checks {
namespace {

std::string At(const std::string& file, const YAML::Mark& m) {
  return file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) + ": ";
}

std::vector<std::string> StringList(const YAML::Node& n) {
  std::vector<std::string> out;
  if (n.IsScalar()) out.push_back(n.as<std::string>());
  if (n.IsSequence()) {
    for (const auto& item : n) out.push_back(item.as<std::string>());
  }
  return out;
}

void ParseRule(const YAML::Node& n, const std::string& file, int line, const std::string& path, std::vector<Rule>* rules,
               std::vector<std::string>* errors) {
  static const std::set<std::string> kKeys = {"id", "title", "severity", "category", "resource",
                                              "equivalents", "recommendation", "pass"};
  if (!n.IsMap()) {
    errors->push_back(At(file, n.Mark()) + path + ": expected a rule (a mapping)");
    return;
  }
  for (const auto& kv : n) {
    std::string key = kv.first.as<std::string>();
    if (!kKeys.count(key)) errors->push_back(At(file, kv.first.Mark()) + path + ": unknown key '" + key + "'");
  }
  for (const char* required : {"id", "title", "severity", "resource", "pass"}) {
    if (!n[required]) errors->push_back(At(file, n.Mark()) + path + ": missing '" + required + "'");
  }
  if (!n["id"] || !n["title"] || !n["severity"] || !n["resource"] || !n["pass"]) return;
  Rule rule;
  rule.id = n["id"].as<std::string>();
  rule.title = n["title"].as<std::string>();
  if (!ParseSeverity(n["severity"].as<std::string>(), &rule.severity)) {
    errors->push_back(At(file, n["severity"].Mark()) + path + ".severity: expected LOW, MEDIUM, HIGH or CRITICAL");
  }
  rule.category = n["category"] ? n["category"].as<std::string>() : "security";
  rule.recommendation = n["recommendation"] ? n["recommendation"].as<std::string>() : "";
  rule.resource_types = StringList(n["resource"]);
  if (n["equivalents"]) rule.equivalents = StringList(n["equivalents"]);
  rule.pass = CompileCondition(n["pass"], file, path + ".pass", errors);
  rule.source = file + ":" + std::to_string(line);
  rules->push_back(std::move(rule));
}

}  // namespace

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kLow: return "LOW";
    case Severity::kMedium: return "MEDIUM";
    case Severity::kHigh: return "HIGH";
    case Severity::kCritical: return "CRITICAL";
  }
  return "MEDIUM";
}

bool ParseSeverity(const std::string& text, Severity* out) {
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  for (Severity s : {Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    if (upper == SeverityName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

namespace {

// The rules of a policy document; rule_lines[i] is the line of rules[i] (recorded as its source).
common::Result<std::vector<Rule>> ParsePolicyRoot(const YAML::Node& root, const std::string& file,
                                                  const std::vector<int>& rule_lines) {
  std::vector<std::string> errors;
  std::vector<Rule> rules;
  try {
    if (!root.IsMap() || !root["rules"] || !root["rules"].IsSequence()) {
      return common::InvalidInput(file + ":1:1: expected a mapping with 'rules:' (a list of rules)");
    }
    for (const auto& kv : root) {
      if (kv.first.as<std::string>() != "rules") {
        errors.push_back(At(file, kv.first.Mark()) + "unknown key '" + kv.first.as<std::string>() + "'");
      }
    }
    const YAML::Node list = root["rules"];
    std::set<std::string> ids;
    for (size_t i = 0; i < list.size(); ++i) {
      const size_t before = rules.size();
      ParseRule(list[i], file, i < rule_lines.size() ? rule_lines[i] : 0, "rules[" + std::to_string(i) + "]", &rules,
                &errors);
      if (rules.size() > before && !ids.insert(rules.back().id).second) {
        errors.push_back(At(file, list[i].Mark()) + "rules[" + std::to_string(i) + "].id: duplicate rule id '" +
                         rules.back().id + "'");
      }
    }
  } catch (const YAML::Exception& e) {
    errors.push_back(At(file, e.mark) + e.msg);
  }
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
    return common::InvalidInput(message);
  }
  return rules;
}

}  // namespace

common::Result<std::vector<Rule>> ParsePolicyFile(const std::string& text, const std::string& file) {
  FABER_RETURN_IF_ERROR(common::CheckYamlText(text, file));
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return common::InvalidInput(At(file, e.mark) + e.msg);
  }
  std::vector<int> lines;
  if (root.IsMap() && root["rules"].IsSequence()) {
    for (const auto& item : root["rules"]) lines.push_back(item.Mark().line + 1);
  }
  return ParsePolicyRoot(root, file, lines);
}

common::Result<std::vector<Rule>> ParseEmbeddedPolicy(const common::EmbeddedFile& policy) {
  manifests::EmbeddedYaml doc = manifests::LoadEmbeddedYaml(policy);
  return ParsePolicyRoot(doc.root, std::string(policy.name), doc.item_lines["rules"]);
}

common::Result<std::vector<Rule>> LoadPolicyDirectory(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return common::NotFound("policy directory " + dir + " not found");
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Rule> out;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto rules = ParsePolicyFile(text, path.string());
    if (!rules.ok()) return rules.status();
    for (auto& r : *rules) out.push_back(std::move(r));
  }
  return out;
}

const std::vector<Rule>& BuiltinRules() {
  static const std::vector<Rule> kRules = [] {
    std::vector<Rule> out;
    for (const auto& policy : BuiltinPolicyFiles()) {
      auto rules = ParseEmbeddedPolicy(policy);
      // The shipped files are checked by the test suite; a broken one is a build defect.
      if (!rules.ok()) throw std::logic_error(rules.status().message());
      for (auto& r : *rules) out.push_back(std::move(r));
    }
    return out;
  }();
  return kRules;
}

}  // namespace faber::reconciler::checks
