#include "controller/commands/reconcile_command.h"

#include <spdlog/spdlog.h>

#include <ostream>

#include "common/clock.h"
#include "common/http_client.h"
#include "common/process_runner.h"
#include "controller/args.h"
#include "controller/engine_factory.h"
#include "controller/repository_source.h"
#include "controller/result_printer.h"
#include "controller/shutdown.h"
#include "manifests/faber_config.h"
#include "reconciler/debugger/issue_log_debugger.h"
#include "reconciler/failure_debugger.h"

namespace faber::controller {
namespace {

// Exit code of one pass: 2 for bad input (nothing ran), 1 when a deploy failed, else 0.
int ExitCodeOf(const reconciler::RepositoryResult& result) {
  for (const auto& e : result.environments) {
    if (!e.error.ok() && e.error.kind() == common::ErrorKind::kInvalidInput) return kExitUsage;
  }
  return result.AnyFailure() ? kExitCheckFailed : kExitOk;
}

}  // namespace

int RunReconcileCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--repo", "--env", "--approve", "--apply-fix", "--interval", "--data-dir", "--format", "--grace"},
                          {"--once", "--retry", "--skip-tests", "--drift"});
  if (!args.ok()) {
    ctx.err << "faber reconcile: " << args.status().message() << "\n";
    return kExitUsage;
  }
  auto format = args->Format();
  auto repo = args->Get("--repo");
  std::chrono::milliseconds interval{std::chrono::seconds(60)}, grace{std::chrono::seconds(30)};
  // A fix belongs to one environment's last failure, and it is carried out once.
  bool fix_misused = args->Get("--apply-fix") && (!args->Get("--env") || !args->Has("--once"));
  if (!format.ok() || !repo || fix_misused || !manifests::ParseDuration(args->GetOr("--interval", "60s"), &interval) ||
      !manifests::ParseDuration(args->GetOr("--grace", "30s"), &grace)) {
    ctx.err << "usage: faber reconcile --repo PATH|URL [--env E] [--once] [--retry] [--skip-tests] [--drift] [--approve SHA]"
               " [--apply-fix SOLUTION_ID --env E --once] [--interval 60s] [--grace 30s] [--data-dir DIR]"
               " [--format text|json]\n";
    if (!format.ok()) ctx.err << format.status().message() << "\n";
    if (fix_misused) ctx.err << "--apply-fix needs --env and --once\n";
    return kExitUsage;
  }
  Shutdown& shutdown = Shutdown::Install(grace);

  common::PosixProcessRunner runner;
  common::HttplibClient http;
  common::SystemClock clock;
  BuiltinEngineFactory engines(runner);
  reconciler::debugger::IssueLogDebugger debugger(clock);
  reconciler::ReconcilerDeps deps{engines, runner, http, clock, debugger, {}};
  std::filesystem::path data_dir = args->Get("--data-dir") ? std::filesystem::path(*args->Get("--data-dir")) : DefaultDataDir();
  reconciler::RepositoryReconciler reconciler(MakeRepositoryOpener(*repo, data_dir), deps);

  reconciler::ReconcileOptions options;
  options.retry = args->Has("--retry");
  options.skip_tests = args->Has("--skip-tests");
  options.drift = args->Has("--drift");
  options.approved_commit = args->GetOr("--approve", "");
  options.apply_fix = args->GetOr("--apply-fix", "");
  options.cancel = &shutdown.cancel();

  int exit_code = kExitOk;
  do {
    auto result = reconciler.ReconcileAll(args->GetOr("--env", ""), options);
    if (!result.ok()) {
      ctx.err << "faber reconcile: " << result.status().message() << "\n";
      if (args->Has("--once")) return result.status().kind() == common::ErrorKind::kInvalidInput ? kExitUsage : kExitCheckFailed;
    } else {
      if (*format == "json") {
        nlohmann::json out = {{"environments", nlohmann::json::array()}};
        for (const auto& e : result->environments) out["environments"].push_back(EnvironmentResultJson(e));
        ctx.out << out.dump(2) << std::endl;
      } else {
        PrintEnvironmentResults(*result, ctx.out);
        ctx.out.flush();
      }
      exit_code = ExitCodeOf(*result);
    }
    // A retry or approval applies to the first pass only.
    options.retry = false;
  } while (!args->Has("--once") && !shutdown.stopping() && !shutdown.WaitFor(interval));
  return exit_code;
}

}  // namespace faber::controller
