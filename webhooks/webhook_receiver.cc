#include "webhooks/webhook_receiver.h"

#include <algorithm>

#include "webhooks/signature.h"

namespace faber::webhooks {
namespace {

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Which forge sent a delivery, from its headers. Gitea also sends GitHub's (and Gogs') headers,
// so its own are looked at first.
std::optional<ForgeKind> DetectSender(const HeaderLookup& header) {
  if (!header("X-Gitea-Event").empty() || !header("X-Gitea-Signature").empty()) return ForgeKind::kGitea;
  if (!header("X-GitHub-Event").empty()) return ForgeKind::kGithub;
  if (!header("X-Gitlab-Event").empty() || !header("X-Gitlab-Token").empty()) return ForgeKind::kGitlab;
  return std::nullopt;
}

bool Verify(ForgeKind forge, const std::string& secret, const HeaderLookup& header, const std::string& body) {
  switch (forge) {
    case ForgeKind::kGithub:
      return VerifyGithubSignature(secret, body, header("X-Hub-Signature-256"));
    case ForgeKind::kGitea:
      return VerifyGiteaSignature(secret, body, header("X-Gitea-Signature"));
    case ForgeKind::kGitlab:
      return VerifyGitlabToken(secret, header("X-Gitlab-Token"));
  }
  return false;
}

const char* SignatureHeader(ForgeKind forge) {
  switch (forge) {
    case ForgeKind::kGithub:
      return "X-Hub-Signature-256";
    case ForgeKind::kGitea:
      return "X-Gitea-Signature";
    case ForgeKind::kGitlab:
      return "X-Gitlab-Token";
  }
  return "";
}

const char* DeliveryHeader(ForgeKind forge) {
  switch (forge) {
    case ForgeKind::kGithub:
      return "X-GitHub-Delivery";
    case ForgeKind::kGitea:
      return "X-Gitea-Delivery";
    case ForgeKind::kGitlab:
      return "X-Gitlab-Event-UUID";
  }
  return "";
}

const char* EventHeader(ForgeKind forge) {
  switch (forge) {
    case ForgeKind::kGithub:
      return "X-GitHub-Event";
    case ForgeKind::kGitea:
      return "X-Gitea-Event";
    case ForgeKind::kGitlab:
      return "X-Gitlab-Event";
  }
  return "";
}

// The outcome class of an answer: the status says it, but for a replay, which Duplicate marks.
DeliveryOutcome OutcomeOf(int status) {
  if (status == 202) return DeliveryOutcome::kAccepted;
  if (status == 401) return DeliveryOutcome::kRejectedSignature;
  if (status == 403 || status == 404) return DeliveryOutcome::kRejectedRepository;
  if (status == 503) return DeliveryOutcome::kUnavailable;
  if (status >= 200 && status < 300) return DeliveryOutcome::kIgnored;
  return DeliveryOutcome::kRejectedMalformed;
}

WebhookResponse Reply(int status, std::string message) { return {status, std::move(message), OutcomeOf(status)}; }

WebhookResponse Duplicate(std::string message) { return {200, std::move(message), DeliveryOutcome::kDuplicate}; }

// How many delivery ids are remembered to refuse replays: far more than a forge sends between
// two redeliveries a person would ask for.
constexpr size_t kRememberedDeliveries = 10000;
// How many comment ids are remembered: a forge redelivers a comment within days, when a person
// asks it to, and a busy repository gets far fewer commands than this in that time.
constexpr size_t kRememberedComments = 10000;

}  // namespace

WebhookReceiver::WebhookReceiver(std::vector<WebhookSource> sources, TriggerSink& sink, bool allow_unsigned,
                                 const std::filesystem::path& deliveries_file,
                                 const std::filesystem::path& comments_file)
    : sources_(std::move(sources)),
      sink_(sink),
      allow_unsigned_(allow_unsigned),
      deliveries_(kRememberedDeliveries, deliveries_file),
      comments_(kRememberedComments, comments_file) {}

WebhookResponse WebhookReceiver::Handle(ForgeKind route, const HeaderLookup& header, const std::string& body) {
  WebhookResponse response = Respond(route, header, body);
  if (observer_ != nullptr)
    observer_->ObserveDelivery(route, DeliveryEventLabel(route, header(EventHeader(route))), response.outcome);
  return response;
}

WebhookResponse WebhookReceiver::Respond(ForgeKind route, const HeaderLookup& header, const std::string& body) {
  const std::string forge = ForgeKindName(route);
  auto sender = DetectSender(header);
  if (!sender) return Reply(400, "not a forge webhook: no X-GitHub-Event, X-Gitea-Event or X-Gitlab-Event header");
  if (*sender != route) {
    return Reply(400, std::string("a ") + ForgeKindName(*sender) + " delivery was posted to /webhooks/" + forge +
                          "; point the hook at /webhooks/" + ForgeKindName(*sender));
  }

  // The signature is checked before the body is read any further: nothing unauthenticated is parsed.
  std::vector<const WebhookSource*> signed_by;
  bool any_candidate = false;
  for (const auto& source : sources_) {
    if (source.forge != route) continue;
    any_candidate = true;
    if (source.secret.empty() ? allow_unsigned_ : Verify(route, source.secret, header, body)) signed_by.push_back(&source);
  }
  if (!any_candidate) return Reply(404, "no repository is served from " + forge + " here");
  if (signed_by.empty()) {
    if (header(SignatureHeader(route)).empty()) return Reply(401, std::string("missing signature header ") + SignatureHeader(route));
    return Reply(401, std::string(SignatureHeader(route)) + " does not match the configured secret");
  }

  std::string delivery = header(DeliveryHeader(route));
  if (delivery.empty()) return Reply(400, std::string("missing delivery id header ") + DeliveryHeader(route));

  auto event = route == ForgeKind::kGitlab
                   ? ParseGitlabEvent(body)
                   : ParseGithubEvent(header(EventHeader(route)), body, route == ForgeKind::kGitea);
  if (!event.ok()) return Reply(400, event.status().message());
  // Signed by a secret faber holds, so sent by a hook someone set up: an event faber does not
  // read is answered 200, not left as a failed delivery on the forge. Its body may name no
  // repository (organization events), so the allowlist is not asked.
  if (event->type == ForgeEvent::Type::kUnhandled) return Reply(200, "ignored: " + event->why_ignored);

  const WebhookSource* source = nullptr;
  for (const WebhookSource* candidate : signed_by) {
    if (SameName(candidate->forge_repository, event->repository)) source = candidate;
  }
  if (event->type == ForgeEvent::Type::kPing && source == nullptr && event->repository.empty()) source = signed_by.front();
  if (source == nullptr) return Reply(403, "repository " + event->repository + " is not served here");

  // Only now, with the delivery authenticated and understood, is its id remembered.
  if (!deliveries_.FirstSeen(delivery)) return Duplicate("delivery " + delivery + " was already received; ignored");

  switch (event->type) {
    case ForgeEvent::Type::kPing:
      return Reply(200, "pong");
    case ForgeEvent::Type::kIgnored:
      return Reply(200, "ignored: " + event->why_ignored);
    default:
      return Enqueue(*source, *event);
  }
}

bool TrustsPullRequest(const CommandAuthorization& policy, const ForgeEvent& event) {
  if (event.from_fork || event.author.empty()) return false;  // Atlantis's rule too: forks are strangers
  return Authorize(policy, event.author, event.association) == Authorization::kAllowed;
}

WebhookResponse WebhookReceiver::Enqueue(const WebhookSource& source, const ForgeEvent& event) {
  if (event.type == ForgeEvent::Type::kComment) return EnqueueComment(source, event);
  Trigger trigger;
  trigger.repository = source.repository_url;
  trigger.branch = event.branch;
  trigger.commit = event.commit;
  if (event.type == ForgeEvent::Type::kPush) {
    trigger.reason = TriggerReason::kPush;
  } else if (event.action == ForgeEvent::Action::kClosed) {
    return Reply(200, "ignored: pull request #" + std::to_string(event.pull_request) + " closed without merging");
  } else {
    const bool merged = event.action == ForgeEvent::Action::kMerged;
    trigger.reason = merged ? TriggerReason::kMerge : TriggerReason::kPullRequest;
    trigger.pull_request = event.pull_request;
    trigger.author = event.author;
    // A merge is a push by someone who may merge; an open pull request is anyone's code.
    trigger.runs_code = merged || TrustsPullRequest(source.authorization, event);
    if (merged && !event.merge_commit.empty()) trigger.commit = event.merge_commit;
  }
  if (!sink_.Enqueue(trigger)) return Reply(503, "faber is shutting down; deliver again later");
  return Reply(202, "queued: " + Describe(trigger));
}

WebhookResponse WebhookReceiver::EnqueueComment(const WebhookSource& source, const ForgeEvent& event) {
  if (event.body.find(kCommentMarkerPrefix) != std::string::npos) return Reply(200, "ignored: faber's own comment");
  auto command = ParseCommentCommand(event.body);
  if (command.ok() && !command->has_value()) return Reply(200, "ignored: no /faber command in the comment");
  switch (Authorize(source.authorization, event.author, event.association)) {
    case Authorization::kOwnComment:
      return Reply(200, "ignored: faber's own comment");
    case Authorization::kNotAllowed:
      return Reply(200, "ignored: " + event.author + " may not run faber commands on " + event.repository);
    case Authorization::kAllowed:
      break;
  }
  // A redelivery comes with a new delivery id (the forge's "redeliver", a replay signed again):
  // the comment's own id is what says it was acted on already.
  if (!event.comment_id.empty() && !comments_.FirstSeen(source.repository_url + "#comment-" + event.comment_id)) {
    return Duplicate("comment " + event.comment_id + " was already acted on; ignored");
  }
  Trigger trigger;
  trigger.repository = source.repository_url;
  trigger.branch = event.branch;
  trigger.commit = event.commit;
  trigger.reason = TriggerReason::kComment;
  trigger.pull_request = event.pull_request;
  trigger.author = event.author;
  if (command.ok()) {
    trigger.command = (*command)->name;
    trigger.arguments = (*command)->arguments;
  } else {
    // A mistyped command gets the usage back on the pull request.
    trigger.command = CommandName::kHelp;
    trigger.arguments = {command.status().message()};
  }
  if (!sink_.Enqueue(trigger)) return Reply(503, "faber is shutting down; deliver again later");
  return Reply(202, "queued: " + Describe(trigger));
}

}  // namespace faber::webhooks
