#include "store/run_journal.h"

#include <nlohmann/json.hpp>

#include "common/files.h"
#include "common/json_parse.h"

namespace faber::store {

std::filesystem::path RunJournal::PathFor(const std::string& environment) const {
  return dir_ / (environment + ".json");
}

common::Status RunJournal::Write(const JournalEntry& e) {
  nlohmann::json j = {{"run_id", e.run_id},   {"environment", e.environment}, {"commit", e.commit},
                      {"branch", e.branch},   {"stage", e.stage},             {"started_at", e.started_at},
                      {"faber_pid", e.faber_pid}, {"pgid", e.pgid}};
  return env_.WriteFileAtomically(PathFor(e.environment), j.dump(2) + "\n");
}

common::Result<std::optional<JournalEntry>> RunJournal::Find(const std::string& environment) const {
  auto path = PathFor(environment);
  if (!env_.Exists(path)) return std::optional<JournalEntry>();
  auto text = env_.ReadFile(path);
  if (!text.ok()) return text.status();
  std::string why;
  const nlohmann::json j = common::ParseJson(*text, &why);
  if (j.is_discarded()) return common::InvalidInput("run journal " + path.string() + " is unreadable: " + why);
  try {
    JournalEntry e;
    e.run_id = j.at("run_id").get<std::string>();
    e.environment = j.at("environment").get<std::string>();
    e.commit = j.at("commit").get<std::string>();
    e.branch = j.value("branch", "");
    e.stage = j.value("stage", "");
    e.started_at = j.value("started_at", "");
    e.faber_pid = j.value("faber_pid", 0);
    e.pgid = j.value("pgid", 0);
    return std::optional<JournalEntry>(e);
  } catch (const nlohmann::json::exception& ex) {
    return common::InvalidInput("run journal " + path.string() + " is unreadable: " + ex.what());
  }
}

common::Status RunJournal::Clear(const std::string& environment) {
  common::Status removed = env_.RemoveFile(PathFor(environment));
  if (!removed.ok()) return common::Internal("run journal: " + removed.message());
  return removed;
}

}  // namespace faber::store
