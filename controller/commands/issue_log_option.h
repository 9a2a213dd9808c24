#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "controller/args.h"
#include "reconciler/debugger/issue_log.h"

namespace faber::controller {

// The issue log a command works on: --issue-log DIR (a plain directory) or --repo PATH (the records
// branch of a local repository, --records-branch to name another). nullptr when neither is given.
common::Result<std::unique_ptr<reconciler::debugger::IssueStore>> OpenIssueLog(const Args& args);

}  // namespace faber::controller
