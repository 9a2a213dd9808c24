#include "controller/commands/serve_command.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <ostream>

#include "common/files.h"
#include "common/http_client.h"
#include "common/process_runner.h"
#include "common/url_userinfo.h"
#include "controller/args.h"
#include "controller/engine_factory.h"
#include "controller/repository_source.h"
#include "controller/run_reporter.h"
#include "controller/server_runtime.h"
#include "controller/shutdown.h"
#include "controller/trigger_router.h"
#include "manifests/server_config.h"
#include "reconciler/debugger/issue_log_debugger.h"
#include "reconciler/failure_debugger.h"
#include "webhooks/forge_notifier.h"
#include "webhooks/git_notes_notifier.h"
#include "webhooks/webhook_server.h"

namespace faber::controller {
namespace {

// A secret from a file or an environment variable; "" when neither is configured. The error
// names where it looked, never the value.
common::Result<std::string> ReadSecret(const std::string& file, const std::string& variable, const std::string& what) {
  auto value = webhooks::ReadForgeToken(file, variable);
  if (!value.ok()) return common::InvalidInput(what + ": " + value.status().message());
  return value;
}

// Everything `faber serve` needs from the forges: webhook sources, notifiers, secrets to mask.
struct ForgeSetup {
  std::vector<webhooks::WebhookSource> sources;
  std::vector<std::pair<std::string, std::unique_ptr<webhooks::Notifier>>> notifiers;
  std::vector<std::string> secrets;
};

common::Result<ForgeSetup> SetUpForges(const manifests::ServerConfig& config, const std::string& path,
                                       common::HttpClient& http, common::Clock& clock, const common::Redactor& redactor) {
  ForgeSetup setup;
  for (size_t i = 0; i < config.repositories.size(); ++i) {
    const auto& repo = config.repositories[i];
    const auto& forge = repo.forge;
    std::string where = path + ": repositories[" + std::to_string(i) + "] (" + repo.url + ")";
    auto secret = ReadSecret(repo.webhook_secret_file, repo.webhook_secret_env, where + ": webhook secret");
    if (!secret.ok()) return secret.status();
    auto token = ReadSecret(forge.token_file, forge.token_env, where + ": forge token");
    if (!token.ok()) return token.status();
    for (const std::string* value : {&*secret, &*token}) {
      if (!value->empty()) setup.secrets.push_back(*value);
    }
    if (forge.kind == "github" || forge.kind == "gitlab" || forge.kind == "gitea") {
      if (secret->empty() && !config.webhook_allow_unsigned) {
        return common::InvalidInput(where + ": no webhook secret (set webhook_secret_file or webhook_secret_env; "
                                    "webhooks.allow_unsigned: true accepts unsigned webhooks)");
      }
      webhooks::ForgeKind kind = forge.kind == "github"   ? webhooks::ForgeKind::kGithub
                                 : forge.kind == "gitlab" ? webhooks::ForgeKind::kGitlab
                                                          : webhooks::ForgeKind::kGitea;
      setup.sources.push_back({repo.url, kind, forge.repository, *secret, {forge.command_authors, forge.bot_user}});
      if (token->empty()) {
        spdlog::warn("{}: no forge token: pull-request comments and commit statuses are not posted",
                     common::WithoutUserinfo(repo.url));
        continue;
      }
      auto make = forge.kind == "github" ? webhooks::MakeGithubApi
                  : forge.kind == "gitlab" ? webhooks::MakeGitlabApi
                                           : webhooks::MakeGiteaApi;
      setup.notifiers.emplace_back(
          repo.url, std::make_unique<webhooks::ForgeNotifier>(
                        make(forge.api_url, forge.repository, *token, http, clock, {}), redactor, forge.bot_user));
    } else if (std::filesystem::is_directory(repo.url)) {
      // No forge (or the local one): reports become git notes in the repository itself.
      setup.notifiers.emplace_back(
          repo.url, std::make_unique<webhooks::GitNotesNotifier>(MakeGitNotesStore(repo.url), redactor));
    } else {
      // A clone: the notes are written in it and pushed to its origin, where people fetch them.
      setup.notifiers.emplace_back(
          repo.url, std::make_unique<webhooks::GitNotesNotifier>(
                        MakeGitNotesStore(CloneDirectory(repo.url, config.data_dir)), redactor,
                        MakeCloneNotesRemote(MakeRepositoryOpener(repo.url, config.data_dir))));
    }
  }
  return setup;
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
  common::Redactor redactor;
  auto forges = SetUpForges(*config, path, http, clock, redactor);
  if (!forges.ok()) {
    ctx.err << "faber serve: " << forges.status().message() << "\n";
    return kExitUsage;
  }
  for (const auto& secret : forges->secrets) redactor.AddSecretValue(secret);
  BuiltinEngineFactory engines(runner);
  reconciler::debugger::IssueLogDebugger debugger(clock);
  reconciler::ReconcilerDeps deps{engines, runner, http, clock, debugger, forges->secrets};

  RunReporter reporter;
  for (auto& [url, notifier] : forges->notifiers) reporter.AddRepository(url, std::move(notifier));
  TriggerRouter router(reporter, deps, &shutdown.cancel());
  ServerRuntime runtime(*config, deps, shutdown);
  runtime.SetForge(&router, &reporter);
  webhooks::WebhookReceiver receiver(forges->sources, runtime.queue(), config->webhook_allow_unsigned,
                                     std::filesystem::path(config->data_dir) / "webhook-deliveries",
                                     std::filesystem::path(config->data_dir) / "webhook-comments");
  receiver.SetObserver(&runtime.metrics());
  webhooks::MountWebhooks(runtime.http(), receiver, config->webhook_max_body_bytes);
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
