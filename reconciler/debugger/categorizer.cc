#include "reconciler/debugger/categorizer.h"

#include <regex>
#include <vector>

namespace faber::reconciler::debugger {
namespace {

struct Rule {
  const char* category;
  std::regex code;  // matched against the error code ("" never matches an empty code)
  std::regex text;  // matched against the whole output
};

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> kRules = [] {
    auto icase = std::regex::icase | std::regex::ECMAScript;
    std::vector<Rule> r;
    r.push_back({"quota", std::regex(R"(LimitExceeded|QuotaExceeded|Throttl|TooManyRequests|SlowDown|RequestLimitExceeded|ServiceQuota)"),
                 std::regex(R"(limit exceeded|quota|maximum number of|than your current .*limit|rate exceeded|too many requests|exceed.*(limit|quota))", icase)});
    r.push_back({"permission", std::regex(R"(AccessDenied|Unauthorized|Forbidden|AuthFailure|InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|NoCredentialProviders|UnrecognizedClient|InvalidAccessKeyId|OptInRequired|MissingAuthenticationToken)"),
                 std::regex(R"(not authorized|access denied|permission|credential|forbidden|status code: 403|StatusCode: 403|security token|assume ?role|is not allowed to)", icase)});
    r.push_back({"state", std::regex(R"(ConditionalCheckFailed)"),
                 std::regex(R"(state lock|locking state|loading state|state snapshot|inconsistent (final plan|result)|produced an (unexpected|invalid) new value|state file|saved plan is stale|refresh.*state.*(corrupt|checksum)|checksum.*state)", icase)});
    r.push_back({"network", std::regex(R"(RequestError|RequestTimeout|NetworkingError|EndpointConnectionError)"),
                 std::regex(R"(dial tcp|no such host|connection (reset|refused|timed out)|i/o timeout|TLS handshake|send request failed|network is unreachable|EOF$|unexpected EOF|Client\.Timeout)", icase)});
    r.push_back({"resource", std::regex(R"(AlreadyExists|InUse|DependencyViolation|InsufficientInstanceCapacity|Conflict|EntityAlreadyExists|ResourceConflict|IncorrectState|InvalidState)"),
                 std::regex(R"(already exists|still in use|in use by|dependent object|timeout while waiting for (state|resource)|has dependencies|not available in|currently (being|in)|capacity)", icase)});
    return r;
  }();
  return kRules;
}

// A host name that is really an unresolved expression ("lookup self.public_ip") is a mistake in
// the configuration, not the network.
bool LooksLikeUnresolvedExpression(const std::string& text) {
  static const std::regex kExpression(R"(lookup (self|var|local|each|count|module|data)\.[\w.]+)");
  return std::regex_search(text, kExpression);
}

}  // namespace

Categorization Categorize(const ExtractedError& error, const std::string& full_output) {
  for (const Rule& rule : Rules()) {
    if (!error.code.empty() && std::regex_search(error.code, rule.code)) {
      return {rule.category, "error code " + error.code};
    }
    std::smatch m;
    if (std::regex_search(full_output, m, rule.text)) {
      if (std::string(rule.category) == "network" && LooksLikeUnresolvedExpression(full_output)) {
        return {"config", "a host name that is an unresolved expression"};
      }
      return {rule.category, "text \"" + m.str(0) + "\""};
    }
  }
  if (error.code.find("Invalid") == 0 || error.code.find("Validation") == 0 || error.code.find("NotFound") != std::string::npos ||
      error.code.find("Malformed") == 0) {
    return {"config", "error code " + error.code};
  }
  return {"config", error.code.empty() ? "no rule matched: treated as configuration" : "error code " + error.code};
}

}  // namespace faber::reconciler::debugger
