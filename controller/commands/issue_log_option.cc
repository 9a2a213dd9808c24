#include "controller/commands/issue_log_option.h"

#include "reconciler/debugger/records_issue_store.h"

namespace faber::controller {

common::Result<std::unique_ptr<reconciler::debugger::IssueStore>> OpenIssueLog(const Args& args) {
  if (auto dir = args.Get("--issue-log")) {
    return std::unique_ptr<reconciler::debugger::IssueStore>(std::make_unique<reconciler::debugger::DirectoryIssueStore>(*dir));
  }
  if (auto repo = args.Get("--repo")) {
    auto store = reconciler::debugger::RecordsIssueStore::Open(*repo, args.GetOr("--records-branch", "faber/records"));
    if (!store.ok()) return store.status();
    return std::unique_ptr<reconciler::debugger::IssueStore>(std::move(*store));
  }
  return std::unique_ptr<reconciler::debugger::IssueStore>();
}

}  // namespace faber::controller
