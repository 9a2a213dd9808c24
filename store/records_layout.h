#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/status.h"

namespace faber::store {

// Paths of the records branch (DESIGN.md): the one place that knows the layout.
std::string DeploymentPath(const std::string& environment);
std::string ReportPath(const std::string& environment, common::TimePoint started, const std::string& commit,
                       const std::string& phase);
std::string HistoryPath(const std::string& environment);
std::string IssuePath(const std::string& issue_id);

// deployments/<env>.json: where an environment stands.
struct DeploymentState {
  std::string environment;
  std::string branch;
  std::string last_applied_commit;    // last commit that deployed successfully
  std::string last_attempted_commit;  // last commit a run was started for, whatever its end
  std::string status;                 // succeeded | failed | interrupted | aborted
  std::string updated_at;
  nlohmann::json last_run = nlohmann::json::object();  // the run's stages, failure, debug summary
  nlohmann::json drift;  // the last drift check (status, checked_at, commit, report, ...); null before any
};

// Parses deployments/<env>.json; an error naming the file when it is not a deployment record.
common::Result<DeploymentState> ParseDeploymentState(const std::string& text, const std::string& file);
// Serializes a deployment record (stable key order, trailing newline).
std::string SerializeDeploymentState(const DeploymentState& state);

// One row of reports/<env>/history.json.
struct HistoryRow {
  std::string run_id;
  std::string commit;
  std::string status;
  std::string started_at;
  int64_t duration_ms = 0;
  std::string failed_stage;
  std::string pre_deployment;   // overall status of the phase's report, "" when not run
  std::string post_deployment;
  std::optional<int> pull_request;
};

// Appends `row` to the history document `existing` (empty or absent: a new one) and recomputes
// the statistics: totals per status, success rate overall and over the last 10 runs, the trend
// (improving, declining, stable), mean duration. Keeps the newest `max_rows` rows while the
// totals stay cumulative. An unreadable history is an error, never silently replaced.
common::Result<nlohmann::json> AppendHistory(const std::string& existing, const std::string& environment,
                                             const HistoryRow& row, size_t max_rows = 500);

// The commit message of a records commit: subject "faber(<env>): <action> <sha7> <status>", a
// body, and the trailers Faber-Environment, Faber-Commit, Faber-Status, Faber-Pull-Request.
std::string RecordsCommitMessage(const std::string& environment, const std::string& action, const std::string& commit,
                                 const std::string& status, std::optional<int> pull_request, const std::string& body);

// Finds the pull request a commit came from in its message: GitHub merge and squash commits
// ("Merge pull request #12", "Title (#12)"), GitLab ("See merge request group/project!12"),
// Gitea ("(#12)"); nullopt when none.
std::optional<int> PullRequestFromMessage(const std::string& message);

}  // namespace faber::store
