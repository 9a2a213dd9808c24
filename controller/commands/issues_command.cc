#include "controller/commands/issues_command.h"

#include <ostream>

#include "controller/args.h"
#include "controller/commands/issue_log_option.h"
#include "reconciler/debugger/learning.h"

namespace faber::controller {

namespace dbg = reconciler::debugger;

int RunIssuesCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--issue-log", "--repo", "--records-branch", "--format"}, {});
  const char* usage = "usage: faber issues [stats|show ID|list] (--issue-log DIR | --repo PATH) [--format text|json]\n";
  if (!args.ok()) {
    ctx.err << "faber issues: " << args.status().message() << "\n" << usage;
    return kExitUsage;
  }
  const auto& pos = args->positionals();
  const std::string what = pos.empty() ? "list" : pos[0];
  if ((what == "show" && pos.size() != 2) || (what != "show" && what != "stats" && what != "list")) {
    ctx.err << usage;
    return kExitUsage;
  }
  auto store = OpenIssueLog(*args);
  if (!store.ok() || !*store) {
    ctx.err << "faber issues: " << (store.ok() ? "give the issue log: --issue-log DIR or --repo PATH" : store.status().message()) << "\n";
    return kExitUsage;
  }
  auto log = (*store)->LoadAll();
  if (!log.ok()) {
    ctx.err << "faber issues: " << log.status().message() << "\n";
    return kExitUsage;
  }
  const bool json = args->GetOr("--format", "text") == "json";
  if (what == "stats") {
    auto stats = dbg::IssueStatistics(*log);
    ctx.out << (json ? stats.dump(2) : stats.dump(1)) << "\n";
    return kExitOk;
  }
  if (what == "show") {
    auto it = log->find(pos[1]);
    if (it == log->end()) {
      ctx.err << "faber issues: no issue " << pos[1] << "\n";
      return kExitCheckFailed;
    }
    ctx.out << it->second.ToJson().dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& [id, e] : *log) {
    ctx.out << id << "  " << e.category << "  x" << e.occurrence_count << (e.resolved ? "  resolved  " : "  open      ")
            << e.message.substr(0, 100) << "\n";
  }
  return kExitOk;
}

}  // namespace faber::controller
