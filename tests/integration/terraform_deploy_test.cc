// End to end: `faber reconcile` deploying a terraform environment of a real git repository
// through the stand-in terraform (tests/support/fake_terraform), which records every call.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

using nlohmann::json;

const std::filesystem::path kFakeTerraform =
    std::filesystem::path(FABER_SOURCE_DIR) / "tests/support/fake_terraform/terraform";

const char* kSecret = "hunter2-Pa55-0x7f3e";

// A Terraform 1.5 plan: a database (its password sensitive) and its alarm are created, an old
// bucket destroyed.
json Plan() {
  json plan = json::parse(R"({
    "format_version": "1.2", "terraform_version": "1.5.7",
    "planned_values": {"root_module": {"resources": [
      {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
       "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 2,
       "values": {"identifier": "main-db", "instance_class": "db.t3.micro", "password": "SECRET"},
       "sensitive_values": {"password": true}},
      {"address": "aws_cloudwatch_metric_alarm.db_cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm",
       "name": "db_cpu", "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 1,
       "values": {"alarm_name": "db-cpu", "dimensions": {"DBInstanceIdentifier": "main-db"}},
       "sensitive_values": {}}]}},
    "resource_changes": [
      {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
       "change": {"actions": ["create"], "before": null,
                  "after": {"identifier": "main-db", "instance_class": "db.t3.micro", "password": "SECRET"},
                  "after_unknown": {"arn": true, "endpoint": true}, "before_sensitive": false,
                  "after_sensitive": {"password": true}}},
      {"address": "aws_cloudwatch_metric_alarm.db_cpu", "mode": "managed", "type": "aws_cloudwatch_metric_alarm",
       "name": "db_cpu", "change": {"actions": ["create"], "before": null,
                  "after": {"alarm_name": "db-cpu", "dimensions": {"DBInstanceIdentifier": "main-db"}},
                  "after_unknown": {"arn": true}, "before_sensitive": false, "after_sensitive": {}}},
      {"address": "aws_s3_bucket.old", "mode": "managed", "type": "aws_s3_bucket", "name": "old",
       "change": {"actions": ["delete"], "before": {"bucket": "old-logs"}, "after": null,
                  "after_unknown": {}, "before_sensitive": {}, "after_sensitive": false}}],
    "configuration": {"root_module": {"resources": [
      {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
       "provider_config_key": "aws", "expressions": {"password": {"references": ["var.db_password"]}}}]}}
  })");
  plan["planned_values"]["root_module"]["resources"][0]["values"]["password"] = kSecret;
  plan["resource_changes"][0]["change"]["after"]["password"] = kSecret;
  return plan;
}

json State() {
  json state = {{"format_version", "1.0"}, {"terraform_version", "1.5.7"},
                {"values", {{"root_module", Plan()["planned_values"]["root_module"]}}}};
  auto& resources = state["values"]["root_module"]["resources"];
  resources[0]["values"]["arn"] = "arn:aws:rds:eu-west-1:123456789012:db:main-db";
  resources[0]["values"]["endpoint"] = "main-db.abc.eu-west-1.rds.amazonaws.com";
  resources[1]["values"]["arn"] = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:db-cpu";
  return state;
}

class TerraformDeployTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(fake_dir());
    std::ofstream(fake_dir() / "plan.json") << Plan().dump(2);
    std::ofstream(fake_dir() / "state.json") << State().dump(2);
    tree_.Write("faber.yaml",
                "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    directory: infra\n"
                "    engine: terraform\n    var_files: [test.tfvars]\n    pass_env: [FAKE_TF_DIR]\n"
                "    terraform:\n      binary: " + kFakeTerraform.string() + "\n"
                "      backend_config: [key=test.tfstate]\n      retry_interval: 10ms\n"
                "      alarms_required_for: [aws_db_instance]\n"
                "    tests: {block_on: [CRITICAL], warn_on: [HIGH, MEDIUM]}\n");
    tree_.Write("infra/main.tf", "resource \"null_resource\" \"noop\" {}\n");
    tree_.Write("infra/test.tfvars", "size = \"small\"\n");
    tree_.CommitAll("Infrastructure");
    tree_.Git({"branch", "env/test"});
  }
  std::filesystem::path fake_dir() const { return scratch_.path() / "fake"; }
  common::ProcessResult Reconcile() {
    return RunFaber({"reconcile", "--repo", tree_.dir().string(), "--once", "--env", "test"},
                    {{"FAKE_TF_DIR", fake_dir().string()}});
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(fake_dir() / name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::vector<std::string> Calls() const {
    std::vector<std::string> out;
    std::istringstream in(Read("calls"));
    for (std::string n, sub; in >> n >> sub;) out.push_back(sub);
    return out;
  }
  json Report(const std::string& suffix) {
    for (const auto& [name, content] : tree_.Files("faber/records")) {
      if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        return json::parse(content);
      }
    }
    ADD_FAILURE() << "no report " << suffix;
    return json();
  }

  ScratchDir scratch_;
  WorkTree tree_{scratch_.path() / "repo"};
};

TEST_F(TerraformDeployTest, DeploysThroughEveryStageAndRecordsBothReports) {
  auto run = Reconcile();
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text << run.stdout_text;
  std::string head = tree_.Head("env/test");
  EXPECT_NE(run.stdout_text.find("test: deployed " + head.substr(0, 7) + " succeeded"), std::string::npos)
      << run.stdout_text;

  // validate (init, workspace, validate), preview (plan, show), deploy (apply, output),
  // post-deployment (show of the state).
  EXPECT_EQ(Calls(), std::vector<std::string>({"init", "workspace", "workspace", "validate", "plan", "show", "apply",
                                               "output", "show"}));
  EXPECT_EQ(Read("call-1.argv"), "init\n-input=false\n-no-color\n-backend-config=key=test.tfstate\n");
  EXPECT_EQ(Read("call-5.argv"), "plan\n-input=false\n-no-color\n-out=.faber.tfplan\n-var-file=test.tfvars\n");
  EXPECT_EQ(Read("call-7.argv"), "apply\n-input=false\n-no-color\n.faber.tfplan\n");
  EXPECT_FALSE(Read("planned").empty());
  EXPECT_EQ(Read("applied"), Read("planned"));

  json deployment = json::parse(tree_.Files("faber/records")["deployments/test.json"]);
  EXPECT_EQ(deployment["status"], "succeeded");
  ASSERT_EQ(deployment["last_run"]["stages"].size(), 5u);
  for (const auto& stage : deployment["last_run"]["stages"]) EXPECT_EQ(stage["status"], "passed") << stage.dump();

  json pre = Report("-pre-deployment.json");
  // The code holds a null resource only; the plan's database warns (HIGH only warns here).
  EXPECT_EQ(pre["overall_status"], "WARN") << pre.dump(2);
  bool plan_db_finding = false;
  for (const auto& t : pre["tests"]) {
    if (t["name"] != "security (plan)") continue;
    EXPECT_EQ(t["status"], "WARN");
    for (const auto& f : t["findings"]) plan_db_finding |= f["resource"] == "aws_db_instance.main";
  }
  EXPECT_TRUE(plan_db_finding) << pre.dump(2);
  EXPECT_EQ(pre.dump().find(kSecret), std::string::npos);
  EXPECT_EQ(pre["plan"]["headline"], "2 to add, 0 to change, 1 to destroy");
  EXPECT_EQ(pre["plan"]["changes"].size(), 3u);

  json post = Report("-post-deployment.json");
  // The rule engine over the deployed state warns about the database (HIGH only warns here).
  EXPECT_EQ(post["overall_status"], "WARN") << post.dump(2);
  std::map<std::string, json> tests;
  for (const auto& t : post["tests"]) tests[t["name"]] = t;
  ASSERT_EQ(tests.count("security-posture"), 1u) << post.dump(2);
  EXPECT_EQ(tests["security-posture"]["status"], "WARN");
  bool db_finding = false;
  for (const auto& f : tests["security-posture"]["findings"]) db_finding = db_finding || f["resource"] == "aws_db_instance.main";
  EXPECT_TRUE(db_finding) << tests["security-posture"].dump(2);
  ASSERT_EQ(tests.count("resource-existence"), 1u) << post.dump(2);
  EXPECT_EQ(tests["resource-existence"]["resources_expected"], 2);
  EXPECT_EQ(tests["resource-existence"]["resources_found"], 2);
  EXPECT_EQ(tests["configuration"]["status"], "PASS");
  EXPECT_EQ(tests["monitoring"]["status"], "PASS");

  // The sensitive password is nowhere: not in any record, not in faber's output.
  EXPECT_EQ(tree_.AllHistoryContent("faber/records").find(kSecret), std::string::npos);
  EXPECT_EQ(run.stdout_text.find(kSecret), std::string::npos);
  EXPECT_EQ(run.stderr_text.find(kSecret), std::string::npos);
}

TEST_F(TerraformDeployTest, AFailedApplyKeepsTheSecretOutOfTheRecordAndReportsTheFailure) {
  // A provider error quoting the sensitive value it was given.
  std::ofstream(fake_dir() / "fail-apply") << "1\nError: creating RDS DB Instance (main-db): InvalidParameterValue: "
                                           << "The parameter MasterUserPassword is not a valid password: " << kSecret
                                           << "\n";
  auto run = Reconcile();
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text << run.stdout_text;
  json deployment = json::parse(tree_.Files("faber/records")["deployments/test.json"]);
  EXPECT_EQ(deployment["status"], "failed");
  std::string records = tree_.AllHistoryContent("faber/records");
  EXPECT_NE(records.find("MasterUserPassword is not a valid password"), std::string::npos);
  EXPECT_EQ(records.find(kSecret), std::string::npos);
  EXPECT_EQ(run.stdout_text.find(kSecret), std::string::npos);
  EXPECT_EQ(run.stderr_text.find(kSecret), std::string::npos);
  EXPECT_TRUE(Read("applied").empty());
}

TEST_F(TerraformDeployTest, AMissingResourceFailsThePostDeploymentTests) {
  json state = State();
  state["values"]["root_module"]["resources"].erase(1);  // the alarm did not get created
  std::ofstream(fake_dir() / "state.json") << state.dump();
  auto run = Reconcile();
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text << run.stdout_text;
  json post = Report("-post-deployment.json");
  EXPECT_EQ(post["overall_status"], "FAIL");
  bool named = false;
  for (const auto& t : post["tests"]) {
    if (t["name"] == "resource-existence") {
      EXPECT_EQ(t["missing"], json::array({"aws_cloudwatch_metric_alarm.db_cpu"}));
      named = true;
    }
    if (t["name"] == "monitoring") {
      EXPECT_EQ(t["status"], "FAIL");
    }
  }
  EXPECT_TRUE(named) << post.dump(2);
}

TEST_F(TerraformDeployTest, DriftIsARefreshOnlyPlanOfTheLastAppliedCommitRecordedAsAReport) {
  ASSERT_EQ(Reconcile().exit_code, 0);
  std::string head = tree_.Head("env/test");
  // Someone resized the database by hand: the refresh-only plan reports it under resource_drift.
  json drift = Plan();
  drift["resource_changes"] = json::array();
  drift["resource_drift"] = json::parse(R"([{"address": "aws_db_instance.main", "mode": "managed",
    "type": "aws_db_instance", "name": "main", "change": {"actions": ["update"],
    "before": {"identifier": "main-db", "instance_class": "db.t3.micro", "password": "SECRET"},
    "after": {"identifier": "main-db", "instance_class": "db.m5.large", "password": "SECRET"},
    "after_unknown": {}, "before_sensitive": {"password": true}, "after_sensitive": {"password": true}}}])");
  drift["resource_drift"][0]["change"]["before"]["password"] = kSecret;
  drift["resource_drift"][0]["change"]["after"]["password"] = kSecret;
  std::ofstream(fake_dir() / "plan.json", std::ios::trunc) << drift.dump();
  std::filesystem::remove(fake_dir() / "calls");

  auto run = RunFaber({"reconcile", "--repo", tree_.dir().string(), "--once", "--env", "test", "--drift"},
                      {{"FAKE_TF_DIR", fake_dir().string()}});
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text << run.stdout_text;
  EXPECT_NE(run.stdout_text.find("test: drift " + head.substr(0, 7) + " drifted"), std::string::npos)
      << run.stdout_text;
  EXPECT_EQ(Calls(), std::vector<std::string>({"init", "workspace", "plan", "show"}));
  EXPECT_EQ(Read("call-3.argv"), "plan\n-input=false\n-no-color\n-refresh-only\n-out=.faber-drift.tfplan\n"
                                 "-var-file=test.tfvars\n");
  json report = Report("-drift.json");
  EXPECT_EQ(report["status"], "drifted");
  EXPECT_EQ(report["commit"], head);
  ASSERT_EQ(report["drifted_resources"].size(), 1u) << report.dump(2);
  EXPECT_EQ(report["drifted_resources"][0]["address"], "aws_db_instance.main");
  EXPECT_EQ(report["drifted_resources"][0]["changed_attributes"], json::array({"instance_class"}));
  EXPECT_EQ(tree_.Git({"log", "-1", "--format=%s", "faber/records"}),
            "faber(test): drift " + head.substr(0, 7) + " drifted\n");
  EXPECT_EQ(tree_.AllHistoryContent("faber/records").find(kSecret), std::string::npos);

  // No drift: recorded as in sync, exit 0.
  drift["resource_drift"] = json::array();
  std::ofstream(fake_dir() / "plan.json", std::ios::trunc) << drift.dump();
  auto clean = RunFaber({"reconcile", "--repo", tree_.dir().string(), "--once", "--env", "test", "--drift"},
                        {{"FAKE_TF_DIR", fake_dir().string()}});
  EXPECT_EQ(clean.exit_code, 0) << clean.stderr_text << clean.stdout_text;
  EXPECT_NE(clean.stdout_text.find("in_sync"), std::string::npos) << clean.stdout_text;
}

// A plan of `creates + updates + deletes` instances in Terraform's plan format 1.2, each with a
// base64 user_data of `payload` bytes (as launch templates carry), so the JSON grows past any
// output cap while every change stays a change to count.
json LargePlan(int creates, int updates, int deletes, size_t payload) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  json changes = json::array();
  json planned = json::array();
  auto user_data = [&](int i) {
    std::string s;
    s.reserve(payload);
    for (size_t k = 0; k < payload; ++k) s += kAlphabet[(k * 7 + static_cast<size_t>(i)) % 64];
    return s;
  };
  for (int i = 0; i < creates + updates + deletes; ++i) {
    std::string action = i < creates ? "create" : i < creates + updates ? "update" : "delete";
    std::string name = "node_" + std::to_string(i);
    json values = {{"ami", "ami-0c55b159cbfafe1f0"},
                   {"instance_type", "t3.micro"},
                   {"user_data_base64", user_data(i)},
                   {"tags", {{"Name", name}, {"Environment", "test"}}}};
    json before = action == "create" ? json(nullptr) : values;
    json after = action == "delete" ? json(nullptr) : values;
    if (action == "update") after["instance_type"] = "t3.small";
    changes.push_back({{"address", "aws_instance." + name},
                       {"mode", "managed"},
                       {"type", "aws_instance"},
                       {"name", name},
                       {"provider_name", "registry.terraform.io/hashicorp/aws"},
                       {"change",
                        {{"actions", {action}},
                         {"before", before},
                         {"after", after},
                         {"after_unknown", action == "delete" ? json::object() : json{{"id", true}}},
                         {"before_sensitive", action == "create" ? json(false) : json::object()},
                         {"after_sensitive", action == "delete" ? json(false) : json::object()}}}});
    if (action != "delete") {
      planned.push_back({{"address", "aws_instance." + name},
                         {"mode", "managed"},
                         {"type", "aws_instance"},
                         {"name", name},
                         {"provider_name", "registry.terraform.io/hashicorp/aws"},
                         {"schema_version", 1},
                         {"values", after},
                         {"sensitive_values", json::object()}});
    }
  }
  return {{"format_version", "1.2"},
          {"terraform_version", "1.5.7"},
          {"planned_values", {{"root_module", {{"resources", planned}}}}},
          {"resource_changes", changes},
          {"configuration", {{"root_module", json::object()}}}};
}

TEST_F(TerraformDeployTest, APlanOverTenMegabytesIsReadWholeAndEveryChangeCounted) {
  // 4,274 changes and 11+ MB of JSON: far past the 4 MiB kept of a command's output.
  json plan = LargePlan(3000, 800, 474, 1600);
  std::string text = plan.dump();
  ASSERT_GT(text.size(), size_t{10} << 20);
  std::ofstream(fake_dir() / "plan.json") << text;
  // The state after the apply holds what was planned, as large (read through the same file).
  json state = {{"format_version", "1.0"},
                {"terraform_version", "1.5.7"},
                {"values", {{"root_module", plan["planned_values"]["root_module"]}}}};
  std::ofstream(fake_dir() / "state.json") << state.dump();
  auto run = Reconcile();
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text.substr(0, 4000) << run.stdout_text.substr(0, 4000);
  EXPECT_EQ(run.stdout_text.find("malformed JSON"), std::string::npos);
  json pre = Report("-pre-deployment.json");
  EXPECT_EQ(pre["plan"]["headline"], "3000 to add, 800 to change, 474 to destroy")
      << pre["plan"].dump().substr(0, 2000);
  EXPECT_EQ(pre["plan"]["changes"].size(), 4274u);
  EXPECT_EQ(Read("applied"), Read("planned"));
  // The JSON went through a file beside the plan, removed once read.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(scratch_.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".show.json"), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace faber::testing
