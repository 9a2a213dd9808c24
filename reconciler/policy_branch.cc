#include "reconciler/policy_branch.h"

#include <algorithm>

#include "reconciler/checks/policy_loader.h"
#include "reconciler/repository_reconciler.h"

namespace faber::reconciler {

common::Result<PolicyHead> ResolvePolicyHead(store::Repository& repo) {
  auto branch = repo.PolicyBranch();
  if (!branch.ok()) return branch.status();
  auto head = repo.ResolveBranch(*branch);
  if (!head.ok()) {
    return common::InvalidInput("the branch faber.yaml is read from, " + *branch + ", does not exist: " +
                                head.status().message());
  }
  return PolicyHead{*branch, *head};
}

common::Result<manifests::EnvironmentConfig> WithPolicyGates(store::Repository& repo, const manifests::EnvironmentConfig& env) {
  auto policy = RepositoryReconciler::LoadRepositoryConfig(repo);
  if (!policy.ok()) return policy.status();
  const manifests::EnvironmentConfig* declared = policy->FindEnvironment(env.name);
  if (declared == nullptr) {
    return common::InvalidInput("faber.yaml on the default branch does not declare environment " + env.name +
                                ": its gates are read there");
  }
  manifests::EnvironmentConfig gated = env;
  manifests::TakeGatesFrom(*declared, &gated);
  return gated;
}

common::Result<std::vector<checks::Rule>> LoadPolicyRules(store::Repository& repo, const std::vector<std::string>& dirs) {
  std::vector<checks::Rule> rules = checks::BuiltinRules();
  if (dirs.empty()) return rules;
  auto policy = ResolvePolicyHead(repo);
  if (!policy.ok()) return policy.status();
  const std::string& head = policy->commit;
  for (const auto& dir : dirs) {
    std::string prefix = dir;
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    while (prefix.rfind("./", 0) == 0) prefix.erase(0, 2);
    auto files = repo.ListFiles(head, prefix == "." ? "" : prefix);
    if (!files.ok() || files->empty()) {
      return common::InvalidInput("policies: directory " + dir + " not found on the default branch " +
                                  policy->branch + " (" + head.substr(0, 7) + "), where policies are read");
    }
    std::sort(files->begin(), files->end());
    for (const auto& path : *files) {
      bool yaml = path.size() > 5 && (path.compare(path.size() - 5, 5, ".yaml") == 0 ||
                                      path.compare(path.size() - 4, 4, ".yml") == 0);
      if (!yaml) continue;
      auto text = repo.ReadFile(head, path);
      if (!text.ok()) return text.status();
      auto parsed = checks::ParsePolicyFile(*text, path);
      if (!parsed.ok()) return common::InvalidInput("policies: " + parsed.status().message());
      for (auto& rule : *parsed) rules.push_back(std::move(rule));
    }
  }
  return rules;
}

}  // namespace faber::reconciler
