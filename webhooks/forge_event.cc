#include "webhooks/forge_event.h"

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

}  // namespace faber::webhooks
