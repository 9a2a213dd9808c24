#include "manifests/faber_config.h"

#include <gtest/gtest.h>

#include "tests/manifests/config_test_util.h"

namespace faber::manifests {
namespace {

using std::chrono::milliseconds;

constexpr const char* kFull = R"(version: 1
records: {branch: audit/records}
policies: [policies/org, policies/team]
environments:
  - name: test
    branch: env/test
    directory: infra/live
    engine: tofu
    var_files: [../envs/test.tfvars, common.tfvars]
    budget: {monthly_usd: 99.5}
    tests:
      block_on: [CRITICAL]
      warn_on: [HIGH, MEDIUM]
      skip: [CKV_AWS_16, api]
      commands: ["./lint.sh", "make check"]
    tagging: {required: [Environment, Owner]}
    naming: {pattern: "^[a-z][a-z0-9-]{2,62}$"}
    health_checks:
      - name: api
        http: "https://127.0.0.1:8443/healthz"
        expect_status: 204
        expect_body: "ready"
        retries: 7
        interval: 500ms
        backoff: 1.5
        max_interval: 1m30s
        timeout: 3
      - {name: smoke, command: "./smoke.sh"}
    approval: comment
    production: true
    on_interrupted: rerun
    pass_env: [AWS_PROFILE, _TOKEN2]
    stage_timeout: 2h
  - name: preview
    branch: env/preview
    engine: command
    commands: {init: "./init.sh", validate: "./v.sh", plan: "./plan.sh", apply: "./deploy.sh", outputs: "./out.sh"}
    requires: {passed: test}
)";

TEST(FaberConfigTest, ReadsEveryField) {
  auto config = ParseFaberConfig(kFull, "faber.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->version, 1);
  EXPECT_EQ(config->records_branch, "audit/records");
  EXPECT_EQ(config->policies, (std::vector<std::string>{"policies/org", "policies/team"}));
  ASSERT_EQ(config->environments.size(), 2u);

  const EnvironmentConfig& t = config->environments[0];
  EXPECT_EQ(t.name, "test");
  EXPECT_EQ(t.branch, "env/test");
  EXPECT_EQ(t.directory, "infra/live");
  EXPECT_EQ(t.engine, EngineKind::kTofu);
  EXPECT_TRUE(t.commands.empty());
  EXPECT_EQ(t.var_files, (std::vector<std::string>{"../envs/test.tfvars", "common.tfvars"}));
  ASSERT_TRUE(t.budget_monthly_usd.has_value());
  EXPECT_DOUBLE_EQ(*t.budget_monthly_usd, 99.5);
  EXPECT_EQ(t.tests.block_on, (std::vector<std::string>{"CRITICAL"}));
  EXPECT_EQ(t.tests.warn_on, (std::vector<std::string>{"HIGH", "MEDIUM"}));
  EXPECT_EQ(t.tests.skip, (std::vector<std::string>{"CKV_AWS_16", "api"}));
  EXPECT_EQ(t.tests.commands, (std::vector<std::string>{"./lint.sh", "make check"}));
  EXPECT_EQ(t.tagging_required, (std::vector<std::string>{"Environment", "Owner"}));
  EXPECT_EQ(t.naming_pattern, "^[a-z][a-z0-9-]{2,62}$");
  ASSERT_EQ(t.health_checks.size(), 2u);
  const HealthCheckConfig& api = t.health_checks[0];
  EXPECT_EQ(api.name, "api");
  EXPECT_EQ(api.http, "https://127.0.0.1:8443/healthz");
  EXPECT_EQ(api.command, "");
  EXPECT_EQ(api.expect_status, 204);
  EXPECT_EQ(api.expect_body, "ready");
  EXPECT_EQ(api.retries, 7);
  EXPECT_EQ(api.interval, milliseconds(500));
  EXPECT_DOUBLE_EQ(api.backoff, 1.5);
  EXPECT_EQ(api.max_interval, milliseconds(90000));
  EXPECT_EQ(api.timeout, milliseconds(3000));
  const HealthCheckConfig& smoke = t.health_checks[1];
  EXPECT_EQ(smoke.name, "smoke");
  EXPECT_EQ(smoke.http, "");
  EXPECT_EQ(smoke.command, "./smoke.sh");
  EXPECT_EQ(t.requires_passed, "");
  EXPECT_EQ(t.approval, ApprovalMode::kOnComment);
  EXPECT_TRUE(t.production);
  EXPECT_EQ(t.on_interrupted, InterruptedPolicy::kRerun);  // explicit beats the production default
  EXPECT_EQ(t.pass_env, (std::vector<std::string>{"AWS_PROFILE", "_TOKEN2"}));
  EXPECT_EQ(t.stage_timeout, milliseconds(2 * 3600 * 1000));

  const EnvironmentConfig& p = config->environments[1];
  EXPECT_EQ(p.engine, EngineKind::kCommand);
  EXPECT_EQ(p.commands, (std::map<std::string, std::string>{{"init", "./init.sh"},
                                                            {"validate", "./v.sh"},
                                                            {"plan", "./plan.sh"},
                                                            {"apply", "./deploy.sh"},
                                                            {"outputs", "./out.sh"}}));
  EXPECT_EQ(p.requires_passed, "test");
  EXPECT_EQ(config->FindEnvironment("preview"), &config->environments[1]);
  EXPECT_EQ(config->FindEnvironment("nope"), nullptr);
}

TEST(FaberConfigTest, FillsDefaults) {
  auto config = ParseFaberConfig("version: 1\nenvironments:\n  - {name: dev, branch: env/dev}\n", "faber.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->records_branch, "faber/records");
  EXPECT_TRUE(config->policies.empty());
  const EnvironmentConfig& e = config->environments[0];
  EXPECT_EQ(e.directory, ".");
  EXPECT_EQ(e.engine, EngineKind::kTerraform);
  EXPECT_TRUE(e.commands.empty());
  EXPECT_TRUE(e.var_files.empty());
  EXPECT_FALSE(e.budget_monthly_usd.has_value());
  EXPECT_EQ(e.tests.block_on, (std::vector<std::string>{"CRITICAL", "HIGH"}));
  EXPECT_EQ(e.tests.warn_on, (std::vector<std::string>{"MEDIUM"}));
  EXPECT_TRUE(e.tests.skip.empty());
  EXPECT_TRUE(e.tests.commands.empty());
  EXPECT_TRUE(e.tagging_required.empty());
  EXPECT_EQ(e.naming_pattern, "");
  EXPECT_TRUE(e.health_checks.empty());
  EXPECT_EQ(e.requires_passed, "");
  EXPECT_EQ(e.approval, ApprovalMode::kOnMerge);
  EXPECT_FALSE(e.production);
  EXPECT_EQ(e.on_interrupted, InterruptedPolicy::kRerun);
  EXPECT_TRUE(e.pass_env.empty());
  EXPECT_EQ(e.stage_timeout, std::chrono::minutes(60));
}

TEST(FaberConfigTest, ProductionAndInterruptedPolicyDefaultFromTheName) {
  auto config = ParseFaberConfig(R"(version: 1
environments:
  - {name: prod, branch: env/prod}
  - {name: production, branch: env/production}
  - {name: prod-eu, branch: env/prod-eu}
  - {name: staging, branch: env/staging, production: true}
  - {name: prod2, branch: env/prod2, production: false}
  - {name: live, branch: env/live, production: true, on_interrupted: rerun}
)",
                                 "faber.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  auto expect = [&](const char* name, bool production, InterruptedPolicy policy) {
    const EnvironmentConfig* e = config->FindEnvironment(name);
    ASSERT_NE(e, nullptr) << name;
    EXPECT_EQ(e->production, production) << name;
    EXPECT_EQ(e->on_interrupted, policy) << name;
  };
  expect("prod", true, InterruptedPolicy::kStop);
  expect("production", true, InterruptedPolicy::kStop);
  expect("prod-eu", false, InterruptedPolicy::kRerun);  // only the exact names imply production
  expect("staging", true, InterruptedPolicy::kStop);
  expect("prod2", false, InterruptedPolicy::kRerun);
  expect("live", true, InterruptedPolicy::kRerun);
}

TEST(FaberConfigTest, WarnOnDefaultGivesWayToBlockOn) {
  auto config = ParseFaberConfig(
      "version: 1\nenvironments:\n  - {name: a, branch: a, tests: {block_on: [CRITICAL, HIGH, MEDIUM]}}\n", "f");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_TRUE(config->environments[0].tests.warn_on.empty());
}

TEST(FaberConfigTest, EmptyFileIsAClearError) {
  EXPECT_EQ(FaberErrors(""), "faber.yaml:1:1: the file is empty (expected a map of settings)");
  EXPECT_EQ(FaberErrors("# nothing here yet\n"), "faber.yaml:1:1: the file is empty (expected a map of settings)");
}

TEST(FaberConfigTest, TopLevelMustBeAMap) {
  EXPECT_EQ(FaberErrors("- a\n- b\n"), "faber.yaml:1:1: expected a map, got a list");
}

TEST(FaberConfigTest, SyntaxErrorsCarryYamlCppPosition) {
  EXPECT_EQ(FaberErrors("version: 1\nenvironments:\n  - name: a\n    branch: [x\n"),
            "faber.yaml:5:1: invalid YAML: end of sequence flow not found");
  EXPECT_EQ(FaberErrors("version: 1\nenvironments: a: b\n"), "faber.yaml:2:16: invalid YAML: illegal map value");
  EXPECT_EQ(FaberErrors("version: 1\nenvironments:\n  - name: a\n branch: x\n"),
            "faber.yaml:4:2: invalid YAML: end of map not found");
}

TEST(FaberConfigTest, OnlyOneDocument) {
  EXPECT_EQ(FaberErrors("version: 1\n---\nversion: 1\n"),
            "faber.yaml:3:1: only one YAML document is allowed, found 2");
}

// A token no document can start with ends the reading with an error at it: yaml-cpp's own
// multi-document reader would hand out empty documents for ever (found by the fuzz target, with
// inputs the text checks before parsing do not catch).
TEST(FaberConfigTest, AStrayTokenIsAnErrorNotAnEndlessRunOfEmptyDocuments) {
  std::string message = FaberErrors(std::string("\0,", 2));
  EXPECT_NE(message.find("faber.yaml:1:"), std::string::npos) << message;
  EXPECT_NE(message.find("invalid YAML: no value can start with"), std::string::npos) << message;
}

TEST(FaberConfigTest, VersionIsRequiredAndMustBeOne) {
  EXPECT_EQ(FaberErrors("environments:\n  - {name: a, branch: a}\n"), "faber.yaml:1:1: version: required field is missing");
  EXPECT_EQ(FaberErrors("version: 2\nenvironments:\n  - {name: a, branch: a}\n"),
            "faber.yaml:1:10: version: unsupported version 2 (this faber reads version 1)");
  EXPECT_EQ(FaberErrors("version: one\nenvironments:\n  - {name: a, branch: a}\n"),
            "faber.yaml:1:10: version: expected an integer (got \"one\")");
}

TEST(FaberConfigTest, UnknownTopLevelKeySuggestsTheKnownOne) {
  EXPECT_EQ(FaberErrors("version: 1\nenviroments:\n  - {name: a, branch: a}\n"),
            "faber.yaml:1:1: environments: required field is missing\n"
            "faber.yaml:2:1: enviroments: unknown key (did you mean \"environments\"?)");
  EXPECT_EQ(FaberErrors("version: 1\nrecords: {brnach: x}\nzzz: 1\nenvironments:\n  - {name: a, branch: a}\n"),
            "faber.yaml:2:11: records.brnach: unknown key (did you mean \"branch\"?)\n"
            "faber.yaml:3:1: zzz: unknown key (expected one of: version, records, policies, environments)");
}

TEST(FaberConfigTest, DuplicateKeysAreErrors) {
  EXPECT_EQ(FaberErrors("version: 1\nversion: 1\nenvironments:\n  - {name: a, branch: a}\n"),
            "faber.yaml:2:1: version: duplicate key (first set at line 1)");
}

TEST(FaberConfigTest, AtLeastOneEnvironment) {
  EXPECT_EQ(FaberErrors("version: 1\nenvironments: []\n"),
            "faber.yaml:2:15: environments: at least one environment is required");
  EXPECT_EQ(FaberErrors("version: 1\n"), "faber.yaml:1:1: environments: required field is missing");
}

TEST(FaberConfigTest, WrongTypeIsPositionedOnTheNode) {
  EXPECT_EQ(FaberErrors("version: 1\nenvironments: env/test\n"),
            "faber.yaml:2:15: environments: expected a list, got a scalar");
  EXPECT_EQ(FaberErrors("version: 1\nenvironments:\n  - {name: a, branch: a}\npolicies: {a: b}\n"),
            "faber.yaml:4:11: policies: expected a list, got a map");
}

TEST(FaberConfigTest, DuplicateEnvironmentNamesAndBranches) {
  EXPECT_EQ(FaberErrors(R"(version: 1
environments:
  - name: test
    branch: env/test
  - name: test
    branch: env/other
  - name: other
    branch: env/test
)"),
            "faber.yaml:5:11: environments[1].name: duplicate environment name \"test\" (first defined at line 3)\n"
            "faber.yaml:8:13: environments[2].branch: branch \"env/test\" is already used by environment \"test\" "
            "(line 4)");
}

TEST(FaberConfigTest, EnvironmentBranchMustNotBeTheRecordsBranch) {
  EXPECT_EQ(FaberErrors("version: 1\nenvironments:\n  - {name: a, branch: faber/records}\n"),
            "faber.yaml:3:23: environments[0].branch: is the records branch \"faber/records\"; an environment needs "
            "a branch of its own");
}

TEST(FaberConfigTest, RequiresMustNameAnotherEnvironment) {
  EXPECT_EQ(FaberErrors(R"(version: 1
environments:
  - {name: staging, branch: env/staging}
  - {name: prod, branch: env/prod, requires: {passed: stagin}}
  - {name: qa, branch: env/qa, requires: {passed: nowhere}}
  - {name: self, branch: env/self, requires: {passed: self}}
)"),
            "faber.yaml:4:55: environments[1].requires.passed: must name another environment in this file "
            "(got \"stagin\"; did you mean \"staging\"?)\n"
            "faber.yaml:5:51: environments[2].requires.passed: must name another environment in this file "
            "(got \"nowhere\"; environments: staging, prod, qa, self)\n"
            "faber.yaml:6:55: environments[3].requires.passed: an environment cannot require itself");
}

TEST(FaberConfigTest, RequiresCyclesAreReportedOnce) {
  EXPECT_EQ(FaberErrors(R"(version: 1
environments:
  - {name: a, branch: a, requires: {passed: c}}
  - {name: b, branch: b, requires: {passed: a}}
  - {name: c, branch: c, requires: {passed: b}}
  - {name: d, branch: d, requires: {passed: a}}
)"),
            "faber.yaml:3:45: environments[0].requires.passed: promotion gates form a cycle: a -> c -> b -> a");
}

TEST(FaberConfigTest, ReportsAllErrorsTogetherInSourceOrder) {
  std::string errors = FaberErrors(R"(version: 1
environments:
  - name: test
    branch: env/test
    engine: helm
    tset: {}
  - name: test
    branch: env/test
    budget: {monthly_usd: lots}
)");
  EXPECT_EQ(errors,
            "faber.yaml:5:13: environments[0].engine: must be one of terraform, tofu, command (got \"helm\")\n"
            "faber.yaml:6:5: environments[0].tset: unknown key (did you mean \"tests\"?)\n"
            "faber.yaml:7:11: environments[1].name: duplicate environment name \"test\" (first defined at line 3)\n"
            "faber.yaml:8:13: environments[1].branch: branch \"env/test\" is already used by environment \"test\" "
            "(line 4)\n"
            "faber.yaml:9:27: environments[1].budget.monthly_usd: expected a number (got \"lots\")");
}

TEST(FaberConfigTest, CapsTheNumberOfErrors) {
  std::string text = "version: 1\nenvironments:\n  - name: a\n    branch: a\n";
  for (int i = 0; i < 60; ++i) text += "    bad" + std::to_string(i) + ": 1\n";
  std::string errors = FaberErrors(text);
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n'), 50);
  EXPECT_NE(errors.find("faber.yaml:5:5: environments[0].bad0: unknown key"), std::string::npos);
  EXPECT_EQ(errors.substr(errors.rfind('\n') + 1), "faber.yaml: ... and 10 more errors");
}

TEST(FaberConfigTest, ReturnsInvalidInput) {
  auto config = ParseFaberConfig("version: 1\n", "faber.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().kind(), common::ErrorKind::kInvalidInput);
}

TEST(FaberConfigTest, FileNameIsUsedAsGiven) {
  auto config = ParseFaberConfig("version: 3\nenvironments:\n  - {name: a, branch: a}\n", "faber.yaml@env/test");
  EXPECT_EQ(config.status().message(), "faber.yaml@env/test:1:10: version: unsupported version 3 (this faber reads "
                                       "version 1)");
}

TEST(FaberConfigTest, NothingThrowsOnHostileInput) {
  // Deep nesting, aliases, odd keys and binary bytes all come back as errors, never exceptions.
  EXPECT_NE(FaberErrors(std::string(5000, '[')), "OK");
  EXPECT_NE(FaberErrors("a: &x [*x]\n"), "OK");
  EXPECT_NE(FaberErrors("? [a, b]\n: c\n"), "OK");
  EXPECT_NE(FaberErrors(std::string("version: \x01\xff\n", 13)), "OK");
  EXPECT_NE(FaberErrors("version: 1\nenvironments:\n  - !!binary a\n"), "OK");
}

}  // namespace
}  // namespace faber::manifests

namespace faber::manifests {
namespace {

// A 50 MB faber.yaml once took 781 MB to parse; it is refused on its size before yaml-cpp runs.
TEST(FaberConfigLimitsTest, AnOversizedOrTooDeepFileIsRefusedBeforeParsing) {
  std::string big = "version: 1\nenvironments:\n";
  while (big.size() < (50u << 20)) big += "# padding padding padding padding padding padding padding padding\n";
  auto huge = ParseFaberConfig(big, "faber.yaml");
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.status().message().find("faber.yaml: "), std::string::npos) << huge.status().message();
  EXPECT_NE(huge.status().message().find("1048576"), std::string::npos) << huge.status().message();
  auto deep = ParseFaberConfig("version: 1\nenvironments: " + std::string(100000, '[') + std::string(100000, ']'),
                               "faber.yaml");
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.status().message().find("faber.yaml:2:"), std::string::npos) << deep.status().message();
}

}  // namespace
}  // namespace faber::manifests
