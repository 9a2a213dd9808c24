// `faber reconcile` deploying with the real terraform or tofu when one is on PATH (skipped, with
// the reason printed, otherwise): built-in terraform_data resources, so no provider download.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

using nlohmann::json;

std::string FindOnPath(const char* name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path == nullptr ? "" : path);
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string candidate = dir + "/" + name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

TEST(TerraformRealDeployTest, ReconcileDeploysAndVerifiesWithTheRealBinary) {
  std::string engine = "terraform";
  std::string binary = FindOnPath("terraform");
  if (binary.empty()) {
    engine = "tofu";
    binary = FindOnPath("tofu");
  }
  if (binary.empty()) GTEST_SKIP() << "neither terraform nor tofu is on PATH: the real-binary deploy is skipped";

  ScratchDir scratch;
  WorkTree tree(scratch.path() / "repo");
  const std::string secret = "tok-e2e-5b9c1d7a";
  tree.Write("faber.yaml", "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    directory: infra\n"
                           "    engine: " + engine + "\n    var_files: [test.tfvars]\n"
                           "    pass_env: [TF_CLI_CONFIG_FILE, TF_PLUGIN_CACHE_DIR]\n");
  tree.Write("infra/main.tf",
             "variable \"token\" {\n  type      = string\n  sensitive = true\n}\n"
             "resource \"terraform_data\" \"config\" {\n  input = { size = \"small\", token = var.token }\n}\n"
             "output \"size\" {\n  value = terraform_data.config.output.size\n}\n");
  tree.Write("infra/test.tfvars", "token = \"" + secret + "\"\n");
  tree.CommitAll("Infrastructure");
  tree.Git({"branch", "env/test"});

  auto run = RunFaber({"reconcile", "--repo", tree.dir().string(), "--once", "--env", "test"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text << run.stdout_text;
  auto files = tree.Files("faber/records");
  json deployment = json::parse(files["deployments/test.json"]);
  EXPECT_EQ(deployment["status"], "succeeded") << deployment.dump(2);
  EXPECT_EQ(deployment["last_run"]["outputs"]["size"]["value"], "small");
  json pre, post;
  for (const auto& [name, content] : files) {
    if (name.find("-pre-deployment.json") != std::string::npos) pre = json::parse(content);
    if (name.find("-post-deployment.json") != std::string::npos) post = json::parse(content);
  }
  EXPECT_EQ(pre["plan"]["headline"], "1 to add, 0 to change, 0 to destroy") << pre.dump(2);
  bool existence = false;
  for (const auto& t : post["tests"]) {
    if (t["name"] != "resource-existence") continue;
    existence = true;
    EXPECT_EQ(t["status"], "PASS");
    EXPECT_EQ(t["resources_found"], 1);
  }
  EXPECT_TRUE(existence) << post.dump(2);
  EXPECT_EQ(tree.AllHistoryContent("faber/records").find(secret), std::string::npos);
  EXPECT_EQ(run.stdout_text.find(secret), std::string::npos);
  EXPECT_EQ(run.stderr_text.find(secret), std::string::npos);

  // Nothing changed outside faber: a drift check records the environment in sync.
  auto drift = RunFaber({"reconcile", "--repo", tree.dir().string(), "--once", "--env", "test", "--drift"});
  EXPECT_EQ(drift.exit_code, 0) << drift.stderr_text << drift.stdout_text;
  EXPECT_NE(drift.stdout_text.find("test: drift"), std::string::npos) << drift.stdout_text;
  EXPECT_NE(drift.stdout_text.find("in_sync"), std::string::npos) << drift.stdout_text;
}

}  // namespace
}  // namespace faber::testing
