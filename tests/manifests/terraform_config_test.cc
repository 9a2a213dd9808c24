// faber.yaml's `terraform:` block of an environment.
#include <gtest/gtest.h>

#include "tests/manifests/config_test_util.h"

namespace faber::manifests {
namespace {

TEST(TerraformConfigTest, DefaultsWhenAbsent) {
  auto config = ParseFaberConfig(std::string(kHeader) + "  - name: test\n    branch: env/test\n", "faber.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const TerraformConfig& tf = config->environments[0].terraform;
  EXPECT_EQ(tf.binary, "");
  EXPECT_EQ(tf.workspace, "");
  EXPECT_EQ(tf.retries, 2);
  EXPECT_EQ(tf.retry_interval, std::chrono::seconds(10));
  EXPECT_FALSE(tf.force_unlock);
  EXPECT_TRUE(tf.reinit);
  EXPECT_TRUE(tf.alarms_required_for.empty());
}

TEST(TerraformConfigTest, EveryFieldIsRead) {
  auto config = ParseFaberConfig(std::string(kHeader) +
                                     "  - name: test\n    branch: env/test\n    engine: tofu\n    terraform:\n"
                                     "      binary: /opt/tofu/bin/tofu\n      workspace: staging\n"
                                     "      backend_config: [key=a.tfstate, region=eu-west-1]\n      retries: 4\n"
                                     "      retry_interval: 3s\n      force_unlock: true\n      reinit: false\n"
                                     "      alarms_required_for: [aws_db_instance]\n",
                                 "faber.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const TerraformConfig& tf = config->environments[0].terraform;
  EXPECT_EQ(tf.binary, "/opt/tofu/bin/tofu");
  EXPECT_EQ(tf.workspace, "staging");
  EXPECT_EQ(tf.backend_config, std::vector<std::string>({"key=a.tfstate", "region=eu-west-1"}));
  EXPECT_EQ(tf.retries, 4);
  EXPECT_EQ(tf.retry_interval, std::chrono::seconds(3));
  EXPECT_TRUE(tf.force_unlock);
  EXPECT_FALSE(tf.reinit);
  EXPECT_EQ(tf.alarms_required_for, std::vector<std::string>({"aws_db_instance"}));
}

TEST(TerraformConfigTest, ErrorsNameLineAndField) {
  EXPECT_EQ(FaberErrors(std::string(kHeader) +
                        "  - name: test\n    branch: env/test\n    terraform:\n      retries: 50\n"),
            "faber.yaml:6:16: environments[0].terraform.retries: must be between 0 and 10 (got \"50\")");
  std::string unknown = FaberErrors(std::string(kHeader) +
                                    "  - name: test\n    branch: env/test\n    terraform:\n      force_unlok: true\n");
  EXPECT_NE(unknown.find("faber.yaml:6:7: environments[0].terraform.force_unlok"), std::string::npos) << unknown;
  std::string command = FaberErrors(std::string(kHeader) +
                                    "  - name: test\n    branch: env/test\n    engine: command\n"
                                    "    commands: {apply: ./a.sh}\n    terraform: {retries: 1}\n");
  EXPECT_NE(command.find("environments[0].terraform: only used with engine: terraform or tofu"), std::string::npos)
      << command;
}

}  // namespace
}  // namespace faber::manifests
