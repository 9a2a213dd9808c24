// Errors of single environments, through the public ParseFaberConfig. Each case is one
// environment appended to kHeader, so its first line is line 3.

#include <gtest/gtest.h>

#include "tests/manifests/config_test_util.h"

namespace faber::manifests {
namespace {

std::string EnvErrors(const std::string& environment) { return FaberErrors(kHeader + environment); }

TEST(EnvironmentParserTest, UnknownNestedKeys) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    tests: {blockon: [HIGH]}\n"),
            "faber.yaml:5:13: environments[0].tests.blockon: unknown key (did you mean \"block_on\"?)");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    health_checks:\n      - {name: x, http: \"http://h\", retry: 2}\n"),
            "faber.yaml:6:37: environments[0].health_checks[0].retry: unknown key (did you mean \"retries\"?)");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    Branch: b\n"),
            "faber.yaml:5:5: environments[0].Branch: unknown key (did you mean \"branch\"?)");
}

TEST(EnvironmentParserTest, RequiredFieldsArePositionedAtTheEnvironment) {
  EXPECT_EQ(EnvErrors("  - name: a\n"), "faber.yaml:3:5: environments[0].branch: required field is missing");
  EXPECT_EQ(EnvErrors("  - branch: a\n"), "faber.yaml:3:5: environments[0].name: required field is missing");
}

TEST(EnvironmentParserTest, EmptyValuesPointAtTheirKey) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch:\n    engine: tofu\n"),
            "faber.yaml:4:5: environments[0].branch: expected a string, got an empty value");
  EXPECT_EQ(EnvErrors("  - name: \"\"\n    branch: a\n"), "faber.yaml:3:11: environments[0].name: must not be empty");
}

TEST(EnvironmentParserTest, WrongTypes) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: [a, b]\n"),
            "faber.yaml:4:13: environments[0].branch: expected a string, got a list");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    var_files: x.tfvars\n"),
            "faber.yaml:5:16: environments[0].var_files: expected a list, got a scalar");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    tests: [HIGH]\n"),
            "faber.yaml:5:12: environments[0].tests: expected a map, got a list");
  EXPECT_EQ(EnvErrors("  - just-a-name\n"), "faber.yaml:3:5: environments[0]: expected a map, got a scalar");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    production: yes\n"),
            "faber.yaml:5:17: environments[0].production: expected true or false (got \"yes\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    production: \"true\"\n"),
            "faber.yaml:5:17: environments[0].production: expected true or false (got \"true\")");
}

TEST(EnvironmentParserTest, BadEnums) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    engine: helm\n"),
            "faber.yaml:5:13: environments[0].engine: must be one of terraform, tofu, command (got \"helm\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    approval: manual\n"),
            "faber.yaml:5:15: environments[0].approval: must be one of comment (got \"manual\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    on_interrupted: retry\n"),
            "faber.yaml:5:21: environments[0].on_interrupted: must be one of rerun, stop (got \"retry\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    tests: {block_on: [CRITICAL, high]}\n"),
            "faber.yaml:5:34: environments[0].tests.block_on[1]: must be one of CRITICAL, HIGH, MEDIUM, LOW "
            "(got \"high\")");
}

TEST(EnvironmentParserTest, SeverityEitherBlocksOrWarns) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    tests: {block_on: [HIGH], warn_on: [LOW, HIGH]}\n"),
            "faber.yaml:5:46: environments[0].tests.warn_on[1]: HIGH is also in block_on; a severity either blocks "
            "or warns");
}

TEST(EnvironmentParserTest, NamesAndBranches) {
  EXPECT_EQ(EnvErrors("  - name: Test\n    branch: a\n"),
            "faber.yaml:3:11: environments[0].name: must be 1 to 63 lower-case letters, digits, '-' or '_', "
            "starting with a letter or digit (got \"Test\")");
  EXPECT_EQ(EnvErrors("  - name: -a\n    branch: a\n"),
            "faber.yaml:3:11: environments[0].name: must be 1 to 63 lower-case letters, digits, '-' or '_', "
            "starting with a letter or digit (got \"-a\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: env..test\n"),
            "faber.yaml:4:13: environments[0].branch: not a valid git branch name: contains \"..\" (got \"env..test\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: refs/heads/env/a\n"),
            "faber.yaml:4:13: environments[0].branch: give the branch name without the \"refs/heads/\" prefix "
            "(got \"refs/heads/env/a\")");
}

TEST(EnvironmentParserTest, DirectoriesStayInsideTheRepository) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    directory: /srv/infra\n"),
            "faber.yaml:5:16: environments[0].directory: must be a path relative to the repository root, not an "
            "absolute path (got \"/srv/infra\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    directory: infra/../../x\n"),
            "faber.yaml:5:16: environments[0].directory: must stay inside the repository: \"..\" climbs above its "
            "root (got \"infra/../../x\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    directory: infra/../live\n"), "OK");
}

TEST(EnvironmentParserTest, VarFilesAreRelativeToTheDirectory) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    directory: infra\n    var_files: [../envs/a.tfvars]\n"), "OK");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    directory: infra\n    var_files: [../../a.tfvars]\n"),
            "faber.yaml:6:17: environments[0].var_files[0]: must stay inside the repository: \"..\" climbs above its "
            "root (got \"../../a.tfvars\")");
}

TEST(EnvironmentParserTest, CommandEngineNeedsApply) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    engine: command\n    commands: {plan: ./plan.sh}\n"),
            "faber.yaml:6:15: environments[0].commands.apply: required field is missing");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    engine: command\n"),
            "faber.yaml:3:5: environments[0].commands: required when engine is command (at least apply)");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    engine: command\n    commands: {apply: x, destroy: y}\n"),
            "faber.yaml:6:26: environments[0].commands.destroy: unknown key (expected one of: init, validate, plan, "
            "apply, outputs)");
}

TEST(EnvironmentParserTest, CommandsOnlyForTheCommandEngine) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    commands: {apply: x}\n"),
            "faber.yaml:5:15: environments[0].commands: only used with engine: command (this environment's engine "
            "is terraform)");
}

TEST(EnvironmentParserTest, NamingPatternMustCompile) {
  std::string errors = EnvErrors("  - name: a\n    branch: a\n    naming: {pattern: \"[a-\"}\n");
  EXPECT_EQ(errors.rfind("faber.yaml:5:23: environments[0].naming.pattern: not a valid regular expression (RE2 syntax): ", 0), 0u)
      << errors;
  EXPECT_NE(errors.find("(got \"[a-\")"), std::string::npos) << errors;
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    naming: {}\n"),
            "faber.yaml:5:13: environments[0].naming.pattern: required field is missing");
}

TEST(EnvironmentParserTest, BudgetIsANonNegativeNumber) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    budget: {monthly_usd: -1}\n"),
            "faber.yaml:5:27: environments[0].budget.monthly_usd: must be at least 0 (got \"-1\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    budget: {monthly_usd: 0}\n"), "OK");
}

TEST(EnvironmentParserTest, PassEnvNamesVariables) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    pass_env: [OK_1, 9LIVES, A-B]\n"),
            "faber.yaml:5:22: environments[0].pass_env[1]: must be an environment variable name (letters, digits "
            "and '_', not starting with a digit) (got \"9LIVES\")\n"
            "faber.yaml:5:30: environments[0].pass_env[2]: must be an environment variable name (letters, digits "
            "and '_', not starting with a digit) (got \"A-B\")");
}

TEST(EnvironmentParserTest, PassEnvPublicNamesVariablesOfPassEnv) {
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    pass_env: [AWS_PROFILE, STRIPE_KEY]\n"
                      "    pass_env_public: [AWS_PROFILE, AWS_REGION]\n"),
            "faber.yaml:6:36: environments[0].pass_env_public[1]: must name a variable of pass_env (AWS_REGION is not "
            "in pass_env) (got \"AWS_REGION\")");
  EXPECT_EQ(EnvErrors("  - name: a\n    branch: a\n    pass_env: [AWS_PROFILE]\n    pass_env_public: [AWS_PROFILE]\n"),
            "OK");
}

TEST(EnvironmentParserTest, Durations) {
  auto config = ParseFaberConfig(std::string(kHeader) + "  - {name: a, branch: a, stage_timeout: 1m30s}\n", "f");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->environments[0].stage_timeout, std::chrono::seconds(90));
  config = ParseFaberConfig(std::string(kHeader) + "  - {name: a, branch: a, stage_timeout: 45}\n", "f");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->environments[0].stage_timeout, std::chrono::seconds(45));
  EXPECT_EQ(EnvErrors("  - {name: a, branch: a, stage_timeout: 10 minutes}\n"),
            "faber.yaml:3:41: environments[0].stage_timeout: expected a duration such as 500ms, 2s, 1m30s, 1h or a "
            "number of seconds (got \"10 minutes\")");
  EXPECT_EQ(EnvErrors("  - {name: a, branch: a, stage_timeout: 0s}\n"),
            "faber.yaml:3:41: environments[0].stage_timeout: must be greater than zero (got \"0s\")");
}

}  // namespace
}  // namespace faber::manifests
