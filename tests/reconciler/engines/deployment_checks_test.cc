// Post-deployment checks of a terraform deploy: the applied plan against the state read after it.
#include "reconciler/checks/deployment_checks.h"

#include "reconciler/checks/policy_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace faber::reconciler {
namespace {

using nlohmann::json;

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/tfplan";

json LoadPlan(const std::string& name) {
  std::ifstream in(kCorpus / name);
  return json::parse(in);
}

// The state a successful apply of `plan` leaves: planned values, unknowns filled in.
json StateAfter(const json& plan) {
  json state = {{"format_version", "1.0"}, {"values", {{"root_module", plan["planned_values"]["root_module"]}}}};
  for (auto& r : state["values"]["root_module"]["resources"]) r["values"]["id"] = "id-of-" + r["address"].get<std::string>();
  return state;
}

TEST(DeploymentChecksTest, EveryPlannedResourceIsFound) {
  json plan = LoadPlan("checkov__runner__resources__plan_with_iam_policies__tfplan.json");
  TestCaseResult t = CheckResourcesExist(plan, StateAfter(plan));
  EXPECT_EQ(t.name, "resource-existence");
  EXPECT_EQ(t.status, TestStatus::kPass) << FindingsJson(t.findings).dump();
  EXPECT_EQ(t.details["resources_expected"], 7);
  EXPECT_EQ(t.details["resources_found"], 7);
  EXPECT_EQ(t.message, "7 of 7 planned resource(s) found in the state");
}

TEST(DeploymentChecksTest, AMissingResourceFailsAndIsNamed) {
  json plan = LoadPlan("checkov__runner__resources__plan_with_iam_policies__tfplan.json");
  json state = StateAfter(plan);
  auto& resources = state["values"]["root_module"]["resources"];
  std::string gone = resources[2]["address"];
  resources.erase(2);
  TestCaseResult t = CheckResourcesExist(plan, state);
  EXPECT_EQ(t.status, TestStatus::kFail);
  EXPECT_EQ(t.details["resources_found"], 6);
  EXPECT_EQ(t.details["missing"], json::array({gone}));
  ASSERT_EQ(t.findings.size(), 1u);
  EXPECT_EQ(FindingsJson(t.findings)[0]["resource"], gone);
  EXPECT_EQ(FindingsJson(t.findings)[0]["status"], "FAILED");
  EXPECT_EQ(FindingsJson(t.findings)[0]["severity"], "HIGH");
}

TEST(DeploymentChecksTest, DestroyedAndReadResourcesAreNotExpected) {
  json plan = LoadPlan("checkov__runner__resources__plan_with_iam_data_block__tfplan.json");
  plan["resource_changes"][0]["change"]["actions"] = json::array({"delete"});
  json state = {{"values", {{"root_module", {{"resources", json::array()}}}}}};
  TestCaseResult t = CheckResourcesExist(plan, state);
  // Three changes: one read (a data source), one now destroyed, one created and missing.
  EXPECT_EQ(t.details["resources_expected"], 1);
  EXPECT_EQ(t.status, TestStatus::kFail);
}

json DbPlan() {
  return json::parse(R"({
    "planned_values": {"root_module": {"resources": [{
      "address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
      "values": {"identifier": "main-db", "instance_class": "db.t3.micro", "password": "hunter2-pass",
                 "tags": {"Env": "test"}, "endpoint": null}}]}},
    "resource_changes": [{"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance",
      "change": {"actions": ["create"], "after_unknown": {"endpoint": true, "arn": true},
                 "after_sensitive": {"password": true}}}]})");
}

json DbState(const std::string& instance_class, const std::string& password) {
  json state = json::parse(R"({"values": {"root_module": {"resources": [{
      "address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
      "values": {"identifier": "main-db", "tags": {"Env": "test"}, "endpoint": "main-db.x.rds.amazonaws.com",
                 "arn": "arn:aws:rds:eu-west-1:1:db:main-db"}}]}}})");
  auto& values = state["values"]["root_module"]["resources"][0]["values"];
  values["instance_class"] = instance_class;
  values["password"] = password;
  return state;
}

TEST(DeploymentChecksTest, ConfigurationMatchesPlannedKnownValues) {
  TestCaseResult t = CheckConfiguration(DbPlan(), DbState("db.t3.micro", "hunter2-pass"));
  EXPECT_EQ(t.status, TestStatus::kPass) << FindingsJson(t.findings).dump();
  // identifier, instance_class, password, tags.Env: the unknown endpoint and the null are skipped.
  EXPECT_EQ(t.details["attributes_checked"], 4);
  EXPECT_EQ(t.details["resources_checked"], 1);
}

TEST(DeploymentChecksTest, ADifferentValueWarnsWithBothValues) {
  TestCaseResult t = CheckConfiguration(DbPlan(), DbState("db.m5.large", "hunter2-pass"));
  EXPECT_EQ(t.status, TestStatus::kWarn);
  ASSERT_EQ(t.findings.size(), 1u);
  EXPECT_EQ(FindingsJson(t.findings)[0]["message"], "instance_class: planned \"db.t3.micro\", deployed \"db.m5.large\"");
}

TEST(DeploymentChecksTest, ASensitiveDifferenceIsNamedButNeverShown) {
  TestCaseResult t = CheckConfiguration(DbPlan(), DbState("db.t3.micro", "rotated-secret-99"));
  ASSERT_EQ(t.findings.size(), 1u);
  std::string text = FindingsJson(t.findings).dump() + t.message;
  EXPECT_NE(text.find("password: planned (sensitive value), deployed differs"), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2"), std::string::npos);
  EXPECT_EQ(text.find("rotated-secret-99"), std::string::npos);
}

json MonitoredState(bool lambda_alarm) {
  json state = json::parse(R"({"values": {"root_module": {"resources": [
    {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance",
     "values": {"id": "db-ABC", "identifier": "main-db"}},
    {"address": "aws_lambda_function.worker", "mode": "managed", "type": "aws_lambda_function",
     "values": {"id": "worker", "function_name": "worker"}},
    {"address": "aws_cloudwatch_metric_alarm.db_cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm",
     "values": {"dimensions": {"DBInstanceIdentifier": "main-db"}}}]}}})");
  if (lambda_alarm) {
    state["values"]["root_module"]["resources"].push_back(json::parse(R"({"address": "aws_cloudwatch_metric_alarm.errors",
      "mode": "managed", "type": "aws_cloudwatch_metric_alarm", "values": {"metric_query": [
        {"id": "e", "metric": [{"metric_name": "Errors", "dimensions": {"FunctionName": "worker"}}]}]}})"));
  }
  return state;
}

TEST(DeploymentChecksTest, MonitoringNeedsAnAlarmPointingAtEachResource) {
  std::vector<std::string> types = {"aws_db_instance", "aws_lambda_function"};
  TestCaseResult missing = CheckMonitoring(MonitoredState(false), types);
  EXPECT_EQ(missing.status, TestStatus::kFail);
  EXPECT_EQ(missing.details["resources_checked"], 2);
  EXPECT_EQ(missing.details["unmonitored"], json::array({"aws_lambda_function.worker"}));
  EXPECT_EQ(missing.message, "1 of 2 resource(s) that need an alarm have one");

  TestCaseResult complete = CheckMonitoring(MonitoredState(true), types);
  EXPECT_EQ(complete.status, TestStatus::kPass) << FindingsJson(complete.findings).dump();
  TestCaseResult none = CheckMonitoring(MonitoredState(false), {"aws_s3_bucket"});
  EXPECT_EQ(none.status, TestStatus::kPass);
  EXPECT_EQ(none.details["resources_checked"], 0);
}

TEST(DeploymentChecksTest, SecurityPostureRunsTheRuleEngineOverTheState) {
  manifests::TestsConfig tests;
  TestCaseResult t = CheckSecurityPosture(DbState("db.t3.micro", "hunter2-pass"), tests, checks::BuiltinRules());
  EXPECT_EQ(t.name, "security-posture");
  ASSERT_FALSE(t.findings.empty());
  EXPECT_NE(t.status, TestStatus::kPass);
  for (const auto& f : t.findings) {
    EXPECT_EQ(f.address, "aws_db_instance.main");
    tests.skip.push_back(f.rule_id);
  }
  EXPECT_EQ(FindingsJson(t.findings).dump().find("hunter2"), std::string::npos);
  // Every failing rule skipped: nothing left to fail.
  TestCaseResult skipped = CheckSecurityPosture(DbState("db.t3.micro", "hunter2-pass"), tests, checks::BuiltinRules());
  EXPECT_EQ(skipped.status, TestStatus::kPass) << FindingsJson(skipped.findings).dump();
  EXPECT_TRUE(skipped.findings.empty());
}

TEST(DeploymentChecksTest, SecurityPostureHoldsTheRepositorysOwnPolicies) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("faber-posture-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "acme.yaml") << "rules:\n  - id: ACME_DB_SIZE\n    title: Databases are db.r6g or larger\n"
                                      "    severity: HIGH\n    resource: aws_db_instance\n"
                                      "    recommendation: Use db.r6g.large\n"
                                      "    pass: {attr: instance_class, matches: \"^db\\\\.r6g\\\\.\"}\n";
  auto rules = checks::LoadPolicyDirectory(dir.string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  manifests::TestsConfig tests;
  tests.block_on = {"HIGH"};
  TestCaseResult small = CheckSecurityPosture(DbState("db.t3.micro", "hunter2-pass"), tests, *rules);
  EXPECT_EQ(small.status, TestStatus::kFail) << FindingsJson(small.findings).dump();
  ASSERT_EQ(small.findings.size(), 1u);
  EXPECT_EQ(small.findings[0].rule_id, "ACME_DB_SIZE");
  EXPECT_EQ(CheckSecurityPosture(DbState("db.r6g.large", "hunter2-pass"), tests, *rules).status, TestStatus::kPass);
}

}  // namespace
}  // namespace faber::reconciler
