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
  std::string api_url;
};

struct RepositoryConfig {
  std::string url;             // local path or URL
  std::string webhook_secret_file;
  ForgeConfig forge;
};

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string data_dir = "/var/lib/faber";
  std::chrono::milliseconds poll_interval{std::chrono::seconds(60)};
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(30)};  // a stage may finish within this
  std::vector<RepositoryConfig> repositories;
};

// Parses and validates server.yaml with the same error format as ParseFaberConfig.
common::Result<ServerConfig> ParseServerConfig(const std::string& text, const std::string& file);

}  // namespace faber::manifests
