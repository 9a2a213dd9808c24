// Drift of a terraform environment deployed through the stand-in terraform: recorded in the
// environment's records and shown by `faber history`, and checked on a schedule by `faber serve`.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <fstream>
#include <regex>

#include "tests/support/faber_harness.h"

namespace faber::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

const std::filesystem::path kFakeTerraform =
    std::filesystem::path(FABER_SOURCE_DIR) / "tests/support/fake_terraform/terraform";

json Resource(const std::string& input) {
  return {{"address", "terraform_data.marker"}, {"mode", "managed"}, {"type", "terraform_data"}, {"name", "marker"},
          {"provider_name", "terraform.io/builtin/terraform"}, {"schema_version", 0},
          {"values", {{"input", input}, {"id", "f2a7"}}}, {"sensitive_values", json::object()}};
}

// The plan of the first deploy: one terraform_data resource created.
json DeployPlan() {
  json change = {{"address", "terraform_data.marker"}, {"mode", "managed"}, {"type", "terraform_data"},
                 {"name", "marker"},
                 {"change", {{"actions", {"create"}}, {"before", nullptr}, {"after", {{"input", "v1"}}},
                             {"after_unknown", {{"id", true}}}, {"before_sensitive", false},
                             {"after_sensitive", json::object()}}}};
  return {{"format_version", "1.2"}, {"terraform_version", "1.5.7"},
          {"planned_values", {{"root_module", {{"resources", {Resource("v1")}}}}}},
          {"resource_changes", {change}}};
}

// A refresh-only plan: someone changed the resource's input by hand (or nobody did, when in sync).
json RefreshOnlyPlan(bool drifted) {
  json plan = {{"format_version", "1.2"}, {"terraform_version", "1.5.7"},
               {"planned_values", {{"root_module", {{"resources", {Resource(drifted ? "edited" : "v1")}}}}}},
               {"resource_changes", json::array()}, {"resource_drift", json::array()}};
  if (drifted) {
    plan["resource_drift"].push_back(
        {{"address", "terraform_data.marker"}, {"mode", "managed"}, {"type", "terraform_data"}, {"name", "marker"},
         {"change", {{"actions", {"update"}}, {"before", {{"input", "v1"}, {"id", "f2a7"}}},
                     {"after", {{"input", "edited"}, {"id", "f2a7"}}}, {"after_unknown", json::object()},
                     {"before_sensitive", json::object()}, {"after_sensitive", json::object()}}}});
  }
  return plan;
}

class DriftTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(fake_dir());
    WritePlan(DeployPlan());
    std::ofstream(fake_dir() / "state.json")
        << json({{"format_version", "1.0"}, {"terraform_version", "1.5.7"},
                 {"values", {{"root_module", {{"resources", {Resource("v1")}}}}}}})
               .dump();
    tree_.Write("faber.yaml",
                "version: 1\nenvironments:\n  - name: test\n    branch: env/test\n    directory: infra\n"
                "    engine: terraform\n    pass_env: [FAKE_TF_DIR]\n"
                "    terraform: {binary: " + kFakeTerraform.string() + "}\n"
                // A command engine cannot tell drift: faber serve leaves it out of its checks.
                "  - name: site\n    branch: env/site\n    directory: site\n    engine: command\n"
                "    commands: {plan: \"true\", apply: \"true\"}\n");
    tree_.Write("infra/main.tf", "resource \"terraform_data\" \"marker\" {\n  input = \"v1\"\n}\n");
    tree_.Write("site/index.html", "<p>hello</p>\n");
    tree_.CommitAll("Infrastructure");
    tree_.Git({"branch", "env/test"});
    tree_.Git({"branch", "env/site"});
  }
  std::filesystem::path fake_dir() const { return scratch_.path() / "fake"; }
  common::Environment Env() const { return {{"FAKE_TF_DIR", fake_dir().string()}}; }
  void WritePlan(const json& plan) const { std::ofstream(fake_dir() / "plan.json", std::ios::trunc) << plan.dump(); }
  common::ProcessResult Reconcile(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {"reconcile", "--repo", tree_.dir().string(), "--once", "--env", "test"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFaber(args, Env());
  }
  common::ProcessResult History(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {"history", "--repo", tree_.dir().string(), "--env", "test"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunFaber(args);
  }
  json Records(const std::string& path) const { return json::parse(tree_.Git({"show", "faber/records:" + path})); }

  ScratchDir scratch_;
  WorkTree tree_{scratch_.path() / "repo"};
};

TEST_F(DriftTest, HistoryShowsTheLastDriftCheckAndDeployRecordsKeepIt) {
  ASSERT_EQ(Reconcile().exit_code, 0);
  std::string head = tree_.Head("env/test");
  auto before = History();
  ASSERT_EQ(before.exit_code, 0) << before.stderr_text;
  EXPECT_NE(before.stdout_text.find("drift: never checked"), std::string::npos) << before.stdout_text;

  WritePlan(RefreshOnlyPlan(true));
  auto drifted = Reconcile({"--drift"});
  ASSERT_EQ(drifted.exit_code, 1) << drifted.stderr_text << drifted.stdout_text;
  json state = Records("deployments/test.json");
  ASSERT_TRUE(state["drift"].is_object()) << state.dump(2);
  EXPECT_EQ(state["drift"]["status"], "drifted");
  EXPECT_EQ(state["drift"]["commit"], head);
  EXPECT_EQ(state["drift"]["drifted_resources"], 1);
  EXPECT_EQ(state["drift"]["since"], state["drift"]["checked_at"]);
  std::string report = state["drift"]["report"];
  EXPECT_EQ(Records(report)["status"], "drifted");  // the report it names is on the records branch
  EXPECT_EQ(state["last_applied_commit"], head);    // the deploy fields are as the deploy left them
  EXPECT_EQ(state["status"], "succeeded");

  auto text = History();
  ASSERT_EQ(text.exit_code, 0) << text.stderr_text;
  std::regex drifted_line("drift: drifted since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z, 1 resource\\(s\\) changed "
                          "outside faber \\(last checked [0-9T:.Z-]+ at " + head.substr(0, 7) + ": " + report + "\\)\n");
  EXPECT_TRUE(std::regex_search(text.stdout_text, drifted_line)) << text.stdout_text;
  EXPECT_NE(text.stdout_text.find("history of test: 1 run(s), success rate 100%"), std::string::npos);

  // Still drifted at the next check: drifted since the first one.
  ASSERT_EQ(Reconcile({"--drift"}).exit_code, 1);
  json again = Records("deployments/test.json")["drift"];
  EXPECT_EQ(again["since"], state["drift"]["since"]);
  EXPECT_NE(again["checked_at"], state["drift"]["checked_at"]);
  // A check that cannot run says so and forgets nothing.
  std::ofstream(fake_dir() / "fail-plan") << "1\nError: Invalid provider configuration\n";
  auto failed = Reconcile({"--drift"});
  EXPECT_EQ(failed.exit_code, 1) << failed.stdout_text;
  json failed_state = Records("deployments/test.json")["drift"];
  EXPECT_EQ(failed_state["status"], "failed");
  EXPECT_EQ(failed_state["since"], state["drift"]["since"]);
  text = History();
  EXPECT_TRUE(std::regex_search(text.stdout_text,
                                std::regex("drift: the last check failed at [0-9T:.Z-]+ \\(refresh-only plan [^\n]*\\); "
                                           "drifted since " + state["drift"]["since"].get<std::string>() + " before it\n")))
      << text.stdout_text;

  WritePlan(RefreshOnlyPlan(false));
  ASSERT_EQ(Reconcile({"--drift"}).exit_code, 0);
  text = History();
  EXPECT_TRUE(std::regex_search(text.stdout_text,
                                std::regex("drift: in sync at " + head.substr(0, 7) + " \\(last checked [0-9T:.Z-]+: "
                                           "reports/test/[0-9TZ]+-" + head.substr(0, 7) + "-drift\\.json\\)\n")))
      << text.stdout_text;
  auto as_json = History({"--format", "json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.stderr_text;
  json doc = json::parse(as_json.stdout_text);
  EXPECT_EQ(doc["drift"]["status"], "in_sync");
  EXPECT_TRUE(doc["drift"]["since"].is_null());
  ASSERT_EQ(doc["drift_checks"].size(), 4u) << doc.dump(2);
  EXPECT_EQ(doc["drift_checks"][0]["status"], "drifted");
  EXPECT_EQ(doc["drift_checks"][0]["drifted_resources"], 1);
  EXPECT_EQ(doc["drift_checks"][2]["status"], "failed");
  EXPECT_EQ(doc["drift_checks"][3]["status"], "in_sync");
  EXPECT_EQ(doc["drift_checks"][3]["drifted_resources"], 0);
  // Drift checks are not runs: the deploy statistics are untouched.
  EXPECT_EQ(doc["runs"].size(), 1u);
  EXPECT_EQ(doc["stats"]["total_runs"], 1);

  // A later deploy keeps the drift record and the history says the new commit was not checked.
  WritePlan(DeployPlan());
  tree_.Checkout("env/test");
  tree_.Write("infra/main.tf", "resource \"terraform_data\" \"marker\" {\n  input = \"v2\"\n}\n");
  std::string next = tree_.CommitAll("Next");
  ASSERT_EQ(Reconcile().exit_code, 0);
  EXPECT_EQ(Records("deployments/test.json")["drift"]["status"], "in_sync");
  text = History();
  EXPECT_NE(text.stdout_text.find("; " + next.substr(0, 7) + " deployed since, not checked yet\n"), std::string::npos)
      << text.stdout_text;
  EXPECT_EQ(Records("reports/test/history.json")["drift_checks"].size(), 4u);
}

std::string Metrics(int port) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  return res && res->status == 200 ? res->body : "";
}

TEST_F(DriftTest, ServeChecksDriftOnItsOwnScheduleAndExportsIt) {
  ASSERT_EQ(Reconcile().exit_code, 0);
  std::string head = tree_.Head("env/test");
  WritePlan(RefreshOnlyPlan(true));  // changed by hand after the deploy
  std::ofstream(scratch_.path() / "server.yaml")
      << "listen: 127.0.0.1:0\ndata_dir: " << (scratch_.path() / "data").string()
      << "\npoll_interval: 60s\ndrift_interval: 1h\nrepositories:\n  - url: " << tree_.dir().string()
      << "\n    drift_interval: 1s\n";
  FaberProcess faber({"serve", "--config", (scratch_.path() / "server.yaml").string()}, Env());
  int port = ListeningPort(faber);
  ASSERT_GT(port, 0) << faber.Stderr();

  // The poll interval is a minute: only the drift schedule can bring these within seconds.
  const std::string subject = "faber(test): drift " + head.substr(0, 7) + " drifted\n";
  ASSERT_TRUE(WaitUntil([&] { return tree_.Git({"log", "-1", "--format=%s", "faber/records"}) == subject; }, 20s))
      << faber.Stderr();
  const std::string labels = "{repository=\"" + tree_.dir().string() + "\",environment=\"test\"}";
  std::string metrics;
  ASSERT_TRUE(WaitUntil(
      [&] {
        metrics = Metrics(port);
        return metrics.find("faber_drift_checks_total{repository=\"" + tree_.dir().string() +
                            "\",environment=\"test\",status=\"drifted\"} 2\n") != std::string::npos;
      },
      20s))
      << metrics << faber.Stderr();
  EXPECT_NE(metrics.find("faber_environment_drifted" + labels + " 1\n"), std::string::npos) << metrics;
  EXPECT_NE(faber.Stderr().find(tree_.dir().string() + ": test: drift " + head.substr(0, 7) + " drifted: 1 resource(s) "
                                "changed outside faber"),
            std::string::npos)
      << faber.Stderr();
  // The command environment was deployed by the first pass and never checked.
  EXPECT_EQ(Records("deployments/site.json")["status"], "succeeded");
  EXPECT_EQ(tree_.Git({"log", "--format=%s", "faber/records", "--grep=faber(site): drift"}), "");
  EXPECT_EQ(metrics.find("faber_drift_checks_total{repository=\"" + tree_.dir().string() + "\",environment=\"site\""),
            std::string::npos)
      << metrics;
  // Each check is a records commit and a report; the deploy was not repeated.
  EXPECT_EQ(Records("deployments/test.json")["drift"]["status"], "drifted");
  EXPECT_GE(Records("reports/test/history.json")["drift_checks"].size(), 2u);
  EXPECT_EQ(Records("reports/test/history.json")["runs"].size(), 1u);
  // Without a forge the verdict is a git note on the checked commit, written once, not at every check.
  auto note = [&] { return tree_.TryGit({"notes", "--ref=faber", "show", head}).stdout_text; };
  EXPECT_NE(note().find("faber(test/drift): drift drifted"), std::string::npos) << note();
  EXPECT_NE(note().find("1 resource(s) changed outside faber"), std::string::npos) << note();
  std::string notes_commits = tree_.Git({"rev-list", "--count", "refs/notes/faber"});
  ASSERT_TRUE(WaitUntil(
      [&] {
        return Metrics(port).find("faber_drift_checks_total" + labels.substr(0, labels.size() - 1) +
                                  ",status=\"drifted\"} 3\n") != std::string::npos;
      },
      20s))
      << faber.Stderr();
  EXPECT_EQ(tree_.Git({"rev-list", "--count", "refs/notes/faber"}), notes_commits);

  // Put right by hand: the next check finds it in sync, the gauge drops and the note says so.
  WritePlan(RefreshOnlyPlan(false));
  ASSERT_TRUE(WaitUntil([&] { return Metrics(port).find("faber_environment_drifted" + labels + " 0\n") != std::string::npos; },
                        20s))
      << Metrics(port) << faber.Stderr();
  ASSERT_TRUE(WaitUntil([&] { return note().find("faber(test/drift): drift in_sync") != std::string::npos; }, 10s)) << note();
  faber.Signal(SIGTERM);
  EXPECT_EQ(faber.Wait(20s), 0) << faber.Stderr();
}

}  // namespace
}  // namespace faber::testing
