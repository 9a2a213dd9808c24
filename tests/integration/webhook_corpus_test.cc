// Every example payload of the corpus (../shared/corpus/webhooks, and the events faber does not
// handle under tests/webhooks/payloads) through a real HTTP server, signed as the forges sign
// them: a hook subscribed to more events than faber reads sees no failed deliveries, and each
// delivery is counted by forge, event and outcome.

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/files.h"
#include "controller/metrics.h"
#include "tests/webhooks/recording_sink.h"
#include "webhooks/signature.h"
#include "webhooks/webhook_server.h"

namespace faber::webhooks {
namespace {

const std::filesystem::path kSource = FABER_SOURCE_DIR;
const std::string kSecret = "corpus secret";

struct Example {
  std::string file;   // relative to the source directory, for failure messages
  std::string event;  // GitHub: the X-GitHub-Event the file was sent with (its name up to the first dot)
  std::string body;
  std::string repository;  // the repository it names, "" for none
};

std::vector<Example> Examples(const std::vector<std::filesystem::path>& folders, bool gitlab) {
  std::vector<Example> examples;
  for (const auto& folder : folders) {
    for (const auto& entry : std::filesystem::directory_iterator(kSource / folder)) {
      if (entry.path().extension() != ".json") continue;
      Example e;
      e.file = (folder / entry.path().filename()).string();
      e.event = entry.path().filename().string().substr(0, entry.path().filename().string().find('.'));
      e.body = *common::ReadFile(entry.path());
      nlohmann::json doc = nlohmann::json::parse(e.body);
      const char* key = gitlab ? "/project/path_with_namespace" : "/repository/full_name";
      if (doc.contains(nlohmann::json::json_pointer(key)) && doc[nlohmann::json::json_pointer(key)].is_string()) {
        e.repository = doc[nlohmann::json::json_pointer(key)].get<std::string>();
      }
      examples.push_back(std::move(e));
    }
  }
  std::sort(examples.begin(), examples.end(), [](const Example& a, const Example& b) { return a.file < b.file; });
  return examples;
}

class WebhookCorpusTest : public ::testing::Test {
 protected:
  // Serves every repository the examples name, on the forge each came from.
  void Serve(const std::vector<Example>& github, const std::vector<Example>& gitlab) {
    std::vector<WebhookSource> sources;
    std::set<std::string> seen;
    for (const auto& e : github) {
      if (e.repository.empty() || !seen.insert("github:" + e.repository).second) continue;
      sources.push_back({"/srv/git/" + e.repository, ForgeKind::kGithub, e.repository, kSecret, {}});
      sources.push_back({"/srv/git/gitea/" + e.repository, ForgeKind::kGitea, e.repository, kSecret, {}});
    }
    for (const auto& e : gitlab) {
      if (e.repository.empty() || !seen.insert("gitlab:" + e.repository).second) continue;
      sources.push_back({"/srv/git/" + e.repository, ForgeKind::kGitlab, e.repository, kSecret, {}});
    }
    receiver_ = std::make_unique<WebhookReceiver>(sources, sink_);
    receiver_->SetObserver(&metrics_);
    MountWebhooks(server_, *receiver_);
    auto port = server_.Listen("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    server_.Start();
  }

  void TearDown() override { server_.Stop(); }

  httplib::Result PostGithub(const std::string& event, const std::string& body) {
    httplib::Client client("127.0.0.1", port_);
    return client.Post("/webhooks/github",
                       {{"X-GitHub-Event", event},
                        {"X-GitHub-Delivery", "d-" + std::to_string(++deliveries_)},
                        {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex(kSecret, body)}},
                       body, "application/json");
  }

  httplib::Result PostGitea(const std::string& event, const std::string& body) {
    httplib::Client client("127.0.0.1", port_);
    return client.Post("/webhooks/gitea",
                       {{"X-Gitea-Event", event},
                        {"X-Gitea-Delivery", "d-" + std::to_string(++deliveries_)},
                        {"X-Gitea-Signature", HmacSha256Hex(kSecret, body)}},
                       body, "application/json");
  }

  httplib::Result PostGitlab(const std::string& hook, const std::string& body) {
    httplib::Client client("127.0.0.1", port_);
    return client.Post("/webhooks/gitlab",
                       {{"X-Gitlab-Event", hook},
                        {"X-Gitlab-Event-UUID", "d-" + std::to_string(++deliveries_)},
                        {"X-Gitlab-Token", kSecret}},
                       body, "application/json");
  }

  // The count of faber_webhook_deliveries_total with these labels, 0 when there is no series.
  long Count(const std::string& forge, const std::string& event, const std::string& outcome) {
    std::string series =
        "faber_webhook_deliveries_total{forge=\"" + forge + "\",event=\"" + event + "\",outcome=\"" + outcome + "\"} ";
    std::string text = metrics_.Render();
    size_t at = text.find(series);
    return at == std::string::npos ? 0 : std::stol(text.substr(at + series.size()));
  }

  // Every delivery counted, whatever its labels.
  long Total() {
    long total = 0;
    std::istringstream lines(metrics_.Render());
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("faber_webhook_deliveries_total{", 0) == 0) total += std::stol(line.substr(line.rfind(' ') + 1));
    }
    return total;
  }

  RecordingSink sink_;
  controller::Metrics metrics_;
  std::unique_ptr<WebhookReceiver> receiver_;
  HttpServer server_;
  int port_ = 0;
  int deliveries_ = 0;
};

bool Handled(const std::string& github_event) {
  return github_event == "push" || github_event == "pull_request" || github_event == "issue_comment" ||
         github_event == "ping";
}

// A 2xx answer says what faber did: queued it, or why it was ignored.
void ExpectAnswered(const httplib::Result& res, const std::string& file) {
  ASSERT_TRUE(res) << file;
  EXPECT_GE(res->status, 200) << file << ": " << res->body;
  EXPECT_LT(res->status, 300) << file << ": " << res->body;
  if (res->status == 202) {
    EXPECT_EQ(res->body.rfind("queued: ", 0), 0u) << file << ": " << res->body;
  } else {
    EXPECT_TRUE(res->body.rfind("ignored: ", 0) == 0 || res->body == "pong\n") << file << ": " << res->body;
  }
}

TEST_F(WebhookCorpusTest, EveryGithubAndGiteaExampleIsAnswered2xxAndCounted) {
  auto github = Examples({"../shared/corpus/webhooks/github", "tests/webhooks/payloads/github"}, false);
  ASSERT_GE(github.size(), 50u);
  Serve(github, {});
  long unhandled = 0;
  for (const auto& e : github) {
    SCOPED_TRACE(e.file);
    auto res = PostGithub(e.event, e.body);
    ExpectAnswered(res, e.file);
    if (!Handled(e.event)) {
      ++unhandled;
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 200);
      EXPECT_NE(res->body.find("faber does not handle " + e.event + " events"), std::string::npos) << res->body;
    }
    // Gitea sends GitHub's shapes under its own headers.
    ExpectAnswered(PostGitea(e.event, e.body), e.file + " (as gitea)");
  }
  EXPECT_GE(unhandled, 10);
  EXPECT_EQ(Total(), 2 * static_cast<long>(github.size()));
  // The events faber does not handle share one label, whatever their names.
  EXPECT_EQ(Count("github", "other", "ignored"), unhandled);
  EXPECT_EQ(Count("gitea", "other", "ignored"), unhandled);
  EXPECT_GT(Count("github", "pull_request", "accepted"), 0);
  EXPECT_GT(Count("github", "pull_request", "ignored"), 0);  // labeled, assigned, ...
  EXPECT_GT(Count("github", "push", "accepted"), 0);
}

TEST_F(WebhookCorpusTest, EveryGitlabDeliveryIsAnswered2xxAndItsApiAnswersAre400) {
  auto gitlab = Examples({"../shared/corpus/webhooks/gitlab"}, true);
  ASSERT_GE(gitlab.size(), 15u);
  Serve({}, gitlab);
  size_t deliveries = 0;
  for (const auto& e : gitlab) {
    SCOPED_TRACE(e.file);
    nlohmann::json doc = nlohmann::json::parse(e.body);
    if (!doc.contains("object_kind")) {
      // gitlab-get-merge-request*.json are answers of GitLab's API, not deliveries: malformed.
      auto res = PostGitlab("Merge Request Hook", e.body);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 400) << res->body;
      EXPECT_NE(res->body.find("object_kind"), std::string::npos) << res->body;
      continue;
    }
    ++deliveries;
    std::string kind = doc["object_kind"];
    ExpectAnswered(PostGitlab(kind == "note" ? "Note Hook" : "Merge Request Hook", e.body), e.file);
  }
  EXPECT_GE(deliveries, 14u);

  // GitLab's other hooks, in the shapes its documentation gives (abridged).
  const std::string project = gitlab.front().repository.empty() ? gitlab.back().repository : gitlab.front().repository;
  nlohmann::json pipeline = {{"object_kind", "pipeline"},
                             {"object_attributes", {{"id", 31}, {"ref", "main"}, {"status", "success"}}},
                             {"project", {{"path_with_namespace", project}}}};
  nlohmann::json tag_push = {{"object_kind", "tag_push"},
                             {"ref", "refs/tags/v1.0.0"},
                             {"after", "82b3d5ae55f7080f1e6022629cdb57bfae7cccc7"},
                             {"project", {{"path_with_namespace", project}}}};
  nlohmann::json issue = {{"object_kind", "issue"}, {"object_attributes", {{"iid", 23}, {"action", "open"}}}};
  for (const auto& [hook, body] :
       {std::pair{"Pipeline Hook", pipeline}, {"Tag Push Hook", tag_push}, {"Issue Hook", issue}}) {
    auto res = PostGitlab(hook, body.dump());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << hook << ": " << res->body;
    EXPECT_NE(res->body.find("faber does not handle " + body["object_kind"].get<std::string>() + " events"),
              std::string::npos)
        << res->body;
  }
  EXPECT_EQ(Count("gitlab", "other", "ignored"), 3);
  EXPECT_EQ(Count("gitlab", "merge_request", "rejected_malformed"), 2);
  EXPECT_GT(Count("gitlab", "note", "accepted") + Count("gitlab", "note", "ignored"), 0);
}

TEST_F(WebhookCorpusTest, UnhandledEventsNeedAValidSignatureAndAnyNameMapsToOneLabel) {
  auto github = Examples({"tests/webhooks/payloads/github"}, false);
  Serve(github, {});
  const Example& star = *std::find_if(github.begin(), github.end(), [](const Example& e) { return e.event == "star"; });
  httplib::Client client("127.0.0.1", port_);
  auto unsigned_delivery = client.Post("/webhooks/github", {{"X-GitHub-Event", "star"}, {"X-GitHub-Delivery", "u-1"}},
                                       star.body, "application/json");
  ASSERT_TRUE(unsigned_delivery);
  EXPECT_EQ(unsigned_delivery->status, 401);
  auto wrong = client.Post("/webhooks/github",
                           {{"X-GitHub-Event", "star"},
                            {"X-GitHub-Delivery", "u-2"},
                            {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("another secret", star.body)}},
                           star.body, "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(Count("github", "other", "rejected_signature"), 2);

  // A hundred made-up event names: answered, and counted under one series.
  for (int i = 0; i < 100; ++i) {
    auto res = PostGithub("made-up-event-" + std::to_string(i), "not even JSON");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
  }
  EXPECT_EQ(Count("github", "other", "ignored"), 100);
  EXPECT_EQ(Total(), 102);
  EXPECT_TRUE(sink_.triggers().empty());
}

}  // namespace
}  // namespace faber::webhooks
