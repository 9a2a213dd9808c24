#include "reconciler/debugger/records_issue_store.h"

#include "reconciler/debugger/issue_log_debugger.h"
#include "store/records_layout.h"

namespace faber::reconciler::debugger {

RecordsIssueStore::RecordsIssueStore(std::unique_ptr<store::GitRepository> repo, std::string branch)
    : repo_(std::move(repo)), records_(*repo_, std::move(branch), system_clock_) {}

common::Result<std::unique_ptr<RecordsIssueStore>> RecordsIssueStore::Open(const std::string& repo_path,
                                                                           const std::string& branch) {
  auto repo = store::GitRepository::Open(repo_path);
  if (!repo.ok()) return repo.status();
  return std::unique_ptr<RecordsIssueStore>(new RecordsIssueStore(std::move(*repo), branch));
}

common::Result<std::map<std::string, IssueLogEntry>> RecordsIssueStore::LoadAll() {
  return LoadIssueLog(records_.Current());
}

common::Status RecordsIssueStore::Save(const std::vector<IssueLogEntry>& entries) {
  auto written = records_.Write([&](const store::RecordsSnapshot&) -> common::Result<store::RecordsChange> {
    store::RecordsChange change;
    std::string ids;
    for (const auto& e : entries) {
      change.files.push_back({store::IssuePath(e.issue_id), e.ToJson().dump(2) + "\n"});
      ids += (ids.empty() ? "" : ", ") + e.issue_id;
    }
    change.message = "faber: issue log " + ids + "\n\nFaber-Issues: " + ids + "\n";
    return change;
  });
  return written.ok() ? common::Status::Ok() : written.status();
}

}  // namespace faber::reconciler::debugger
