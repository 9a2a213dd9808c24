#include "webhooks/forge_event.h"

#include "webhooks/json_fields.h"

namespace faber::webhooks {

const char* ForgeKindName(ForgeKind kind) {
  switch (kind) {
    case ForgeKind::kGithub:
      return "github";
    case ForgeKind::kGitlab:
      return "gitlab";
    case ForgeKind::kGitea:
      return "gitea";
  }
  return "unknown";
}

ForgeEvent IgnoredEvent(std::string repository, std::string why) {
  ForgeEvent event;
  event.repository = std::move(repository);
  event.why_ignored = std::move(why);
  return event;
}

ForgeEvent UnhandledEvent(const std::string& event_name, const std::string& handled) {
  // The name comes from outside: only its printable start is echoed.
  constexpr size_t kMaxEchoed = 64;
  std::string name;
  for (char c : event_name.substr(0, kMaxEchoed)) name += c >= 0x21 && c <= 0x7e ? c : '?';
  ForgeEvent event;
  event.type = ForgeEvent::Type::kUnhandled;
  event.why_ignored = "faber does not handle " + name + " events (it handles " + handled + ")";
  return event;
}

common::Result<ForgeEvent> ParseBranchPush(const nlohmann::json& doc, const std::string& repository) {
  static const std::string kBranchPrefix = "refs/heads/";
  auto ref = RequireString(doc, "/ref");
  if (!ref.ok()) return ref.status();
  auto after = RequireString(doc, "/after");
  if (!after.ok()) return after.status();
  if (ref->rfind(kBranchPrefix, 0) != 0) return IgnoredEvent(repository, "push of " + *ref + " is not a branch");
  if (doc.value("deleted", false) || *after == std::string(40, '0')) {
    return IgnoredEvent(repository, "branch " + *ref + " was deleted");
  }
  ForgeEvent event;
  event.type = ForgeEvent::Type::kPush;
  event.repository = repository;
  event.branch = ref->substr(kBranchPrefix.size());
  event.commit = *after;
  return event;
}

}  // namespace faber::webhooks
