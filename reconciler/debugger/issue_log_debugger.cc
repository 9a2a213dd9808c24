#include "reconciler/debugger/issue_log_debugger.h"

#include "reconciler/debugger/diagnosis.h"
#include "reconciler/debugger/issue_log_cache.h"
#include "reconciler/debugger/learning.h"
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
    auto j = nlohmann::json::parse(*text, nullptr, false);
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

DebugAnalysis IssueLogDebugger::Analyze(const FailureContext& failure, const store::RecordsSnapshot& records) {
  DebugAnalysis analysis;
  auto log = LoadIssueLog(records);
  if (!log.ok()) {
    // A damaged log must not hide the failure itself: diagnose against the knowledge base alone.
    analysis.summary["issue_log_error"] = log.status().message();
    log = std::map<std::string, IssueLogEntry>{};
  }
  IssueIndex index(*log);
  DebugContext context{failure.environment, failure.operation, common::FormatIso8601(clock_.Now())};
  Diagnosis d = Diagnose(failure.output, context, *log, index);
  IssueLogEntry entry = RecordOccurrence(d, *log, context);
  nlohmann::json summary = DiagnosisToJson(d);
  summary["occurrence_count"] = entry.occurrence_count;
  if (analysis.summary.contains("issue_log_error")) summary["issue_log_error"] = analysis.summary["issue_log_error"];
  analysis.summary = summary;
  analysis.markdown = DiagnosisToMarkdown(d);
  analysis.issue_log_changes.push_back({store::IssuePath(entry.issue_id), entry.ToJson().dump(2) + "\n"});
  return analysis;
}

}  // namespace faber::reconciler::debugger
