#pragma once

#include <chrono>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/http_client.h"
#include "common/status.h"

namespace faber::webhooks {

// How often and how long to retry a forge API call that failed for a passing reason.
struct RetryPolicy {
  int attempts = 4;                                   // the first try included
  std::chrono::milliseconds first_delay{500};         // doubled after each failure
  std::chrono::milliseconds max_delay{std::chrono::seconds(30)};  // Retry-After is capped here too
};

// JSON calls to one forge's REST API: the token goes in a header and nowhere else (not in errors,
// not in logs); transport failures, 5xx and 429 are retried with backoff, honouring Retry-After.
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
