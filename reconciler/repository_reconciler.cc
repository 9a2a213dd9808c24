#include "reconciler/repository_reconciler.h"

#include <mutex>
#include <thread>

#include "reconciler/policy_branch.h"

namespace faber::reconciler {

bool RepositoryResult::AnyFailure() const {
  for (const auto& e : environments) {
    if (e.action == Action::kError || e.action == Action::kStopped || e.Failed()) return true;
    if (e.push == store::PushState::kFailed) return true;
  }
  return false;
}

common::Result<manifests::FaberConfig> RepositoryReconciler::LoadRepositoryConfig(store::Repository& repo) {
  auto policy = ResolvePolicyHead(repo);
  if (!policy.ok()) return policy.status();
  auto text = repo.ReadFile(policy->commit, "faber.yaml");
  if (!text.ok()) {
    return common::InvalidInput("faber.yaml not found at the root of " + policy->branch + " (" +
                                policy->commit.substr(0, 7) + "), the branch configuration and gates are read from");
  }
  return manifests::ParseFaberConfig(*text, "faber.yaml");
}

common::Result<RepositoryResult> RepositoryReconciler::ReconcileAll(const std::string& only_environment,
                                                                   const ReconcileOptions& options) {
  auto repo = opener_();
  if (!repo.ok()) return repo.status();
  FABER_RETURN_IF_ERROR((*repo)->Fetch());
  auto config = LoadRepositoryConfig(**repo);
  if (!config.ok()) return config.status();

  std::vector<const manifests::EnvironmentConfig*> selected;
  for (const auto& env : config->environments) {
    if (only_environment.empty() || env.name == only_environment) selected.push_back(&env);
  }
  if (selected.empty()) {
    return common::InvalidInput("faber.yaml defines no environment named '" + only_environment + "'");
  }

  const std::filesystem::path state_dir = (*repo)->git_dir() / "faber";
  // In clone mode every records write fetches and pushes: one at a time within this process.
  std::mutex records_mutex;
  std::mutex* shared_mutex = (*repo)->has_remote() ? &records_mutex : nullptr;

  RepositoryResult result;
  result.environments.resize(selected.size());
  std::vector<std::thread> workers;
  for (size_t i = 0; i < selected.size(); ++i) {
    workers.emplace_back([&, i] {
      const manifests::EnvironmentConfig& env = *selected[i];
      EnvironmentResult& out = result.environments[i];
      auto own_repo = opener_();
      if (!own_repo.ok()) {
        out.environment = env.name;
        out.action = Action::kError;
        out.error = own_repo.status();
        return;
      }
      EnvironmentReconciler reconciler(**own_repo, config->records_branch, state_dir, deps_, shared_mutex);
      out = reconciler.Reconcile(env.name, env.branch, options);
    });
  }
  for (auto& w : workers) w.join();
  return result;
}

}  // namespace faber::reconciler
