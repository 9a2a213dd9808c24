#include "tests/integration/infra_repo.h"

#include <gtest/gtest.h>

namespace faber::testing {

const char* InfraRepo::DefaultApply() {
  return "#!/bin/sh\nset -e\necho \"applying $FABER_ENV at $FABER_COMMIT\"\n"
         "echo \"$FABER_ENV $FABER_COMMIT\" > \"$DEPLOY_DIR/$FABER_ENV\"\n";
}

std::string InfraFaberYaml(const std::string& extra) {
  std::string yaml = "version: 1\nenvironments:\n";
  for (const char* env : {"test", "prod"}) {
    yaml += std::string("  - name: ") + env + "\n    branch: env/" + env +
            "\n    directory: infra\n    engine: command\n"
            "    commands: {validate: \"./check.sh\", plan: \"./check.sh\", apply: \"./apply.sh\"}\n"
            "    pass_env: [DEPLOY_DIR, DEPLOY_TOKEN]\n"
            "    tests: {commands: [\"./check.sh\"]}\n" +
            extra;
  }
  return yaml;
}

InfraRepo::InfraRepo(const std::filesystem::path& dir, const std::string& apply_script,
                     const std::string& extra_env_yaml)
    : tree_(dir / "repo"), deploy_dir_(dir / "deployed") {
  std::filesystem::create_directories(deploy_dir_);
  tree_.Write("faber.yaml", InfraFaberYaml(extra_env_yaml));
  tree_.Write("infra/check.sh", "#!/bin/sh\ntest -f main.txt\n", true);
  tree_.Write("infra/apply.sh", apply_script.empty() ? DefaultApply() : apply_script, true);
  tree_.Write("infra/main.txt", "v0\n");
  tree_.CommitAll("Initial infrastructure");
  tree_.Git({"branch", "env/test"});
  tree_.Git({"branch", "env/prod"});
}

std::string InfraRepo::Change(const std::string& branch, const std::string& note) {
  tree_.Checkout(branch);
  tree_.Write("infra/main.txt", note + "\n");
  std::string commit = tree_.CommitAll(note);
  tree_.Checkout("main");
  return commit;
}

void InfraRepo::SetApplyScript(const std::string& script) {
  for (const char* branch : {"env/test", "env/prod"}) {
    tree_.Checkout(branch);
    tree_.Write("infra/apply.sh", script, true);
    tree_.CommitAll("Change the apply script");
  }
  tree_.Checkout("main");
}

int InfraRepo::RecordsCommits() const {
  auto r = tree_.TryGit({"rev-list", "--count", "faber/records"});
  return r.exit_code == 0 ? std::stoi(r.stdout_text) : 0;
}

}  // namespace faber::testing
