#pragma once

#include <string>

#include "tests/support/faber_harness.h"

namespace faber::testing {

// A repository laid out for faber (DESIGN.md): faber.yaml on main declaring `test` and `prod`
// with the command engine, deploy scripts in infra/, branches env/test and env/prod.
// The scripts deploy by writing "<env> <commit>" to $DEPLOY_DIR/<env>.
class InfraRepo {
 public:
  // `apply_script` replaces the default infra/apply.sh; `extra_env_yaml` is appended to each
  // environment's block (indented by the caller).
  explicit InfraRepo(const std::filesystem::path& dir, const std::string& apply_script = "",
                     const std::string& extra_env_yaml = "");

  // Commits a change on `branch` (env/test or env/prod) and returns the new commit.
  std::string Change(const std::string& branch, const std::string& note);
  // Replaces infra/apply.sh on both environment branches.
  void SetApplyScript(const std::string& script);

  WorkTree& tree() { return tree_; }
  const std::filesystem::path& deploy_dir() const { return deploy_dir_; }
  // The variables the faber process needs for the scripts.
  common::Environment Env() const { return {{"DEPLOY_DIR", deploy_dir_.string()}}; }
  // Returns how many commits the records branch has (0 when it does not exist).
  int RecordsCommits() const;

  static const char* DefaultApply();

 private:
  WorkTree tree_;
  std::filesystem::path deploy_dir_;
};

// Returns faber.yaml for environments test and prod with `extra` appended to each environment.
std::string InfraFaberYaml(const std::string& extra);

}  // namespace faber::testing
