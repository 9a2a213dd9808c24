#include "reconciler/debugger/issue_log.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace faber::reconciler::debugger {

using nlohmann::json;

json IssueLogEntry::ToJson() const {
  json solutions_json = json::array();
  for (const auto& s : solutions) {
    json automation = {{"automated", s.automation.automated}};
    if (!s.automation.remedy.empty()) automation["remedy"] = s.automation.remedy;
    if (!s.automation.delegate.empty()) automation["skill"] = s.automation.delegate;
    double percentage = s.attempts == 0 ? 0.0 : 100.0 * s.successes / s.attempts;
    solutions_json.push_back(
        {{"solution_id", s.solution_id},
         {"description", s.description},
         {"steps", s.steps},
         {"automation", automation},
         {"impact", s.impact},
         {"source", s.source},
         {"success_rate",
          {{"attempts", s.attempts}, {"successes", s.successes}, {"failures", s.failures}, {"percentage", percentage}}},
         {"avg_resolution_time_seconds", s.successes == 0 ? 0.0 : s.total_resolution_seconds / s.successes},
         {"last_success", s.last_success.empty() ? json(nullptr) : json(s.last_success)},
         {"environments", s.environments}});
  }
  return {{"issue_id", issue_id},
          {"first_seen", first_seen},
          {"last_seen", last_seen},
          {"occurrence_count", occurrence_count},
          {"resolved", resolved},
          {"error",
           {{"category", category},
            {"message", message},
            {"normalized_message", normalized_message},
            {"code", code.empty() ? json(nullptr) : json(code)},
            {"context", {{"environment", environment}, {"operation", operation}, {"resource_type", resource_type}}}}},
          {"solutions", solutions_json},
          {"related_issues", related_issues}};
}

common::Result<IssueLogEntry> IssueLogEntry::FromJson(const json& j, const std::string& where) {
  try {
    IssueLogEntry e;
    e.issue_id = j.at("issue_id").get<std::string>();
    e.first_seen = j.value("first_seen", "");
    e.last_seen = j.value("last_seen", "");
    e.occurrence_count = j.value("occurrence_count", 0);
    e.resolved = j.value("resolved", false);
    const json& err = j.at("error");
    e.category = err.value("category", "");
    e.message = err.value("message", "");
    e.normalized_message = err.value("normalized_message", "");
    e.code = err.contains("code") && err["code"].is_string() ? err["code"].get<std::string>() : "";
    if (err.contains("context")) {
      e.environment = err["context"].value("environment", "");
      e.operation = err["context"].value("operation", "");
      e.resource_type = err["context"].value("resource_type", "");
    }
    for (const auto& sj : j.value("solutions", json::array())) {
      Solution s;
      s.solution_id = sj.at("solution_id").get<std::string>();
      s.description = sj.value("description", "");
      s.steps = sj.value("steps", std::vector<std::string>{});
      if (sj.contains("automation")) {
        s.automation.automated = sj["automation"].value("automated", false);
        s.automation.remedy = sj["automation"].value("remedy", "");
        s.automation.delegate = sj["automation"].value("skill", "");
      }
      s.impact = sj.value("impact", "low");
      s.source = sj.value("source", "");
      if (sj.contains("success_rate")) {
        s.attempts = sj["success_rate"].value("attempts", 0);
        s.successes = sj["success_rate"].value("successes", 0);
        s.failures = sj["success_rate"].value("failures", 0);
      }
      s.total_resolution_seconds = sj.value("avg_resolution_time_seconds", 0.0) * s.successes;
      s.last_success = sj.contains("last_success") && sj["last_success"].is_string() ? sj["last_success"].get<std::string>() : "";
      s.environments = sj.value("environments", std::vector<std::string>{});
      e.solutions.push_back(std::move(s));
    }
    e.related_issues = j.value("related_issues", std::vector<std::string>{});
    return e;
  } catch (const json::exception& ex) {
    return common::InvalidInput(where + ": not an issue log entry: " + ex.what());
  }
}

common::Result<std::map<std::string, IssueLogEntry>> DirectoryIssueStore::LoadAll() {
  std::map<std::string, IssueLogEntry> out;
  std::error_code ec;
  if (!std::filesystem::exists(dir_, ec)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return common::InvalidInput(entry.path().string() + ": not valid JSON");
    auto e = IssueLogEntry::FromJson(j, entry.path().string());
    if (!e.ok()) return e.status();
    out[e->issue_id] = std::move(*e);
  }
  return out;
}

common::Status DirectoryIssueStore::Save(const std::vector<IssueLogEntry>& entries) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  for (const auto& e : entries) {
    // Written beside and renamed, so a crash never leaves half an entry.
    std::filesystem::path path = std::filesystem::path(dir_) / (e.issue_id + ".json");
    std::filesystem::path tmp = path.string() + ".tmp";
    {
      std::ofstream out(tmp);
      out << e.ToJson().dump(2) << "\n";
      if (!out) return common::Internal("cannot write " + tmp.string());
    }
    std::filesystem::rename(tmp, path, ec);
    if (ec) return common::Internal("cannot write " + path.string() + ": " + ec.message());
  }
  return common::Status::Ok();
}

}  // namespace faber::reconciler::debugger
