#include "reconciler/stages/command_environment.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace faber::reconciler {
namespace {

TEST(CommandEnvironmentTest, EveryPassEnvValueIsRedactedUnlessMarkedPublic) {
  const std::vector<std::pair<std::string, std::string>> passed = {{"FABER_CE_STRIPE_KEY", "sk-value-one-1111"},
                                                                   {"FABER_CE_DB_PASS", "db-value-two-2222"},
                                                                   {"FABER_CE_SIGNING_KEY", "sign-value-three-3333"},
                                                                   {"FABER_CE_DSN", "postgres-host-four-4444"},
                                                                   {"FABER_CE_REGION", "eu-west-1"}};
  manifests::EnvironmentConfig env;
  env.name = "test";
  for (const auto& [name, value] : passed) {
    setenv(name.c_str(), value.c_str(), 1);
    env.pass_env.push_back(name);
  }
  env.pass_env_public = {"FABER_CE_REGION"};
  common::Redactor redactor;
  common::Environment vars = BuildCommandEnvironment(env, "abc123", "env/test", "run-1", redactor);
  for (const auto& [name, value] : passed) {
    ASSERT_EQ(vars[name], value) << name;  // handed to the commands as they are
    const std::string redacted = redactor.Redact("value: " + value + ".");
    if (name == "FABER_CE_REGION") {
      EXPECT_EQ(redacted, "value: eu-west-1.");
    } else {
      EXPECT_EQ(redacted, "value: [REDACTED].") << name;
    }
    unsetenv(name.c_str());
  }
  // FABER_* and the base variables are not secrets.
  EXPECT_EQ(redactor.Redact("env/test run-1"), "env/test run-1");
}

}  // namespace
}  // namespace faber::reconciler
