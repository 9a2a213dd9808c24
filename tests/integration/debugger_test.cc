// The debugger end to end on a real repository: a failed deploy is diagnosed and logged in the
// run's records commit; a fix taught with `faber resolve` is proposed the next time.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/integration/infra_repo.h"

namespace faber::testing {
namespace {

using nlohmann::json;

const char* kFailingApply =
    "#!/bin/sh\necho 'Error: creating DynamoDB Table (orders): ResourceInUseException: Table already exists: orders' >&2\n"
    "echo \"        status code: 400, request id: $(date +%s%N)\" >&2\nexit 1\n";

class DebuggerTest : public ::testing::Test {
 protected:
  common::ProcessResult Faber(std::vector<std::string> args, const InfraRepo& repo) {
    common::Environment env;
    for (const auto& [k, v] : repo.Env()) env[k] = v;
    return RunFaber(args, env);
  }
  std::string Repo() const { return (scratch_.path() / "repo").string(); }
  ScratchDir scratch_;
};

TEST_F(DebuggerTest, AFailedDeployIsDiagnosedLoggedAndLearnedFrom) {
  InfraRepo repo(scratch_.path(), kFailingApply);
  auto run = Faber({"reconcile", "--repo", Repo(), "--once", "--env", "test"}, repo);
  ASSERT_EQ(run.exit_code, 1) << run.stderr_text;

  // The diagnosis is in the run record, and the issue file is in the same records commit.
  json deployment = json::parse(repo.tree().Git({"show", "faber/records:deployments/test.json"}));
  const json& debug = deployment["last_run"]["debug"];
  ASSERT_TRUE(debug.is_object()) << deployment.dump(1);
  EXPECT_EQ(debug["category"], "resource");
  EXPECT_EQ(debug["code"], "ResourceInUseException");
  EXPECT_EQ(debug["resource_type"], "aws_dynamodb_table");
  const std::string issue_id = debug["issue_id"];
  std::string changed = repo.tree().Git({"show", "--name-only", "--format=", "faber/records"});
  EXPECT_NE(changed.find("issues/" + issue_id + ".json"), std::string::npos) << changed;
  EXPECT_EQ(repo.RecordsCommits(), 1);

  // The same failure again (another request id): the same issue, counted twice.
  ASSERT_EQ(Faber({"reconcile", "--repo", Repo(), "--once", "--env", "test", "--retry"}, repo).exit_code, 1);
  json entry = json::parse(repo.tree().Git({"show", "faber/records:issues/" + issue_id + ".json"}));
  EXPECT_EQ(entry["occurrence_count"], 2);

  // A person teaches the fix; the records branch keeps it; faber proposes it first next time.
  auto taught = Faber({"resolve", issue_id, "--solution", "Import the existing table: terraform import aws_dynamodb_table.orders orders",
                       "--outcome", "success", "--env", "test", "--repo", Repo()},
                      repo);
  ASSERT_EQ(taught.exit_code, 0) << taught.stderr_text;
  EXPECT_EQ(repo.RecordsCommits(), 3);
  auto again = Faber({"debug", "--repo", Repo(), "--env", "test", "--format", "json", "--error",
                      "Error: creating DynamoDB Table (orders): ResourceInUseException: Table already exists: orders"},
                     repo);
  ASSERT_EQ(again.exit_code, 0) << again.stderr_text;
  json d = json::parse(again.stdout_text);
  EXPECT_EQ(d["issue_id"], issue_id);
  EXPECT_TRUE(d["known"].get<bool>());
  ASSERT_FALSE(d["solutions"].empty());
  EXPECT_NE(d["solutions"][0]["description"].get<std::string>().find("terraform import"), std::string::npos) << d.dump(1);
  EXPECT_EQ(d["solutions"][0]["success_rate"], 1.0);

  auto stats = Faber({"issues", "stats", "--repo", Repo(), "--format", "json"}, repo);
  ASSERT_EQ(stats.exit_code, 0) << stats.stderr_text;
  json s = json::parse(stats.stdout_text);
  EXPECT_EQ(s["issues"], 1);
  EXPECT_EQ(s["occurrences"], 3);
  EXPECT_EQ(s["resolved"], 0);  // it was resolved, then `faber debug` logged it happening again
  EXPECT_EQ(s["categories"]["resource"], 1);
}

TEST_F(DebuggerTest, BadInputToTheCommandsIsAUsageErrorNamingWhatIsWrong) {
  InfraRepo repo(scratch_.path());
  ScratchDir log;
  auto unknown = Faber({"resolve", "ISS-000000000000", "--solution-id", "x", "--outcome", "success", "--issue-log",
                        log.path().string()},
                       repo);
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.stderr_text.find("ISS-000000000000"), std::string::npos);
  auto no_log = Faber({"issues", "stats"}, repo);
  EXPECT_EQ(no_log.exit_code, 2);
  auto no_error = Faber({"debug"}, repo);
  EXPECT_EQ(no_error.exit_code, 2);
  // Any text at all gets a diagnosis, never a crash.
  auto odd = Faber({"debug", "--error", std::string("\xff\xfe garbage \x01\x02", 14)}, repo);
  EXPECT_EQ(odd.exit_code, 0) << odd.stderr_text;
}

}  // namespace
}  // namespace faber::testing
