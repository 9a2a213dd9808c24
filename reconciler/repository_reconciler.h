#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "manifests/faber_config.h"
#include "reconciler/environment_reconciler.h"
#include "store/git_repository.h"

namespace faber::reconciler {

// Opens a fresh GitRepository instance (one per thread: libgit2 objects are not shared).
using RepositoryOpener = std::function<common::Result<std::unique_ptr<store::Repository>>()>;

struct RepositoryResult {
  std::vector<EnvironmentResult> environments;
  // True when any environment failed to deploy, was interrupted or hit an error.
  bool AnyFailure() const;
};

// Reconciles every environment of a repository, each in its own thread. The environments and
// the records branch are read from faber.yaml on the default branch; each environment's own
// settings come from its branch head.
class RepositoryReconciler {
 public:
  RepositoryReconciler(RepositoryOpener opener, ReconcilerDeps deps) : opener_(std::move(opener)), deps_(std::move(deps)) {}

  // Fetches, reads faber.yaml, and reconciles `only_environment` (or all when empty).
  // Errors: the repository cannot be opened or fetched, faber.yaml is missing or invalid
  // (kInvalidInput, nothing run or recorded), an unknown environment name.
  common::Result<RepositoryResult> ReconcileAll(const std::string& only_environment, const ReconcileOptions& options);

  // Reads and validates faber.yaml from the default branch of `repo`.
  static common::Result<manifests::FaberConfig> LoadRepositoryConfig(store::Repository& repo);

 private:
  RepositoryOpener opener_;
  ReconcilerDeps deps_;
};

}  // namespace faber::reconciler
