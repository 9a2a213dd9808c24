// ParseFaberConfig: the top level of faber.yaml and the checks that span environments (unique
// names and branches, promotion gates that name a real environment and form no cycle).

#include "manifests/faber_config.h"

#include <algorithm>
#include <map>

#include "common/yaml_limits.h"
#include "manifests/environment_parser.h"
#include "manifests/validators.h"
#include "manifests/yaml_reader.h"

namespace faber::manifests {
namespace {

constexpr int kSupportedVersion = 1;

void CheckUniqueNamesAndBranches(const std::vector<ParsedEnvironment>& envs, const std::string& records_branch,
                                 ErrorList& errors) {
  std::map<std::string, const ParsedEnvironment*> by_name;
  std::map<std::string, const ParsedEnvironment*> by_branch;
  for (const ParsedEnvironment& env : envs) {
    if (env.name) {
      auto [pos, inserted] = by_name.emplace(env.config.name, &env);
      if (!inserted) {
        errors.Add(*env.name, "duplicate environment name " + Quote(env.config.name) + " (first defined at line " +
                                  std::to_string(pos->second->name->mark.line + 1) + ")");
      }
    }
    if (!env.branch) continue;
    if (env.config.branch == records_branch) {
      errors.Add(*env.branch, "is the records branch " + Quote(records_branch) +
                                  "; an environment needs a branch of its own");
      continue;
    }
    auto [pos, inserted] = by_branch.emplace(env.config.branch, &env);
    if (!inserted) {
      const ParsedEnvironment& first = *pos->second;
      // Name the first user by its name, or by its list position when the name itself was bad.
      std::string owner = first.name ? "environment " + Quote(first.config.name)
                                     : first.branch->path.substr(0, first.branch->path.rfind('.'));
      errors.Add(*env.branch, "branch " + Quote(env.config.branch) + " is already used by " + owner + " (line " +
                                  std::to_string(first.branch->mark.line + 1) + ")");
    }
  }
}

// Every gate must name another environment of this file, and following gates must never lead
// back to where they started: such environments could never deploy.
void CheckPromotionGates(const std::vector<ParsedEnvironment>& envs, ErrorList& errors) {
  std::map<std::string, size_t> index;
  std::vector<std::string_view> names;
  for (size_t i = 0; i < envs.size(); ++i) {
    if (!envs[i].name) continue;
    if (index.emplace(envs[i].config.name, i).second) names.push_back(envs[i].config.name);
  }
  for (size_t i = 0; i < envs.size(); ++i) {
    const ParsedEnvironment& env = envs[i];
    if (!env.requires_passed) continue;
    const std::string& target = env.config.requires_passed;
    if (target == env.config.name) {
      errors.Add(*env.requires_passed, "an environment cannot require itself");
      continue;
    }
    if (index.count(target) == 0) {
      auto suggestion = Suggest(target, names);
      std::string known;
      for (const auto& n : names) known += (known.empty() ? "" : ", ") + std::string(n);
      errors.Add(*env.requires_passed, "must name another environment in this file (got " + Quote(target) +
                                           (suggestion ? "; did you mean " + Quote(*suggestion) + "?"
                                                       : "; environments: " + known) + ")");
      continue;
    }
    // Walk the chain of gates; report a cycle once, at its first environment in the file.
    std::vector<size_t> chain = {i};
    size_t current = index.at(target);
    while (chain.size() <= envs.size()) {
      if (current == i) {
        if (*std::min_element(chain.begin(), chain.end()) != i) break;
        std::string cycle;
        for (size_t c : chain) cycle += envs[c].config.name + " -> ";
        errors.Add(*env.requires_passed, "promotion gates form a cycle: " + cycle + env.config.name);
        break;
      }
      const ParsedEnvironment& next = envs[current];
      if (!next.requires_passed || index.count(next.config.requires_passed) == 0) break;
      chain.push_back(current);
      current = index.at(next.config.requires_passed);
    }
  }
}

void ParseDocument(const Field& root, ErrorList& errors, FaberConfig& config) {
  MapReader map(root, errors, {"version", "records", "policies", "environments"});
  if (!map.valid()) return;
  if (auto f = map.Require("version")) {
    auto version = ReadInt(*f, errors, 0, 1000000);
    if (version && *version != kSupportedVersion) {
      errors.Add(*f, "unsupported version " + std::to_string(*version) + " (this faber reads version " +
                         std::to_string(kSupportedVersion) + ")");
    }
  }
  if (auto f = map.Get("records")) {
    MapReader records(*f, errors, {"branch"});
    if (auto branch = records.Get("branch")) {
      config.records_branch = ReadString(*branch, errors, CheckBranchName).value_or(config.records_branch);
    }
  }
  if (auto f = map.Get("policies")) {
    config.policies = ReadStringList(*f, errors, [](const std::string& v) {
                        return CheckRelativePath(v);
                      }).value_or(std::vector<std::string>{});
  }
  auto environments = map.Require("environments");
  if (!environments) return;
  auto items = ReadList(*environments, errors);
  if (!items) return;
  if (items->empty()) {
    errors.Add(*environments, "at least one environment is required");
    return;
  }
  std::vector<ParsedEnvironment> parsed;
  for (const Field& item : *items) parsed.push_back(ParseEnvironment(item, errors));
  CheckUniqueNamesAndBranches(parsed, config.records_branch, errors);
  CheckPromotionGates(parsed, errors);
  for (auto& env : parsed) config.environments.push_back(std::move(env.config));
}

}  // namespace

const char* EngineKindName(EngineKind kind) {
  switch (kind) {
    case EngineKind::kTerraform: return "terraform";
    case EngineKind::kTofu: return "tofu";
    case EngineKind::kCommand: return "command";
  }
  return "terraform";
}

const char* InterruptedPolicyName(InterruptedPolicy policy) {
  return policy == InterruptedPolicy::kStop ? "stop" : "rerun";
}

const EnvironmentConfig* FaberConfig::FindEnvironment(const std::string& name) const {
  for (const auto& env : environments) {
    if (env.name == name) return &env;
  }
  return nullptr;
}

const EnvironmentConfig* FaberConfig::FindEnvironmentByBranch(const std::string& branch) const {
  for (const auto& env : environments) {
    if (env.branch == branch) return &env;
  }
  return nullptr;
}

common::Result<FaberConfig> ParseFaberConfig(const std::string& text, const std::string& file) {
  ErrorList errors(file);
  FaberConfig config;
  FABER_RETURN_IF_ERROR(common::CheckYamlText(text, file));
  try {
    if (auto root = LoadDocument(text, errors)) ParseDocument(*root, errors, config);
  } catch (const YAML::Exception& e) {
    // The readers avoid throwing accessors; this is a last line so no exception escapes.
    errors.Add(e.mark, "", "cannot read the file: " + e.msg);
  }
  if (!errors.empty()) return errors.ToStatus();
  return config;
}

void TakeGatesFrom(const EnvironmentConfig& policy, EnvironmentConfig* env) {
  env->approval = policy.approval;
  env->requires_passed = policy.requires_passed;
  env->budget_monthly_usd = policy.budget_monthly_usd;
  env->budget_warn_share = policy.budget_warn_share;
  env->production = policy.production;
  env->on_interrupted = policy.on_interrupted;
  env->pass_env = policy.pass_env;
  env->pass_env_public = policy.pass_env_public;  // marking a secret public would print it
  env->tests.skip = policy.tests.skip;
  env->tests.block_on = policy.tests.block_on;
  env->tagging_required = policy.tagging_required;
  env->naming_pattern = policy.naming_pattern;
}

}  // namespace faber::manifests
