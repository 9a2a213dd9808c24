// ParseServerConfig: server.yaml, the daemon's own settings (listen address, TLS, data directory,
// polling, and the repositories it reconciles with their forges).

#include "manifests/server_config.h"

#include <charconv>
#include <map>

#include "common/yaml_limits.h"
#include "manifests/validators.h"
#include "manifests/yaml_reader.h"

namespace faber::manifests {
namespace {

std::optional<std::string> CheckListen(const std::string& listen) {
  const std::string kShape = "must be host:port, e.g. 127.0.0.1:8080 or [::1]:8080";
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return kShape;
  std::string host = listen.substr(0, colon);
  std::string port = listen.substr(colon + 1);
  if (host.front() == '[' ? host.back() != ']' || host.size() < 3 : host.find(':') != std::string::npos) {
    return kShape + " (IPv6 addresses go in brackets)";
  }
  int value = -1;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 0 || value > 65535) {
    return kShape + " with a port from 0 to 65535 (0 picks a free port)";
  }
  return std::nullopt;
}

// Forge repositories are "owner/name" (GitLab also nests groups: "group/subgroup/name").
std::optional<std::string> CheckForgeRepository(const std::string& repository) {
  if (repository.find('/') == std::string::npos || repository.front() == '/' || repository.back() == '/' ||
      repository.find("//") != std::string::npos || repository.find(' ') != std::string::npos) {
    return std::string("must be the forge's owner/name, e.g. acme/infra");
  }
  return std::nullopt;
}

ForgeConfig ParseForge(const Field& field, ErrorList& errors) {
  ForgeConfig forge;
  MapReader map(field, errors, {"kind", "repository", "token_file", "token_env", "api_url", "bot_user", "trusted_authors",
                                "command_authors"});
  if (!map.valid()) return forge;
  if (auto f = map.Require("kind")) {
    forge.kind = ReadEnum(*f, errors, {"github", "gitlab", "gitea", "local"}).value_or("");
  }
  if (forge.kind.empty()) return forge;
  if (forge.kind == "local") {
    // The local forge writes git notes in the repository itself: nothing to address or log into.
    for (const char* remote_only : {"repository", "token_file", "token_env", "api_url", "bot_user", "trusted_authors",
                                    "command_authors"}) {
      if (auto f = map.Get(remote_only)) errors.Add(*f, "not used by the local forge");
    }
    return forge;
  }
  if (auto f = map.Require("repository")) {
    forge.repository = ReadString(*f, errors, CheckForgeRepository).value_or("");
  }
  if (auto f = map.Get("token_file")) forge.token_file = ReadString(*f, errors).value_or("");
  if (auto f = map.Get("token_env")) forge.token_env = ReadString(*f, errors).value_or("");
  if (!forge.token_file.empty() && !forge.token_env.empty()) {
    errors.Add(*map.Get("token_env"), "set token_file or token_env, not both");
  }
  if (auto f = map.Get("bot_user")) forge.bot_user = ReadString(*f, errors).value_or("");
  // trusted_authors (command_authors is its earlier name, still read): logins whose pull requests
  // run code and whose comments run commands, besides the owners, members and collaborators.
  for (const char* key : {"trusted_authors", "command_authors"}) {
    if (auto f = map.Get(key)) {
      for (auto& login : ReadStringList(*f, errors).value_or(std::vector<std::string>{})) {
        forge.command_authors.push_back(std::move(login));
      }
    }
  }
  if (auto f = map.Get("api_url")) {
    forge.api_url = ReadString(*f, errors, CheckHttpUrl).value_or("");
  } else if (forge.kind == "github") {
    forge.api_url = "https://api.github.com";
  } else if (forge.kind == "gitlab") {
    forge.api_url = "https://gitlab.com/api/v4";
  } else {
    errors.Add(field.mark, field.path + ".api_url", "required for gitea (e.g. https://gitea.example.com/api/v1)");
  }
  return forge;
}

// drift_interval: a duration greater than zero, or `off` (e.g. to switch a repository off when
// the top-level interval is set).
std::optional<std::chrono::milliseconds> ReadDriftInterval(const Field& field, ErrorList& errors) {
  if (field.node.IsScalar() && field.node.Scalar() == "off") return std::chrono::milliseconds(0);
  return ReadDuration(field, errors, false);
}

std::optional<RepositoryConfig> ParseRepository(const Field& field, ErrorList& errors,
                                                std::chrono::milliseconds drift_interval) {
  MapReader map(field, errors,
                {"url", "webhook_secret_file", "webhook_secret_env", "forge", "drift_interval", "policy_branch"});
  if (!map.valid()) return std::nullopt;
  RepositoryConfig repo;
  repo.drift_interval = drift_interval;
  if (auto f = map.Get("drift_interval")) repo.drift_interval = ReadDriftInterval(*f, errors).value_or(drift_interval);
  if (auto f = map.Require("url")) repo.url = ReadString(*f, errors).value_or("");
  if (auto f = map.Get("webhook_secret_file")) repo.webhook_secret_file = ReadString(*f, errors).value_or("");
  if (auto f = map.Get("webhook_secret_env")) {
    repo.webhook_secret_env = ReadString(*f, errors).value_or("");
    if (!repo.webhook_secret_file.empty()) errors.Add(*f, "set webhook_secret_file or webhook_secret_env, not both");
  }
  if (auto f = map.Get("forge")) repo.forge = ParseForge(*f, errors);
  if (auto f = map.Get("policy_branch")) {
    repo.policy_branch = ReadString(*f, errors).value_or("");
    if (auto why = CheckBranchName(repo.policy_branch)) errors.Add(*f, "policy_branch: " + *why);
  }
  return repo;
}

void ParseRepositories(const Field& field, ErrorList& errors, ServerConfig& config) {
  auto items = ReadList(field, errors);
  if (!items) return;
  if (items->empty()) {
    errors.Add(field, "at least one repository is required");
    return;
  }
  std::map<std::string, int> first_line;
  for (const Field& item : *items) {
    auto repo = ParseRepository(item, errors, config.drift_interval);
    if (!repo) continue;
    if (!repo->url.empty()) {
      auto [pos, inserted] = first_line.emplace(repo->url, item.mark.line + 1);
      if (!inserted) {
        errors.Add(item, "duplicate repository " + Quote(repo->url) + " (first listed at line " +
                             std::to_string(pos->second) + ")");
      }
    }
    config.repositories.push_back(std::move(*repo));
  }
}

void ParseDocument(const Field& root, ErrorList& errors, ServerConfig& config) {
  MapReader map(root, errors,
                {"listen", "tls", "data_dir", "poll_interval", "drift_interval", "shutdown_grace", "webhooks",
                 "repositories"});
  if (!map.valid()) return;
  if (auto f = map.Get("listen")) config.listen = ReadString(*f, errors, CheckListen).value_or(config.listen);
  if (auto f = map.Get("tls")) {
    MapReader tls(*f, errors, {"cert_file", "key_file"});
    auto cert = tls.Get("cert_file");
    auto key = tls.Get("key_file");
    if (cert) config.tls_cert_file = ReadString(*cert, errors).value_or("");
    if (key) config.tls_key_file = ReadString(*key, errors).value_or("");
    if (tls.valid() && !cert && !key) {
      errors.Add(*f, "set cert_file and key_file, or leave tls out to serve plain HTTP");
    } else if (tls.valid() && cert.has_value() != key.has_value()) {
      const char* missing = cert ? "key_file" : "cert_file";
      errors.Add(f->mark, f->path + "." + missing, "required as well: TLS needs both cert_file and key_file");
    }
  }
  if (auto f = map.Get("data_dir")) config.data_dir = ReadString(*f, errors).value_or(config.data_dir);
  if (auto f = map.Get("poll_interval")) {
    config.poll_interval = ReadDuration(*f, errors, false).value_or(config.poll_interval);
  }
  // Read before the repositories, which inherit it.
  if (auto f = map.Get("drift_interval")) {
    config.drift_interval = ReadDriftInterval(*f, errors).value_or(config.drift_interval);
  }
  if (auto f = map.Get("shutdown_grace")) {
    config.shutdown_grace = ReadDuration(*f, errors, true).value_or(config.shutdown_grace);
  }
  if (auto f = map.Get("webhooks")) {
    MapReader webhooks(*f, errors, {"max_body_mb", "allow_unsigned"});
    if (auto m = webhooks.Get("max_body_mb")) {
      if (auto mb = ReadInt(*m, errors, 1, 1024)) config.webhook_max_body_bytes = static_cast<size_t>(*mb) * 1024 * 1024;
    }
    if (auto u = webhooks.Get("allow_unsigned")) config.webhook_allow_unsigned = ReadBool(*u, errors).value_or(false);
  }
  if (auto f = map.Require("repositories")) ParseRepositories(*f, errors, config);
}

}  // namespace

common::Result<ServerConfig> ParseServerConfig(const std::string& text, const std::string& file) {
  ErrorList errors(file);
  ServerConfig config;
  FABER_RETURN_IF_ERROR(common::CheckYamlText(text, file));
  try {
    if (auto root = LoadDocument(text, errors)) ParseDocument(*root, errors, config);
  } catch (const YAML::Exception& e) {
    // The readers avoid throwing accessors; this is a last line so no exception escapes.
    errors.Add(e.mark, "", "cannot read the file: " + e.msg);
  }
  if (!errors.empty()) return errors.ToStatus();
  return config;
}

}  // namespace faber::manifests
