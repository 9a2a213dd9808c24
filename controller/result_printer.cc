#include "controller/result_printer.h"

namespace faber::controller {

nlohmann::json EnvironmentResultJson(const reconciler::EnvironmentResult& r) {
  static const char* kPush[] = {"not_needed", "pushed", "failed"};
  nlohmann::json j = {{"environment", r.environment},
                      {"action", reconciler::ActionName(r.action)},
                      {"status", r.StatusName().empty() ? nlohmann::json() : nlohmann::json(r.StatusName())},
                      {"commit", r.commit.empty() ? nlohmann::json() : nlohmann::json(r.commit)},
                      {"records_commit", r.records_commit.empty() ? nlohmann::json() : nlohmann::json(r.records_commit)},
                      {"duration_ms", r.duration_ms},
                      {"push", kPush[static_cast<int>(r.push)]},
                      {"notes", r.notes}};
  if (!r.error.ok()) j["error"] = {{"kind", common::ErrorKindName(r.error.kind())}, {"message", r.error.message()}};
  return j;
}

void PrintEnvironmentResults(const reconciler::RepositoryResult& result, std::ostream& out) {
  for (const auto& r : result.environments) {
    out << r.environment << ": " << reconciler::ActionName(r.action);
    if (!r.commit.empty()) out << " " << r.commit.substr(0, 7);
    if (!r.StatusName().empty()) out << " " << r.StatusName();
    if (!r.records_commit.empty()) out << " (records " << r.records_commit.substr(0, 7) << ")";
    if (!r.error.ok()) out << ": " << r.error.message();
    out << "\n";
    for (const auto& note : r.notes) out << "  " << note << "\n";
  }
}

}  // namespace faber::controller
