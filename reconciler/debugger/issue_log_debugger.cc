#include "reconciler/debugger/issue_log_debugger.h"

#include "common/json_parse.h"
#include "reconciler/debugger/diagnosis.h"
#include "reconciler/debugger/issue_log_cache.h"
#include "reconciler/debugger/learning.h"
#include "reconciler/debugger/run_learning.h"
#include "store/records_layout.h"

namespace faber::reconciler::debugger {

common::Result<std::map<std::string, IssueLogEntry>> LoadIssueLog(const store::RecordsSnapshot& records) {
  std::vector<IssueLogEntry> log;
  if (records.tip().empty()) return std::map<std::string, IssueLogEntry>{};
  // Keyed by blob id: a cached entry is exactly the content it was parsed from.
  IssueLogCache cache(records.git_dir() / "faber" / "issue-log-cache");
  for (const auto& file : records.ListWithIds("issues")) {
    const std::string& path = file.path;
    if (path.size() < 5 || path.substr(path.size() - 5) != ".json") continue;
    if (auto cached = cache.Find(file.blob_id)) {
      log.push_back(std::move(*cached));
      continue;
    }
    auto text = records.ReadBlob(file.blob_id);
    if (!text.ok()) return text.status();
    auto j = common::ParseJson(*text);
    if (j.is_discarded()) return common::InvalidInput(path + " on the records branch is not valid JSON");
    auto entry = IssueLogEntry::FromJson(j, path);
    if (!entry.ok()) return entry.status();
    cache.Put(file.blob_id, *entry);
    log.push_back(std::move(*entry));
  }
  // The cache only saves time: failing to write it loses nothing.
  (void)cache.Save();
  return ByIssueId(std::move(log));
}

DebugAnalysis IssueLogDebugger::Analyze(const FailureContext* failure, const std::vector<FixAttempt>& attempts,
                                       const store::RecordsSnapshot& records) {
  DebugAnalysis analysis;
  if (failure == nullptr && attempts.empty()) return analysis;
  auto loaded = LoadIssueLog(records);
  std::string log_error;
  if (!loaded.ok()) {
    // A damaged log must not hide the failure itself: diagnose against the knowledge base alone.
    log_error = loaded.status().message();
    loaded = std::map<std::string, IssueLogEntry>{};
  }
  RunLearning learning(std::move(*loaded), common::FormatIso8601(clock_.Now()));
  for (const auto& a : attempts) {
    if (!a.requested_by.empty()) learning.CarryOut(a);
  }
  for (const auto& a : attempts) {
    if (a.requested_by.empty()) learning.RecordRemedy(a);
  }
  std::optional<Diagnosis> diagnosis;
  if (failure != nullptr) {
    diagnosis = learning.RecordFailure(*failure);
    analysis.summary = DiagnosisToJson(*diagnosis);
    analysis.summary["occurrence_count"] = learning.log().at(diagnosis->issue_id).occurrence_count;
    if (!log_error.empty()) analysis.summary["issue_log_error"] = log_error;
  }
  for (const auto& a : attempts) {
    if (!a.requested_by.empty()) learning.RecordRequestedFix(a, failure, diagnosis ? diagnosis->issue_id : "");
  }
  analysis.fixes = learning.fixes();
  analysis.markdown = FixesToMarkdown(analysis.fixes) + (diagnosis ? DiagnosisToMarkdown(*diagnosis) : "");
  for (const auto& id : learning.changed()) {
    analysis.issue_log_changes.push_back({store::IssuePath(id), learning.log().at(id).ToJson().dump(2) + "\n"});
  }
  return analysis;
}

}  // namespace faber::reconciler::debugger
