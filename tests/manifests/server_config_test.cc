#include "manifests/server_config.h"

#include <gtest/gtest.h>

#include "tests/manifests/config_test_util.h"

namespace faber::manifests {
namespace {

TEST(ServerConfigTest, ReadsEveryField) {
  auto config = ParseServerConfig(R"(listen: 0.0.0.0:9443
tls: {cert_file: /etc/faber/tls.crt, key_file: /etc/faber/tls.key}
data_dir: /data/faber
poll_interval: 30s
shutdown_grace: 0
repositories:
  - url: /srv/git/infra.git
    webhook_secret_file: /etc/faber/webhook-secret
    forge: {kind: github, repository: acme/infra, token_file: /etc/faber/token, api_url: "https://ghe.example.com/api/v3"}
  - url: https://gitlab.example.com/group/sub/infra.git
    forge: {kind: gitlab, repository: group/sub/infra}
  - url: git://127.0.0.1/other
    forge: {kind: gitea, repository: o/r, api_url: "http://gitea.local/api/v1"}
  - url: /srv/git/local.git
    forge: {kind: local}
  - url: /srv/git/plain.git
)",
                                  "server.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->listen, "0.0.0.0:9443");
  EXPECT_EQ(config->tls_cert_file, "/etc/faber/tls.crt");
  EXPECT_EQ(config->tls_key_file, "/etc/faber/tls.key");
  EXPECT_EQ(config->data_dir, "/data/faber");
  EXPECT_EQ(config->poll_interval, std::chrono::seconds(30));
  EXPECT_EQ(config->shutdown_grace, std::chrono::seconds(0));
  ASSERT_EQ(config->repositories.size(), 5u);
  const RepositoryConfig& gh = config->repositories[0];
  EXPECT_EQ(gh.url, "/srv/git/infra.git");
  EXPECT_EQ(gh.webhook_secret_file, "/etc/faber/webhook-secret");
  EXPECT_EQ(gh.forge.kind, "github");
  EXPECT_EQ(gh.forge.repository, "acme/infra");
  EXPECT_EQ(gh.forge.token_file, "/etc/faber/token");
  EXPECT_EQ(gh.forge.api_url, "https://ghe.example.com/api/v3");
  EXPECT_EQ(config->repositories[1].forge.api_url, "https://gitlab.com/api/v4");  // the default for gitlab
  EXPECT_EQ(config->repositories[1].forge.repository, "group/sub/infra");
  EXPECT_EQ(config->repositories[2].forge.api_url, "http://gitea.local/api/v1");
  EXPECT_EQ(config->repositories[3].forge.kind, "local");
  EXPECT_EQ(config->repositories[4].forge.kind, "");
  EXPECT_EQ(config->repositories[4].webhook_secret_file, "");
}

TEST(ServerConfigTest, FillsDefaults) {
  auto config = ParseServerConfig("repositories:\n  - url: /srv/git/infra.git\n    forge: {kind: github, repository: a/b}\n",
                                  "server.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->listen, "127.0.0.1:8080");
  EXPECT_EQ(config->tls_cert_file, "");
  EXPECT_EQ(config->tls_key_file, "");
  EXPECT_EQ(config->data_dir, "/var/lib/faber");
  EXPECT_EQ(config->poll_interval, std::chrono::seconds(60));
  EXPECT_EQ(config->shutdown_grace, std::chrono::seconds(30));
  EXPECT_EQ(config->repositories[0].forge.api_url, "https://api.github.com");
}

TEST(ServerConfigTest, ListenIsHostAndPort) {
  const std::string repos = "repositories: [{url: x}]\n";
  EXPECT_EQ(ServerErrors("listen: \"[::1]:0\"\n" + repos), "OK");
  EXPECT_EQ(ServerErrors("listen: 8080\n" + repos),
            "server.yaml:1:9: listen: must be host:port, e.g. 127.0.0.1:8080 or [::1]:8080 (got \"8080\")");
  EXPECT_EQ(ServerErrors("listen: \"::1:80\"\n" + repos),
            "server.yaml:1:9: listen: must be host:port, e.g. 127.0.0.1:8080 or [::1]:8080 (IPv6 addresses go in "
            "brackets) (got \"::1:80\")");
  EXPECT_EQ(ServerErrors("listen: localhost:http\n" + repos),
            "server.yaml:1:9: listen: must be host:port, e.g. 127.0.0.1:8080 or [::1]:8080 with a port from 0 to "
            "65535 (0 picks a free port) (got \"localhost:http\")");
}

TEST(ServerConfigTest, TlsNeedsBothFiles) {
  const std::string repos = "repositories: [{url: x}]\n";
  EXPECT_EQ(ServerErrors("tls: {cert_file: c.pem}\n" + repos),
            "server.yaml:1:6: tls.key_file: required as well: TLS needs both cert_file and key_file");
  EXPECT_EQ(ServerErrors("tls:\n  key_file: k.pem\n" + repos),
            "server.yaml:2:3: tls.cert_file: required as well: TLS needs both cert_file and key_file");
  EXPECT_EQ(ServerErrors("tls: {}\n" + repos),
            "server.yaml:1:6: tls: set cert_file and key_file, or leave tls out to serve plain HTTP");
}

TEST(ServerConfigTest, RepositoriesAreRequiredAndChecked) {
  EXPECT_EQ(ServerErrors("listen: 127.0.0.1:1\n"), "server.yaml:1:1: repositories: required field is missing");
  EXPECT_EQ(ServerErrors("repositories: []\n"), "server.yaml:1:15: repositories: at least one repository is required");
  EXPECT_EQ(ServerErrors(R"(repositories:
  - url: /a
  - url: /a
  - webhook_secret_file: /s
  - url: /b
    secret: x
    forge: {kind: bitbucket}
  - url: /c
    forge: {kind: gitea, repository: acme}
  - url: /d
    forge: {kind: local, token_file: /t}
)"),
            "server.yaml:3:5: repositories[1]: duplicate repository \"/a\" (first listed at line 2)\n"
            "server.yaml:4:5: repositories[2].url: required field is missing\n"
            "server.yaml:6:5: repositories[3].secret: unknown key (expected one of: url, webhook_secret_file, "
            "webhook_secret_env, forge, drift_interval, policy_branch)\n"
            "server.yaml:7:19: repositories[3].forge.kind: must be one of github, gitlab, gitea, local (got "
            "\"bitbucket\")\n"
            "server.yaml:9:12: repositories[4].forge.api_url: required for gitea (e.g. "
            "https://gitea.example.com/api/v1)\n"
            "server.yaml:9:38: repositories[4].forge.repository: must be the forge's owner/name, e.g. acme/infra "
            "(got \"acme\")\n"
            "server.yaml:11:38: repositories[5].forge.token_file: not used by the local forge");
}

TEST(ServerConfigTest, DurationsAndUnknownKeys) {
  EXPECT_EQ(ServerErrors("poll_interval: 0s\nshutdown_grace: soon\npoll: 1\nrepositories: [{url: x}]\n"),
            "server.yaml:1:16: poll_interval: must be greater than zero (got \"0s\")\n"
            "server.yaml:2:17: shutdown_grace: expected a duration such as 500ms, 2s, 1m30s, 1h or a number of "
            "seconds (got \"soon\")\n"
            "server.yaml:3:1: poll: unknown key (did you mean \"poll_interval\"?)");
}

TEST(ServerConfigTest, DriftIntervalIsOffByDefaultAndEachRepositoryMayOverrideIt) {
  auto off = ParseServerConfig("repositories: [{url: /a}]\n", "server.yaml");
  ASSERT_TRUE(off.ok()) << off.status().message();
  EXPECT_EQ(off->drift_interval, std::chrono::milliseconds(0));
  EXPECT_EQ(off->repositories[0].drift_interval, std::chrono::milliseconds(0));

  auto config = ParseServerConfig(R"(drift_interval: 6h
repositories:
  - url: /inherits
  - url: /hourly
    drift_interval: 1h
  - url: /never
    drift_interval: off
)",
                                  "server.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->drift_interval, std::chrono::hours(6));
  EXPECT_EQ(config->repositories[0].drift_interval, std::chrono::hours(6));
  EXPECT_EQ(config->repositories[1].drift_interval, std::chrono::hours(1));
  EXPECT_EQ(config->repositories[2].drift_interval, std::chrono::milliseconds(0));

  // Only one repository checked, every 90 seconds.
  auto one = ParseServerConfig("repositories:\n  - url: /a\n  - url: /b\n    drift_interval: 1m30s\n", "server.yaml");
  ASSERT_TRUE(one.ok()) << one.status().message();
  EXPECT_EQ(one->repositories[0].drift_interval, std::chrono::milliseconds(0));
  EXPECT_EQ(one->repositories[1].drift_interval, std::chrono::seconds(90));
}

TEST(ServerConfigTest, DriftIntervalErrorsNameTheFieldLikePollInterval) {
  EXPECT_EQ(ServerErrors("drift_interval: daily\nrepositories:\n  - url: /a\n    drift_interval: 0s\n"
                         "  - url: /b\n    drift_interval: [1h]\n"),
            "server.yaml:1:17: drift_interval: expected a duration such as 500ms, 2s, 1m30s, 1h or a number of "
            "seconds (got \"daily\")\n"
            "server.yaml:4:21: repositories[0].drift_interval: must be greater than zero (got \"0s\")\n"
            "server.yaml:6:21: repositories[1].drift_interval: expected a string, got a list");
  EXPECT_EQ(ServerErrors("drift_interval: 5m\nrepositories: [{url: x}]\n"), "OK");
}

TEST(ServerConfigTest, SyntaxAndEmpty) {
  EXPECT_EQ(ServerErrors(""), "server.yaml:1:1: the file is empty (expected a map of settings)");
  EXPECT_EQ(ServerErrors("repositories: [{url: x}\n"), "server.yaml:2:1: invalid YAML: end of sequence flow not found");
}

}  // namespace
}  // namespace faber::manifests

namespace faber::manifests {
namespace {

TEST(ServerConfigWebhooksTest, WebhookAndForgeFields) {
  auto config = ParseServerConfig(R"(webhooks: {max_body_mb: 5, allow_unsigned: true}
repositories:
  - url: /srv/a
    webhook_secret_env: HOOK_SECRET
    forge: {kind: gitlab, repository: g/sub/a, token_env: GL_TOKEN, bot_user: faber, command_authors: [alice, bob]}
)",
                                  "server.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->webhook_max_body_bytes, 5u * 1024 * 1024);
  EXPECT_TRUE(config->webhook_allow_unsigned);
  const auto& repo = config->repositories[0];
  EXPECT_EQ(repo.webhook_secret_env, "HOOK_SECRET");
  EXPECT_EQ(repo.forge.token_env, "GL_TOKEN");
  EXPECT_EQ(repo.forge.bot_user, "faber");
  EXPECT_EQ(repo.forge.command_authors, (std::vector<std::string>{"alice", "bob"}));

  auto defaults = ParseServerConfig("repositories: [{url: /srv/a}]\n", "server.yaml");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->webhook_max_body_bytes, 25u * 1024 * 1024);
  EXPECT_FALSE(defaults->webhook_allow_unsigned);
}

TEST(ServerConfigWebhooksTest, SecretAndTokenComeFromOnePlace) {
  auto both = ParseServerConfig(R"(repositories:
  - url: /srv/a
    webhook_secret_file: /s
    webhook_secret_env: S
    forge: {kind: github, repository: a/b, token_file: /t, token_env: T}
webhooks: {max_body_mb: 0}
)",
                                "server.yaml");
  ASSERT_FALSE(both.ok());
  std::string m = both.status().message();
  EXPECT_NE(m.find("server.yaml:4:25: repositories[0].webhook_secret_env: set webhook_secret_file or webhook_secret_env, not both"), std::string::npos) << m;
  EXPECT_NE(m.find("repositories[0].forge.token_env: set token_file or token_env, not both"), std::string::npos) << m;
  EXPECT_NE(m.find("webhooks.max_body_mb"), std::string::npos) << m;
}

}  // namespace
}  // namespace faber::manifests

namespace faber::manifests {
namespace {

TEST(ServerConfigPolicyBranchTest, ARepositoryMayNameTheBranchItsGatesAreReadFrom) {
  auto config = ParseServerConfig("repositories:\n  - {url: /srv/a, policy_branch: faber/policy}\n  - {url: /srv/b}\n",
                                  "server.yaml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->repositories[0].policy_branch, "faber/policy");
  EXPECT_EQ(config->repositories[1].policy_branch, "");  // the default branch

  auto bad = ParseServerConfig("repositories:\n  - {url: /srv/a, policy_branch: 'a..b'}\n", "server.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("server.yaml:2:"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("policy_branch"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace faber::manifests
