#include "controller/commands/resolve_command.h"

#include <ostream>

#include "common/clock.h"
#include "controller/args.h"
#include "controller/commands/issue_log_option.h"
#include "reconciler/debugger/learning.h"

namespace faber::controller {

namespace dbg = reconciler::debugger;

int RunResolveCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--solution-id", "--solution", "--outcome", "--env", "--issue-log", "--repo",
                                     "--records-branch", "--format"},
                          {});
  const char* usage =
      "usage: faber resolve ISSUE_ID --solution-id ID|--solution TEXT --outcome success|failure [--env E] "
      "(--issue-log DIR | --repo PATH)\n";
  if (!args.ok() || args->positionals().size() != 1 || (!args->Get("--solution-id") && !args->Get("--solution")) ||
      (args->GetOr("--outcome", "") != "success" && args->GetOr("--outcome", "") != "failure")) {
    ctx.err << (args.ok() ? "" : "faber resolve: " + args.status().message() + "\n") << usage;
    return kExitUsage;
  }
  auto store = OpenIssueLog(*args);
  if (!store.ok() || !*store) {
    ctx.err << "faber resolve: " << (store.ok() ? "give the issue log: --issue-log DIR or --repo PATH" : store.status().message())
            << "\n";
    return kExitUsage;
  }
  auto log = (*store)->LoadAll();
  if (!log.ok()) {
    ctx.err << "faber resolve: " << log.status().message() << "\n";
    return kExitUsage;
  }
  const std::string issue_id = args->positionals()[0];
  auto it = log->find(issue_id);
  if (it == log->end()) {
    ctx.err << "faber resolve: no issue " << issue_id << " in the issue log\n";
    return kExitUsage;
  }
  common::SystemClock clock;
  dbg::Outcome outcome{args->GetOr("--solution-id", ""), args->GetOr("--solution", ""), args->GetOr("--outcome", "") == "success",
                       args->GetOr("--env", ""), common::FormatIso8601(clock.Now())};
  auto updated = dbg::RecordOutcome(it->second, outcome);
  if (!updated.ok()) {
    ctx.err << "faber resolve: " << updated.status().message() << "\n";
    return kExitUsage;
  }
  if (auto saved = (*store)->Save({*updated}); !saved.ok()) {
    ctx.err << "faber resolve: " << saved.message() << "\n";
    return kExitUsage;
  }
  if (args->GetOr("--format", "text") == "json") {
    ctx.out << updated->ToJson().dump(2) << "\n";
  } else {
    for (const auto& s : updated->solutions) {
      ctx.out << s.solution_id << ": " << s.successes << " of " << s.attempts << " attempts succeeded\n";
    }
  }
  return kExitOk;
}

}  // namespace faber::controller
