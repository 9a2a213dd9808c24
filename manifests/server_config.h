#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/status.h"

namespace faber::manifests {

struct ForgeConfig {
  std::string kind;            // github | gitlab | gitea | local
  std::string repository;      // e.g. acme/infra
  std::string token_file;
  std::string token_env;       // or the API token from this environment variable
  std::string api_url;
  std::string bot_user;        // faber's login on the forge: its own comments are never commands
  // trusted_authors: besides owners, members and collaborators, the logins whose pull requests run
  // code (plan, engine and test commands) and whose comments run /faber commands.
  std::vector<std::string> command_authors;
};

struct RepositoryConfig {
  std::string url;             // local path or URL
  std::string webhook_secret_file;
  std::string webhook_secret_env;  // or the webhook secret from this environment variable
  ForgeConfig forge;
  // How often `faber serve` checks this repository's environments for drift; 0 is off. Resolved
  // at parse time: the repository's own drift_interval, else the top-level one.
  std::chrono::milliseconds drift_interval{0};
  // The branch faber.yaml, the gates and the policies are read from; "" is the repository's
  // default branch. A commit on an environment branch cannot change what is read here.
  std::string policy_branch;
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string data_dir = "/var/lib/faber";
  std::chrono::milliseconds poll_interval{std::chrono::seconds(60)};
  std::chrono::milliseconds drift_interval{0};  // default for every repository; 0 (or `off`) is off
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(30)};  // a stage may finish within this
  std::vector<RepositoryConfig> repositories;
  size_t webhook_max_body_bytes = 25u * 1024 * 1024;  // larger deliveries are answered 413
  bool webhook_allow_unsigned = false;  // accept unsigned webhooks for repositories without a secret
};

// Parses and validates server.yaml with the same error format as ParseFaberConfig.
common::Result<ServerConfig> ParseServerConfig(const std::string& text, const std::string& file);

}  // namespace faber::manifests
