#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/http_client.h"
#include "common/status.h"

namespace faber::webhooks {

// Attempts of one forge API call, the first included.
inline constexpr int kForgeAttempts = 4;
// The longest single wait between two attempts: a Retry-After or rate-limit reset further away is
// waited for this long only.
inline constexpr std::chrono::milliseconds kForgeMaxDelay{std::chrono::seconds(30)};
// The most one call waits in all: a run's report is late by at most this much, never stuck.
inline constexpr std::chrono::milliseconds kForgeMaxTotalWait{std::chrono::seconds(90)};

// How often and how long to retry a forge API call that failed for a passing reason.
struct RetryPolicy {
  int attempts = kForgeAttempts;                         // the first try included
  std::chrono::milliseconds first_delay{500};            // doubled after each failure
  std::chrono::milliseconds max_delay = kForgeMaxDelay;  // Retry-After and rate-limit resets are capped here too
  std::chrono::milliseconds max_total_wait = kForgeMaxTotalWait;  // no wait starts past this sum
};

// How long a rate-limit answer asks to wait before the next call, from the clock's `now`: a 403 or
// 429 with Retry-After (seconds), or with X-RateLimit-Remaining: 0 and X-RateLimit-Reset (GitHub,
// Gitea), or a 429 with RateLimit-Reset (GitLab; both resets in Unix seconds). nullopt when it
// is not one: a 403 without these is a permission error.
std::optional<std::chrono::milliseconds> RateLimitWait(const common::HttpResponse& response, common::TimePoint now);

// JSON calls to one forge's REST API: the token goes in a header and nowhere else (not in errors,
// not in logs); transport failures, 5xx, 429 and rate-limit answers (see RateLimitWait) are
// retried with backoff, honouring Retry-After and rate-limit resets, within `RetryPolicy`'s
// attempts and total wait; the waits go through the clock.
class ForgeHttp {
 public:
  ForgeHttp(std::string api_url, std::map<std::string, std::string> auth_headers, common::HttpClient& http,
            common::Clock& clock, RetryPolicy retry = {});

  // Sends `method` to api_url + `path` with `body` as JSON (none when null); returns the parsed
  // JSON response (null for an empty body). Errors: kTransient after the retries ran out,
  // kInvalidInput for a 4xx (e.g. a bad token), both naming the method, path and status.
  common::Result<nlohmann::json> Call(const std::string& method, const std::string& path,
                                      const nlohmann::json& body = nullptr);

 private:
  std::string api_url_;
  std::map<std::string, std::string> auth_headers_;
  common::HttpClient& http_;
  common::Clock& clock_;
  RetryPolicy retry_;
};

// Percent-encodes `text` for a URL path segment (GitLab's project ids are "group%2Fname").
std::string EncodePathSegment(const std::string& text);

// Reads an API token from `file` (trailing newline dropped) or, when `file` is empty, from the
// environment variable `env_name`. The error names the file or variable, never the value.
common::Result<std::string> ReadForgeToken(const std::string& file, const std::string& env_name);

}  // namespace faber::webhooks
