#include "controller/commands/serve_command.h"

#include <spdlog/spdlog.h>

#include <ostream>

#include "common/files.h"
#include "common/http_client.h"
#include "common/process_runner.h"
#include "controller/args.h"
#include "controller/engine_factory.h"
#include "controller/server_runtime.h"
#include "controller/shutdown.h"
#include "manifests/server_config.h"
#include "reconciler/debugger/issue_log_debugger.h"
#include "reconciler/failure_debugger.h"

namespace faber::controller {
namespace {

// Secrets the server holds; their values are masked wherever faber writes text.
std::vector<std::string> ReadKnownSecrets(const manifests::ServerConfig& config) {
  std::vector<std::string> secrets;
  for (const auto& repo : config.repositories) {
    for (const auto& file : {repo.webhook_secret_file, repo.forge.token_file}) {
      if (file.empty()) continue;
      if (auto value = common::ReadFile(file); value.ok()) secrets.push_back(*value);
    }
  }
  return secrets;
}

}  // namespace

int RunServeCommand(CommandContext& ctx) {
  auto args = Args::Parse(ctx.args, {"--config", "--format"}, {});
  if (!args.ok() || !args->Get("--config")) {
    ctx.err << "usage: faber serve --config server.yaml\n";
    return kExitUsage;
  }
  std::string path = *args->Get("--config");
  auto text = common::ReadFile(path);
  if (!text.ok()) {
    ctx.err << "faber serve: " << text.status().message() << "\n";
    return kExitUsage;
  }
  auto config = manifests::ParseServerConfig(*text, path);
  if (!config.ok()) {
    ctx.err << config.status().message() << "\n";
    return kExitUsage;
  }
  Shutdown& shutdown = Shutdown::Install(config->shutdown_grace);

  common::PosixProcessRunner runner;
  common::HttplibClient http;
  common::SystemClock clock;
  BuiltinEngineFactory engines(runner);
  reconciler::debugger::IssueLogDebugger debugger(clock);
  reconciler::ReconcilerDeps deps{engines, runner, http, clock, debugger, ReadKnownSecrets(*config)};

  ServerRuntime runtime(*config, deps, shutdown);
  auto port = runtime.Listen();
  if (!port.ok()) {
    ctx.err << "faber serve: " << port.status().message() << "\n";
    return kExitUsage;
  }
  std::string host = config->listen.substr(0, config->listen.rfind(':'));
  spdlog::info("listening on {}:{} ({} repositories, polling every {}s)", host, *port, config->repositories.size(),
               config->poll_interval.count() / 1000.0);
  runtime.Start();
  runtime.WaitUntilStopped();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace faber::controller
