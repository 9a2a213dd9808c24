#include "reconciler/engines/terraform_errors.h"

#include <algorithm>
#include <cctype>
#include <re2/re2.h>

namespace faber::reconciler {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool HasAny(const std::string& text, std::initializer_list<const char*> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](const char* n) { return text.find(n) != std::string::npos; });
}

}  // namespace

const char* TerraformFailureName(TerraformFailure failure) {
  switch (failure) {
    case TerraformFailure::kOther: return "other";
    case TerraformFailure::kTransient: return "transient";
    case TerraformFailure::kStateLocked: return "state_locked";
    case TerraformFailure::kNeedsUpgrade: return "needs_upgrade";
    case TerraformFailure::kNeedsReconfigure: return "needs_reconfigure";
  }
  return "other";
}

TerraformFailure ClassifyTerraformFailure(std::string_view output) {
  std::string text = Lower(output);
  // A lock comes first: its text often carries a provider error (ConditionalCheckFailed) too.
  if (HasAny(text, {"error acquiring the state lock", "state blob is already locked", "error locking state"})) {
    return TerraformFailure::kStateLocked;
  }
  if (HasAny(text, {"backend configuration changed", "backend initialization required",
                    "reconfigure\" to configure the backend", "-reconfigure"})) {
    return TerraformFailure::kNeedsReconfigure;
  }
  if (HasAny(text, {"does not match configured version constraint", "inconsistent dependency lock file",
                    "init -upgrade"})) {
    return TerraformFailure::kNeedsUpgrade;
  }
  if (HasAny(text, {"throttling", "rate exceeded", "requestlimitexceeded", "toomanyrequests", "too many requests",
                    "slowdown", "connection reset by peer", "i/o timeout", "tls handshake timeout",
                    "request timeout", "requesttimeout", "timeout while waiting", "context deadline exceeded",
                    "connection refused", "status code: 500", "status code: 502", "status code: 503",
                    "status code: 504", "serviceunavailable", "internalerror"})) {
    return TerraformFailure::kTransient;
  }
  return TerraformFailure::kOther;
}

std::string LockIdFrom(std::string_view output) {
  static const re2::RE2 kId(R"(Lock Info:[\s\S]*?ID:\s*([A-Za-z0-9][A-Za-z0-9._:/-]*))");
  std::string id;
  re2::RE2::PartialMatch(re2::StringPiece(output.data(), output.size()), kId, &id);
  return id;
}

}  // namespace faber::reconciler
