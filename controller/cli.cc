#include <iostream>
#include <string>

#include "controller/command.h"
#include "controller/commands/cost_command.h"
#include "controller/commands/debug_command.h"
#include "controller/commands/demo_command.h"
#include "controller/commands/hcl2json_command.h"
#include "controller/commands/history_command.h"
#include "controller/commands/issues_command.h"
#include "controller/commands/reconcile_command.h"
#include "controller/commands/resolve_command.h"
#include "controller/commands/scan_command.h"
#include "controller/commands/serve_command.h"
#include "controller/commands/show_plan_command.h"
#include "controller/commands/validate_command.h"

namespace faber::controller {

// Each subcommand lives in its own file under controller/commands/ and is listed here.
const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> kCommands = {
      {"validate", "faber validate DIR [--format text|json]",
       "HCL syntax and structure of a module and its local modules, diagnostics file:line:col", RunValidateCommand},
      {"hcl2json", "faber hcl2json FILE... [--compact]", "the parse of HCL files as JSON in hcl2json's shape",
       RunHcl2JsonCommand},
      {"scan", "faber scan DIR [--format text|json|sarif|junit] [--policies DIR] [--skip ID] [--required-tag T] [--naming RE]",
       "pre-deployment security rules and compliance gates on a module", RunScanCommand},
      {"cost", "faber cost DIR [--usage-file F] [--budget N] [--compare OTHER_DIR] [--format text|json]",
       "monthly cost estimate of a module from the pricing catalog, checked against a budget", RunCostCommand},
      {"reconcile", "faber reconcile --repo PATH|URL [--env E] [--once] [--retry] [--skip-tests] [--drift] [--approve SHA] [--apply-fix ID]",
       "deploy the environment branches whose head changed, and record each run", RunReconcileCommand},
      {"debug", "faber debug --error TEXT|--error-file F [--operation O] [--env E] [--issue-log DIR|--repo PATH]",
       "categorize a deploy error and propose ranked fixes from the issue log and knowledge base", RunDebugCommand},
      {"resolve", "faber resolve ISSUE_ID --solution-id ID|--solution TEXT --outcome success|failure (--issue-log DIR|--repo PATH)",
       "record what fixed (or did not fix) an issue, so faber learns", RunResolveCommand},
      {"issues", "faber issues [stats|show ID|list] (--issue-log DIR|--repo PATH)", "the issue log: statistics and entries",
       RunIssuesCommand},
      {"show-plan", "faber show-plan PLAN.json [--format text|json|markdown]",
       "the change summary of a `terraform show -json` plan, sensitive values masked", RunShowPlanCommand},
      {"history", "faber history --env E [--repo PATH|URL] [--limit N]", "the runs of an environment, from the records branch",
       RunHistoryCommand},
      {"serve", "faber serve --config server.yaml", "run as a daemon: poll, reconcile, serve /healthz /readyz /metrics",
       RunServeCommand},
      {"demo", "faber demo [--dir DIR]", "a self-contained example repository, reconciled end to end", RunDemoCommand},
  };
  return kCommands;
}

namespace {
void PrintUsage(std::ostream& os) {
  os << "usage: faber COMMAND [ARGS] [--format text|json]\n\ncommands:\n";
  for (const auto& c : Commands()) os << "  " << c.usage << "\n      " << c.summary << "\n";
}
}  // namespace

int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  if (argc < 2) {
    PrintUsage(err);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") {
    PrintUsage(out);
    return kExitOk;
  }
  if (name == "version" || name == "--version") {
    out << "faber " << FABER_VERSION << "\n";
    return kExitOk;
  }
  for (const auto& c : Commands()) {
    if (name == c.name) {
      CommandContext ctx{std::vector<std::string>(argv + 2, argv + argc), out, err};
      return c.run(ctx);
    }
  }
  err << "faber: unknown command '" << name << "'\n";
  PrintUsage(err);
  return kExitUsage;
}

}  // namespace faber::controller
