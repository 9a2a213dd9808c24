#include "store/records_layout.h"

#include <re2/re2.h>

#include "common/json_parse.h"

namespace faber::store {

std::string DeploymentPath(const std::string& environment) { return "deployments/" + environment + ".json"; }

std::string ReportPath(const std::string& environment, common::TimePoint started, const std::string& commit,
                       const std::string& phase) {
  return "reports/" + environment + "/" + common::FormatCompactUtc(started) + "-" + commit.substr(0, 7) + "-" + phase +
         ".json";
}

std::string HistoryPath(const std::string& environment) { return "reports/" + environment + "/history.json"; }

std::string IssuePath(const std::string& issue_id) { return "issues/" + issue_id + ".json"; }

namespace {

// A string field that may be absent or null (e.g. last_applied_commit before any success).
std::string OptionalString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? "" : it->get<std::string>();
}

}  // namespace

common::Result<DeploymentState> ParseDeploymentState(const std::string& text, const std::string& file) {
  std::string why;
  const nlohmann::json j = common::ParseJson(text, &why);
  if (j.is_discarded()) return common::InvalidInput(file + ": not valid JSON: " + why);
  try {
    DeploymentState s;
    s.environment = j.at("environment").get<std::string>();
    s.branch = OptionalString(j, "branch");
    s.last_applied_commit = OptionalString(j, "last_applied_commit");
    s.last_attempted_commit = OptionalString(j, "last_attempted_commit");
    s.status = OptionalString(j, "status");
    s.updated_at = OptionalString(j, "updated_at");
    s.last_run = j.value("last_run", nlohmann::json::object());
    s.drift = j.value("drift", nlohmann::json());
    return s;
  } catch (const nlohmann::json::exception& e) {
    return common::InvalidInput(file + ": not a deployment record: " + e.what());
  }
}

std::string SerializeDeploymentState(const DeploymentState& s) {
  nlohmann::ordered_json j;
  j["environment"] = s.environment;
  j["branch"] = s.branch;
  j["status"] = s.status;
  j["last_applied_commit"] = s.last_applied_commit.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s.last_applied_commit);
  j["last_attempted_commit"] = s.last_attempted_commit;
  j["updated_at"] = s.updated_at;
  j["last_run"] = s.last_run;
  if (!s.drift.is_null()) j["drift"] = s.drift;  // absent until the first drift check
  return j.dump(2) + "\n";
}

namespace {

double Rate(int64_t good, int64_t total) { return total == 0 ? 0.0 : static_cast<double>(good) / static_cast<double>(total); }

// Success rate of the rows [begin, end) of `runs`.
double WindowRate(const nlohmann::json& runs, size_t begin, size_t end) {
  int64_t good = 0;
  for (size_t i = begin; i < end; ++i) good += runs[i].value("status", "") == "succeeded" ? 1 : 0;
  return Rate(good, static_cast<int64_t>(end - begin));
}

}  // namespace

common::Result<nlohmann::json> AppendHistory(const std::string& existing, const std::string& environment,
                                             const HistoryRow& row, size_t max_rows) {
  nlohmann::json doc;
  try {
    std::string why;
    doc = existing.empty() ? nlohmann::json::object() : common::ParseJson(existing, &why);
    if (doc.is_discarded()) return common::InvalidInput(HistoryPath(environment) + ": unreadable history: " + why);
  } catch (const nlohmann::json::exception& e) {
    return common::InvalidInput(HistoryPath(environment) + ": unreadable history: " + e.what());
  }
  if (!doc.is_object()) return common::InvalidInput(HistoryPath(environment) + ": history is not a JSON object");
  doc["environment"] = environment;
  nlohmann::json& runs = doc["runs"];
  if (!runs.is_array()) runs = nlohmann::json::array();
  nlohmann::json r = {{"run_id", row.run_id},         {"commit", row.commit},
                      {"status", row.status},         {"started_at", row.started_at},
                      {"duration_ms", row.duration_ms}, {"failed_stage", row.failed_stage.empty() ? nlohmann::json() : nlohmann::json(row.failed_stage)},
                      {"pre_deployment", row.pre_deployment.empty() ? nlohmann::json() : nlohmann::json(row.pre_deployment)},
                      {"post_deployment", row.post_deployment.empty() ? nlohmann::json() : nlohmann::json(row.post_deployment)},
                      {"pull_request", row.pull_request ? nlohmann::json(*row.pull_request) : nlohmann::json()}};
  runs.push_back(r);
  while (runs.size() > max_rows) runs.erase(runs.begin());

  // Totals are cumulative so trimming old rows never changes them.
  nlohmann::json& stats = doc["stats"];
  if (!stats.is_object()) stats = nlohmann::json::object();
  nlohmann::json& totals = stats["totals"];
  if (!totals.is_object()) totals = nlohmann::json::object();
  totals[row.status] = totals.value(row.status, 0) + 1;
  int64_t total = 0;
  for (auto& [k, v] : totals.items()) total += v.get<int64_t>();
  stats["total_runs"] = total;
  stats["success_rate"] = Rate(totals.value("succeeded", 0), total);

  size_t n = runs.size();
  size_t recent = std::min<size_t>(10, n);
  stats["recent_success_rate"] = WindowRate(runs, n - recent, n);
  // Trend: the last 10 runs against the 10 before them; a 10-point move counts as a change.
  std::string trend = "stable";
  if (n >= 4) {
    size_t prev_begin = n - recent >= 10 ? n - recent - 10 : 0;
    if (prev_begin < n - recent) {
      double delta = WindowRate(runs, n - recent, n) - WindowRate(runs, prev_begin, n - recent);
      if (delta >= 0.1) trend = "improving";
      if (delta <= -0.1) trend = "declining";
    }
  }
  stats["trend"] = trend;
  int64_t sum = 0;
  for (const auto& run : runs) sum += run.value("duration_ms", int64_t{0});
  stats["mean_duration_ms"] = n == 0 ? 0 : sum / static_cast<int64_t>(n);
  return doc;
}

std::string RecordsCommitMessage(const std::string& environment, const std::string& action, const std::string& commit,
                                 const std::string& status, std::optional<int> pull_request, const std::string& body) {
  std::string msg = "faber(" + environment + "): " + action + " " + commit.substr(0, 7) + " " + status + "\n\n";
  if (!body.empty()) msg += body + (body.back() == '\n' ? "\n" : "\n\n");
  msg += "Faber-Environment: " + environment + "\n";
  msg += "Faber-Commit: " + commit + "\n";
  msg += "Faber-Status: " + status + "\n";
  if (pull_request) msg += "Faber-Pull-Request: " + std::to_string(*pull_request) + "\n";
  return msg;
}

std::optional<int> PullRequestFromMessage(const std::string& message) {
  // RE2: a commit message is anyone's text, of any length.
  static const re2::RE2 kMerge(R"(Merge pull request #(\d+))");
  static const re2::RE2 kGitLab(R"(See merge request [^\s!]+!(\d+))");
  static const re2::RE2 kSquash(R"(\(#(\d+)\)\s*$)");  // on the subject line only
  std::string number;
  std::string subject = message.substr(0, message.find('\n'));
  bool found = re2::RE2::PartialMatch(message, kMerge, &number) || re2::RE2::PartialMatch(message, kGitLab, &number) ||
               re2::RE2::PartialMatch(subject, kSquash, &number);
  if (!found || number.size() > 9) return std::nullopt;
  return std::stoi(number);
}

}  // namespace faber::store
