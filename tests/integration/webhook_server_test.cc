// The webhook endpoints through a real HTTP server on a loopback port, with the forges' real
// payloads (../shared/corpus/webhooks) signed as the forges sign them.

#include "webhooks/webhook_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/files.h"
#include "tests/webhooks/recording_sink.h"
#include "webhooks/signature.h"

namespace faber::webhooks {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/webhooks";
const std::string kSecret = "It's a Secret to Everybody";

std::string Payload(const std::string& name) { return *common::ReadFile(kCorpus / name); }

class WebhookServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Serve({}); }

  void Serve(std::vector<WebhookSource> extra, size_t max_body = kDefaultMaxBodyBytes, bool allow_unsigned = false) {
    Stop();
    std::vector<WebhookSource> sources = {
        {"/srv/git/hello.git", ForgeKind::kGithub, "Codertocat/Hello-World", kSecret, {{"ci-friend"}, "faber-bot"}},
        {"/srv/git/gitlab-example.git", ForgeKind::kGitlab, "lkysow/atlantis-example", kSecret, {}},
        {"/srv/git/gitlab-test.git", ForgeKind::kGitlab, "gitlabhq/gitlab-test", kSecret, {{"root"}, ""}},
        {"/srv/git/gitea.git", ForgeKind::kGitea, "Codertocat/Hello-World", kSecret, {{"Codertocat"}, ""}},
    };
    for (auto& s : extra) sources.push_back(std::move(s));
    receiver_ = std::make_unique<WebhookReceiver>(sources, sink_, allow_unsigned);
    server_ = std::make_unique<HttpServer>();
    MountWebhooks(*server_, *receiver_, max_body);
    auto port = server_->Listen("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    server_->Start();
  }

  void Stop() {
    if (server_) server_->Stop();
  }

  void TearDown() override { Stop(); }

  httplib::Result PostGithub(const std::string& event, const std::string& body, const std::string& delivery,
                             const std::string& secret = kSecret) {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers = {{"X-GitHub-Event", event}, {"X-GitHub-Delivery", delivery}};
    if (!secret.empty()) headers.emplace("X-Hub-Signature-256", "sha256=" + HmacSha256Hex(secret, body));
    return client.Post("/webhooks/github", headers, body, "application/json");
  }

  httplib::Result PostGitlab(const std::string& body, const std::string& delivery, const std::string& token = kSecret) {
    httplib::Client client("127.0.0.1", port_);
    nlohmann::json doc = nlohmann::json::parse(body);
    httplib::Headers headers = {{"X-Gitlab-Event", doc["object_kind"].get<std::string>() + " Hook"},
                                {"X-Gitlab-Event-UUID", delivery}};
    if (!token.empty()) headers.emplace("X-Gitlab-Token", token);
    return client.Post("/webhooks/gitlab", headers, body, "application/json");
  }

  httplib::Result PostGitea(const std::string& event, const std::string& body, const std::string& delivery) {
    httplib::Client client("127.0.0.1", port_);
    // Gitea sends GitHub's and Gogs' headers too; only its own signature is checked.
    httplib::Headers headers = {{"X-Gitea-Event", event},
                                {"X-Gitea-Delivery", delivery},
                                {"X-GitHub-Event", event},
                                {"X-GitHub-Delivery", delivery},
                                {"X-Gitea-Signature", HmacSha256Hex(kSecret, body)},
                                {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex("not the gitea secret", body)}};
    return client.Post("/webhooks/gitea", headers, body, "application/json");
  }

  RecordingSink sink_;
  std::unique_ptr<WebhookReceiver> receiver_;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
};

TEST_F(WebhookServerTest, GithubPushToABranchQueuesAReconcileOfThatBranch) {
  std::string body = Payload("github/push.with-new-branch.payload.json");
  nlohmann::json doc = nlohmann::json::parse(body);
  auto res = PostGithub("push", body, "d-1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 202) << res->body;
  auto triggers = sink_.triggers();
  ASSERT_EQ(triggers.size(), 1u);
  EXPECT_EQ(triggers[0].repository, "/srv/git/hello.git");
  EXPECT_EQ(triggers[0].reason, webhooks::TriggerReason::kPush);
  EXPECT_EQ("refs/heads/" + triggers[0].branch, doc["ref"].get<std::string>());
  EXPECT_EQ(triggers[0].commit, doc["after"].get<std::string>());
}

TEST_F(WebhookServerTest, GithubTagDeletionIsValidButQueuesNothing) {
  auto res = PostGithub("push", Payload("github/push.payload.json"), "d-2");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("refs/tags/simple-tag is not a branch"), std::string::npos) << res->body;
  EXPECT_TRUE(sink_.triggers().empty());
}

TEST_F(WebhookServerTest, GithubPullRequestEventsQueueAPreviewOrADeploy) {
  auto opened = PostGithub("pull_request", Payload("github/pull_request.opened.payload.json"), "d-3");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->status, 202) << opened->body;
  auto sync = PostGithub("pull_request", Payload("github/pull_request.synchronize.payload.json"), "d-4");
  ASSERT_TRUE(sync);
  EXPECT_EQ(sync->status, 202) << sync->body;
  auto labeled = PostGithub("pull_request", Payload("github/pull_request.labeled.payload.json"), "d-5");
  ASSERT_TRUE(labeled);
  EXPECT_EQ(labeled->status, 200) << labeled->body;
  auto closed = PostGithub("pull_request", Payload("github/pull_request.closed.payload.json"), "d-6");
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->status, 200) << closed->body;  // closed without merging: nothing to deploy

  nlohmann::json merged = nlohmann::json::parse(Payload("github/pull_request.closed.payload.json"));
  merged["pull_request"]["merged"] = true;
  merged["pull_request"]["merge_commit_sha"] = "0123456789abcdef0123456789abcdef01234567";
  auto merge = PostGithub("pull_request", merged.dump(), "d-7");
  ASSERT_TRUE(merge);
  EXPECT_EQ(merge->status, 202) << merge->body;

  nlohmann::json doc = nlohmann::json::parse(Payload("github/pull_request.opened.payload.json"));
  auto triggers = sink_.triggers();
  ASSERT_EQ(triggers.size(), 3u);
  EXPECT_EQ(triggers[0].reason, webhooks::TriggerReason::kPullRequest);
  EXPECT_EQ(triggers[0].pull_request, doc["number"].get<int>());
  EXPECT_EQ(triggers[0].branch, doc["pull_request"]["base"]["ref"].get<std::string>());
  EXPECT_EQ(triggers[0].commit, doc["pull_request"]["head"]["sha"].get<std::string>());
  EXPECT_EQ(triggers[1].reason, webhooks::TriggerReason::kPullRequest);
  EXPECT_EQ(triggers[2].reason, webhooks::TriggerReason::kMerge);
  EXPECT_EQ(triggers[2].commit, "0123456789abcdef0123456789abcdef01234567");
}

TEST_F(WebhookServerTest, WrongOrMissingSignatureIs401AndQueuesNothing) {
  std::string body = Payload("github/push.with-new-branch.payload.json");
  auto wrong = PostGithub("push", body, "d-8", "guessed secret");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_NE(wrong->body.find("does not match"), std::string::npos);
  auto missing = PostGithub("push", body, "d-9", "");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_NE(missing->body.find("missing signature header X-Hub-Signature-256"), std::string::npos);

  // A body changed after signing fails too.
  httplib::Client client("127.0.0.1", port_);
  std::string tampered = body;
  tampered.replace(tampered.find("refs/heads/"), 11, "refs/heads/x");
  auto res = client.Post("/webhooks/github",
                         {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "d-10"},
                          {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex(kSecret, body)}},
                         tampered, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  auto gitlab = PostGitlab(Payload("gitlab/gitlab-merge-request-event.json"), "g-0", "wrong token");
  ASSERT_TRUE(gitlab);
  EXPECT_EQ(gitlab->status, 401);
  EXPECT_TRUE(sink_.triggers().empty());
}

TEST_F(WebhookServerTest, ReplayedDeliveryIsIgnored) {
  std::string body = Payload("github/push.with-new-branch.payload.json");
  auto first = PostGithub("push", body, "same-id");
  auto replay = PostGithub("push", body, "same-id");
  ASSERT_TRUE(first && replay);
  EXPECT_EQ(first->status, 202);
  EXPECT_EQ(replay->status, 200);
  EXPECT_NE(replay->body.find("already received"), std::string::npos);
  EXPECT_EQ(sink_.triggers().size(), 1u);
}

TEST_F(WebhookServerTest, OversizeBodyIs413) {
  Serve({}, 64 * 1024);
  std::string body = Payload("github/push.with-new-branch.payload.json");
  nlohmann::json doc = nlohmann::json::parse(body);
  doc["padding"] = std::string(100 * 1024, 'x');
  auto res = PostGithub("push", doc.dump(), "d-big");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_TRUE(sink_.triggers().empty());
}

// A chunked body has no Content-Length for the library to check: the cap must hold while the body
// is read, so a gigabyte sent in chunks is cut off at the cap, not buffered first.
TEST_F(WebhookServerTest, AnOversizeChunkedBodyIsCutOffAtTheCap) {
  Serve({}, 64 * 1024);
  // The client library writes without MSG_NOSIGNAL: the server closing mid-body must fail its
  // write, not kill the test.
  signal(SIGPIPE, SIG_IGN);
  httplib::Client client("127.0.0.1", port_);
  size_t sent = 0;
  const std::string chunk(64 * 1024, 'x');
  auto res = client.Post(
      "/webhooks/github", {{"X-GitHub-Event", "push"}, {"X-GitHub-Delivery", "d-chunked"}},
      [&](size_t, httplib::DataSink& sink) {
        if (sent >= (size_t{1} << 30)) {
          sink.done();
          return true;
        }
        sent += chunk.size();
        return sink.write(chunk.data(), chunk.size());
      },
      "application/json");
  // Either the 413 arrives or the server closed the connection mid-body; never a whole gigabyte read.
  if (res) {
    EXPECT_EQ(res->status, 413);
  }
  EXPECT_LT(sent, size_t{256} << 20) << "the server kept reading past the cap";
  EXPECT_TRUE(sink_.triggers().empty());
}

TEST_F(WebhookServerTest, MalformedDeliveriesAre400WithAReason) {
  auto not_json = PostGithub("push", "{\"ref\": ", "m-1");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  EXPECT_NE(not_json->body.find("not valid JSON"), std::string::npos) << not_json->body;

  nlohmann::json doc = nlohmann::json::parse(Payload("github/pull_request.opened.payload.json"));
  doc["pull_request"].erase("head");
  auto missing = PostGithub("pull_request", doc.dump(), "m-2");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 400);
  EXPECT_NE(missing->body.find("missing field pull_request.head.sha"), std::string::npos) << missing->body;

  // An event faber does not handle is not malformed: a hook may send more than faber reads.
  auto unknown = PostGithub("issues", Payload("github/push.payload.json"), "m-3");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 200);
  EXPECT_NE(unknown->body.find("ignored: faber does not handle issues events"), std::string::npos) << unknown->body;

  auto array = PostGithub("push", "[1,2]", "m-4");
  ASSERT_TRUE(array);
  EXPECT_EQ(array->status, 400);

  httplib::Client client("127.0.0.1", port_);
  auto no_forge = client.Post("/webhooks/github", "{}", "application/json");
  ASSERT_TRUE(no_forge);
  EXPECT_EQ(no_forge->status, 400);
  EXPECT_TRUE(sink_.triggers().empty());
}

TEST_F(WebhookServerTest, RepositoryOutsideTheAllowlistIs403) {
  nlohmann::json doc = nlohmann::json::parse(Payload("github/push.with-new-branch.payload.json"));
  doc["repository"]["full_name"] = "mallory/other";
  auto res = PostGithub("push", doc.dump(), "a-1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_NE(res->body.find("mallory/other is not served here"), std::string::npos);
  EXPECT_TRUE(sink_.triggers().empty());
}

TEST_F(WebhookServerTest, PingAnswersPongForAServedRepositoryOrAnOrganization) {
  auto org = PostGithub("ping", Payload("github/ping.with-organization.payload.json"), "p-1");
  ASSERT_TRUE(org);
  EXPECT_EQ(org->status, 200);
  EXPECT_EQ(org->body, "pong\n");
  auto other = PostGithub("ping", Payload("github/ping.payload.json"), "p-2");  // Octocoders/Hello-World
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
  EXPECT_TRUE(sink_.triggers().empty());
}

TEST_F(WebhookServerTest, GithubCommentCommandsFromAuthorizedAuthorsOnly) {
  nlohmann::json doc = nlohmann::json::parse(Payload("github/issue_comment.created.payload.json"));
  // The example comment is on an issue; make it a pull request's, as GitHub marks them.
  doc["issue"]["pull_request"] = {{"url", "https://api.github.com/repos/Codertocat/Hello-World/pulls/1"}};
  auto ordinary = PostGithub("issue_comment", doc.dump(), "c-1");
  ASSERT_TRUE(ordinary);
  EXPECT_EQ(ordinary->status, 200);  // no /faber command in it

  doc["comment"]["body"] = "Looks right.\n/faber apply-fix sol-7\n";
  auto owner = PostGithub("issue_comment", doc.dump(), "c-2");
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->status, 202) << owner->body;

  doc["comment"]["author_association"] = "CONTRIBUTOR";
  doc["comment"]["user"]["login"] = "drive-by";
  auto stranger = PostGithub("issue_comment", doc.dump(), "c-3");
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->status, 200);
  EXPECT_NE(stranger->body.find("drive-by may not run faber commands"), std::string::npos);

  doc["comment"]["user"]["login"] = "ci-friend";  // on the configured allowlist
  doc["comment"]["id"] = 9001;                    // each command its own comment
  doc["comment"]["body"] = "/faber resolved iss-1234 raised the quota by hand";
  auto allowed = PostGithub("issue_comment", doc.dump(), "c-4");
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 202) << allowed->body;

  doc["comment"]["user"]["login"] = "faber-bot";
  doc["comment"]["author_association"] = "MEMBER";
  doc["comment"]["body"] = "/faber plan";
  auto own = PostGithub("issue_comment", doc.dump(), "c-5");
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 200);
  EXPECT_NE(own->body.find("faber's own comment"), std::string::npos);

  doc["comment"]["user"]["login"] = "Codertocat";
  doc["comment"]["author_association"] = "OWNER";
  doc["comment"]["body"] = "<!-- faber:env=test pr=1 part=1 -->\nRun `/faber deploy` to approve.";
  auto marked = PostGithub("issue_comment", doc.dump(), "c-6");
  ASSERT_TRUE(marked);
  EXPECT_EQ(marked->status, 200);

  doc["comment"]["id"] = 9002;
  doc["comment"]["body"] = "/faber destroy-everything";
  auto mistyped = PostGithub("issue_comment", doc.dump(), "c-7");
  ASSERT_TRUE(mistyped);
  EXPECT_EQ(mistyped->status, 202);  // answered with the usage on the pull request

  auto triggers = sink_.triggers();
  ASSERT_EQ(triggers.size(), 3u);
  EXPECT_EQ(triggers[0].command, webhooks::CommandName::kApplyFix);
  EXPECT_EQ(triggers[0].arguments, std::vector<std::string>{"sol-7"});
  EXPECT_EQ(triggers[0].pull_request, 1);
  EXPECT_EQ(triggers[0].author, "Codertocat");
  EXPECT_EQ(triggers[1].command, webhooks::CommandName::kResolved);
  EXPECT_EQ(triggers[1].arguments, (std::vector<std::string>{"iss-1234", "raised the quota by hand"}));
  EXPECT_EQ(triggers[2].command, webhooks::CommandName::kHelp);
  EXPECT_EQ(triggers[2].arguments, std::vector<std::string>{"unknown command `/faber destroy-everything`"});
}

// GitHub's "Redeliver" and a replay signed again both bring a comment under a new delivery id.
TEST_F(WebhookServerTest, TheSameCommentUnderNewDeliveryIdsRunsItsCommandOnce) {
  nlohmann::json doc = nlohmann::json::parse(Payload("github/issue_comment.created.payload.json"));
  doc["issue"]["pull_request"] = {{"url", "https://api.github.com/repos/Codertocat/Hello-World/pulls/1"}};
  doc["comment"]["body"] = "/faber retry";
  std::vector<int> statuses;
  for (const char* delivery : {"r-1", "r-2", "r-3"}) {
    auto res = PostGithub("issue_comment", doc.dump(), delivery);
    ASSERT_TRUE(res);
    statuses.push_back(res->status);
    if (res->status == 200) {
      EXPECT_NE(res->body.find("already acted on"), std::string::npos) << res->body;
    }
  }
  EXPECT_EQ(statuses, (std::vector<int>{202, 200, 200}));
  ASSERT_EQ(sink_.triggers().size(), 1u);
  EXPECT_EQ(sink_.triggers()[0].command, webhooks::CommandName::kRetry);

  // Another comment with the same text is another request.
  doc["comment"]["id"] = doc["comment"]["id"].get<long long>() + 1;
  auto next = PostGithub("issue_comment", doc.dump(), "r-4");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 202) << next->body;

  // The same for GitLab's notes, whose ids are the note's.
  nlohmann::json note = nlohmann::json::parse(Payload("gitlab/gitlab-merge-request-comment-event.json"));
  note["object_attributes"]["note"] = "/faber retry";
  auto first = PostGitlab(note.dump(), "gr-1");
  auto again = PostGitlab(note.dump(), "gr-2");
  ASSERT_TRUE(first && again);
  EXPECT_EQ(first->status, 202) << first->body;
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(sink_.triggers().size(), 3u);
}

// An edited comment is not a new request: GitHub says "edited", newer GitLab versions "update".
TEST_F(WebhookServerTest, AnEditedCommentRunsNothing) {
  nlohmann::json doc = nlohmann::json::parse(Payload("github/issue_comment.edited.payload.json"));
  doc["issue"]["pull_request"] = {{"url", "https://api.github.com/repos/Codertocat/Hello-World/pulls/1"}};
  doc["comment"]["body"] = "/faber retry";
  auto edited = PostGithub("issue_comment", doc.dump(), "e-1");
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->status, 200);
  EXPECT_NE(edited->body.find("comment edited"), std::string::npos) << edited->body;

  nlohmann::json note = nlohmann::json::parse(Payload("gitlab/gitlab-merge-request-comment-event.json"));
  note["object_attributes"]["note"] = "/faber retry";
  note["object_attributes"]["action"] = "update";
  auto updated = PostGitlab(note.dump(), "e-2");
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->status, 200);
  EXPECT_NE(updated->body.find("note update"), std::string::npos) << updated->body;
  EXPECT_TRUE(sink_.triggers().empty());
}

// The comments acted on are kept like the delivery ids: a restart does not forget them.
TEST(WebhookReceiverCommentsTest, CommentsActedOnOutliveARestart) {
  auto dir = std::filesystem::temp_directory_path() / ("faber-comments-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  nlohmann::json doc = nlohmann::json::parse(Payload("github/issue_comment.created.payload.json"));
  doc["issue"]["pull_request"] = {{"url", "https://api.github.com/repos/Codertocat/Hello-World/pulls/1"}};
  doc["comment"]["body"] = "/faber retry";
  const std::string body = doc.dump();
  auto deliver = [&](WebhookReceiver& receiver, const std::string& delivery) {
    std::map<std::string, std::string> headers = {{"X-GitHub-Event", "issue_comment"},
                                                  {"X-GitHub-Delivery", delivery},
                                                  {"X-Hub-Signature-256", "sha256=" + HmacSha256Hex(kSecret, body)}};
    return receiver.Handle(
        ForgeKind::kGithub,
        [&](const std::string& name) {
          auto it = headers.find(name);
          return it == headers.end() ? std::string() : it->second;
        },
        body);
  };
  std::vector<WebhookSource> sources = {
      {"/srv/git/hello.git", ForgeKind::kGithub, "Codertocat/Hello-World", kSecret, {}}};
  RecordingSink sink;
  {
    WebhookReceiver receiver(sources, sink, false, dir / "deliveries", dir / "comments");
    EXPECT_EQ(deliver(receiver, "p-1").status, 202);
  }
  WebhookReceiver restarted(sources, sink, false, dir / "deliveries", dir / "comments");
  WebhookResponse again = deliver(restarted, "p-2");
  EXPECT_EQ(again.status, 200) << again.message;
  EXPECT_EQ(again.outcome, DeliveryOutcome::kDuplicate);
  EXPECT_EQ(sink.triggers().size(), 1u);
  std::filesystem::remove_all(dir);
}

TEST_F(WebhookServerTest, CommentOnAnIssueIsIgnored) {
  auto res = PostGithub("issue_comment", Payload("github/issue_comment.created.payload.json"), "c-9");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("not a pull request"), std::string::npos);
}

TEST_F(WebhookServerTest, GitlabMergeRequestsPushesAndNotes) {
  auto opened = PostGitlab(Payload("gitlab/gitlab-merge-request-event.json"), "g-1");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->status, 202) << opened->body;
  auto new_commit = PostGitlab(Payload("gitlab/gitlab-merge-request-event-update-new-commit.json"), "g-2");
  ASSERT_TRUE(new_commit);
  EXPECT_EQ(new_commit->status, 403) << new_commit->body;  // another project, not on the allowlist
  auto title = PostGitlab(Payload("gitlab/gitlab-merge-request-event-update-title.json"), "g-3");
  ASSERT_TRUE(title);

  nlohmann::json note = nlohmann::json::parse(Payload("gitlab/gitlab-merge-request-comment-event.json"));
  note["object_attributes"]["note"] = "/faber plan";
  auto plan = PostGitlab(note.dump(), "g-4");
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->status, 202) << plan->body;
  note["user"]["username"] = "someone-else";
  auto stranger = PostGitlab(note.dump(), "g-5");
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->status, 200);  // GitLab does not say who is a member: only the allowlist runs commands

  nlohmann::json push = {{"object_kind", "push"},
                         {"ref", "refs/heads/env/test"},
                         {"after", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"},
                         {"project", {{"path_with_namespace", "lkysow/atlantis-example"}}}};
  auto pushed = PostGitlab(push.dump(), "g-6");
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->status, 202) << pushed->body;

  nlohmann::json mr = nlohmann::json::parse(Payload("gitlab/gitlab-merge-request-event.json"));
  auto triggers = sink_.triggers();
  ASSERT_EQ(triggers.size(), 3u);
  EXPECT_EQ(triggers[0].repository, "/srv/git/gitlab-example.git");
  EXPECT_EQ(triggers[0].reason, webhooks::TriggerReason::kPullRequest);
  EXPECT_EQ(triggers[0].pull_request, mr["object_attributes"]["iid"].get<int>());
  EXPECT_EQ(triggers[0].commit, mr["object_attributes"]["last_commit"]["id"].get<std::string>());
  EXPECT_EQ(triggers[1].repository, "/srv/git/gitlab-test.git");
  EXPECT_EQ(triggers[1].command, webhooks::CommandName::kPlan);
  EXPECT_EQ(triggers[1].branch, "markdown");
  EXPECT_EQ(triggers[2].branch, "env/test");
}

TEST_F(WebhookServerTest, GiteaIsRecognizedByItsOwnHeadersAndSignature) {
  // Gitea's pull-request payload has GitHub's shape; its "synchronized" action is its own.
  nlohmann::json doc = nlohmann::json::parse(Payload("github/pull_request.synchronize.payload.json"));
  doc["action"] = "synchronized";
  auto res = PostGitea("pull_request", doc.dump(), "t-1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 202) << res->body;

  // The same delivery posted to the GitHub endpoint is pointed at the right one.
  httplib::Client client("127.0.0.1", port_);
  auto wrong_route = client.Post("/webhooks/github", {{"X-Gitea-Event", "push"}, {"X-GitHub-Event", "push"}}, "{}",
                                 "application/json");
  ASSERT_TRUE(wrong_route);
  EXPECT_EQ(wrong_route->status, 400);
  EXPECT_NE(wrong_route->body.find("/webhooks/gitea"), std::string::npos);

  // Gitea sends pull-request comments as issue_comment with is_pull, and reports no roles: only
  // the configured authors may run commands.
  nlohmann::json comment = nlohmann::json::parse(Payload("github/issue_comment.created.payload.json"));
  comment["is_pull"] = true;
  comment["comment"].erase("author_association");
  comment["comment"]["body"] = "/faber plan";
  auto allowed = PostGitea("issue_comment", comment.dump(), "t-2");
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 202) << allowed->body;
  comment["is_pull"] = false;
  auto on_issue = PostGitea("issue_comment", comment.dump(), "t-3");
  ASSERT_TRUE(on_issue);
  EXPECT_EQ(on_issue->status, 200);
  comment["is_pull"] = true;
  comment["comment"]["user"]["login"] = "visitor";
  auto stranger = PostGitea("issue_comment", comment.dump(), "t-4");
  ASSERT_TRUE(stranger);
  EXPECT_EQ(stranger->status, 200);

  auto triggers = sink_.triggers();
  ASSERT_EQ(triggers.size(), 2u);
  EXPECT_EQ(triggers[0].repository, "/srv/git/gitea.git");
  EXPECT_EQ(triggers[0].reason, webhooks::TriggerReason::kPullRequest);
  EXPECT_EQ(triggers[1].command, webhooks::CommandName::kPlan);
  EXPECT_EQ(triggers[1].author, "Codertocat");
}

TEST_F(WebhookServerTest, UnsignedDeliveriesOnlyWhenAllowedExplicitly) {
  Serve({{"/srv/git/open.git", ForgeKind::kGithub, "Octocoders/Hello-World", "", {}}}, kDefaultMaxBodyBytes, false);
  nlohmann::json doc = nlohmann::json::parse(Payload("github/push.with-new-branch.payload.json"));
  doc["repository"]["full_name"] = "Octocoders/Hello-World";
  auto refused = PostGithub("push", doc.dump(), "u-1", "");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);

  Serve({{"/srv/git/open.git", ForgeKind::kGithub, "Octocoders/Hello-World", "", {}}}, kDefaultMaxBodyBytes, true);
  auto accepted = PostGithub("push", doc.dump(), "u-2", "");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 202) << accepted->body;
  // The secret of another repository still has to match for that repository.
  doc["repository"]["full_name"] = "Codertocat/Hello-World";
  auto other = PostGithub("push", doc.dump(), "u-3", "");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403);
}

TEST_F(WebhookServerTest, ClosedQueueIs503) {
  sink_.closed = true;
  auto res = PostGithub("push", Payload("github/push.with-new-branch.payload.json"), "q-1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
}

}  // namespace
}  // namespace faber::webhooks
