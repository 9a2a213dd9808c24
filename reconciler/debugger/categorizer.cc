#include "reconciler/debugger/categorizer.h"

#include <memory>
#include <vector>

#include <re2/re2.h>

namespace faber::reconciler::debugger {
namespace {

struct Rule {
  const char* category;
  std::shared_ptr<const RE2> code;  // matched against the error code ("" never matches an empty code)
  std::shared_ptr<const RE2> text;  // matched against the whole output (case-insensitive)
};

std::shared_ptr<const RE2> Pattern(const char* regex, bool case_sensitive) {
  RE2::Options options;
  options.set_case_sensitive(case_sensitive);
  return std::make_shared<const RE2>(regex, options);
}

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> kRules = [] {
    std::vector<Rule> r;
    r.push_back({"quota", Pattern(R"(LimitExceeded|QuotaExceeded|Throttl|TooManyRequests|SlowDown|RequestLimitExceeded|ServiceQuota)", true),
                 Pattern(R"(limit exceeded|quota|maximum number of|than your current .*limit|rate exceeded|too many requests|exceed.*(limit|quota))", false)});
    r.push_back({"permission", Pattern(R"(AccessDenied|Unauthorized|Forbidden|AuthFailure|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|NoCredentialProviders|UnrecognizedClient|InvalidAccessKeyId|OptInRequired|MissingAuthenticationToken)", true),
                 Pattern(R"(not authorized|access denied|permission|credential|forbidden|status code: 403|StatusCode: 403|security token|assume ?role|is not allowed to)", false)});
    r.push_back({"state", Pattern(R"(ConditionalCheckFailed)", true),
                 Pattern(R"(state lock|locking state|loading state|state snapshot|inconsistent (final plan|result)|produced an (unexpected|invalid) new value|state file|saved plan is stale|refresh.*state.*(corrupt|checksum)|checksum.*state)", false)});
    r.push_back({"network", Pattern(R"(RequestError|RequestTimeout|NetworkingError|EndpointConnectionError)", true),
                 Pattern(R"(dial tcp|no such host|connection (reset|refused|timed out)|i/o timeout|TLS handshake|send request failed|network is unreachable|EOF$|unexpected EOF|Client\.Timeout)", false)});
    r.push_back({"resource", Pattern(R"(AlreadyExists|InUse|DependencyViolation|InsufficientInstanceCapacity|Conflict|EntityAlreadyExists|ResourceConflict|IncorrectState|InvalidState)", true),
                 Pattern(R"(already exists|still in use|in use by|dependent object|timeout while waiting for (state|resource)|has dependencies|not available in|currently (being|in)|capacity)", false)});
    return r;
  }();
  return kRules;
}

// A host name that is really an unresolved expression ("lookup self.public_ip") is a mistake in
// the configuration, not the network.
bool LooksLikeUnresolvedExpression(const std::string& text) {
  static const RE2 kExpression(R"(lookup (self|var|local|each|count|module|data)\.[\w.]+)");
  return RE2::PartialMatch(text, kExpression);
}

}  // namespace

Categorization Categorize(const ExtractedError& error, const std::string& full_output) {
  for (const Rule& rule : Rules()) {
    if (!error.code.empty() && RE2::PartialMatch(error.code, *rule.code)) {
      return {rule.category, "error code " + error.code};
    }
    re2::StringPiece matched;
    if (rule.text->Match(full_output, 0, full_output.size(), RE2::UNANCHORED, &matched, 1)) {
      if (std::string(rule.category) == "network" && LooksLikeUnresolvedExpression(full_output)) {
        return {"config", "a host name that is an unresolved expression"};
      }
      return {rule.category, "text \"" + std::string(matched.data(), matched.size()) + "\""};
    }
  }
  if (error.code.find("Invalid") == 0 || error.code.find("Validation") == 0 || error.code.find("NotFound") != std::string::npos ||
      error.code.find("Malformed") == 0) {
    return {"config", "error code " + error.code};
  }
  return {"config", error.code.empty() ? "no rule matched: treated as configuration" : "error code " + error.code};
}

}  // namespace faber::reconciler::debugger
