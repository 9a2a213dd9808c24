#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "reconciler/debugger/issue_log.h"
#include "store/git_repository.h"
#include "store/records_store.h"

namespace faber::reconciler::debugger {

// The issue log on the records branch of a local repository (issues/<id>.json): entries are read
// at the branch tip and saved as one records commit, with compare-and-swap like every record.
class RecordsIssueStore : public IssueStore {
 public:
  // Opens `repo_path`; kNotFound / kInvalidInput when it is not a repository.
  static common::Result<std::unique_ptr<RecordsIssueStore>> Open(const std::string& repo_path, const std::string& branch);
  common::Result<std::map<std::string, IssueLogEntry>> LoadAll() override;
  common::Status Save(const std::vector<IssueLogEntry>& entries) override;

 private:
  RecordsIssueStore(std::unique_ptr<store::GitRepository> repo, std::string branch);

  std::unique_ptr<store::GitRepository> repo_;
  common::SystemClock system_clock_;
  store::RecordsStore records_;
};

}  // namespace faber::reconciler::debugger
