#include "webhooks/forge_http.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "common/files.h"

namespace faber::webhooks {
namespace {

std::string Header(const common::HttpResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return "";
}

// Retry-After in seconds (the form GitHub, GitLab and Gitea send); nullopt when absent or a date.
std::optional<std::chrono::milliseconds> RetryAfter(const common::HttpResponse& response) {
  std::string value = Header(response, "Retry-After");
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos || value.size() > 6) return std::nullopt;
  return std::chrono::seconds(std::stoi(value));
}

// A non-negative integer header of at most `digits` digits; nullopt otherwise.
std::optional<long long> IntegerHeader(const common::HttpResponse& response, const std::string& name, size_t digits) {
  std::string value = Header(response, name);
  if (value.empty() || value.size() > digits || value.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(value);
}

bool Retryable(int status) { return status == 429 || status >= 500; }

// The start of an error body, enough to see what the forge said without flooding the log.
std::string Excerpt(const std::string& body) {
  std::string text = body.substr(0, 200);
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

std::optional<std::chrono::milliseconds> RateLimitWait(const common::HttpResponse& response, common::TimePoint now) {
  if (response.status != 403 && response.status != 429) return std::nullopt;
  if (auto wait = RetryAfter(response)) return wait;
  std::optional<long long> reset;
  if (IntegerHeader(response, "X-RateLimit-Remaining", 12) == 0)
    reset = IntegerHeader(response, "X-RateLimit-Reset", 12);
  if (!reset && response.status == 429) reset = IntegerHeader(response, "RateLimit-Reset", 12);
  if (!reset) return std::nullopt;
  auto until = std::chrono::system_clock::from_time_t(static_cast<std::time_t>(*reset));
  // A reset already past (clocks differ) still gets a second: the forge counts in whole seconds.
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(until - now);
  return std::max<std::chrono::milliseconds>(wait, std::chrono::seconds(1));
}

ForgeHttp::ForgeHttp(std::string api_url, std::map<std::string, std::string> auth_headers, common::HttpClient& http,
                     common::Clock& clock, RetryPolicy retry)
    : api_url_(std::move(api_url)), auth_headers_(std::move(auth_headers)), http_(http), clock_(clock), retry_(retry) {
  while (!api_url_.empty() && api_url_.back() == '/') api_url_.pop_back();
}

common::Result<nlohmann::json> ForgeHttp::Call(const std::string& method, const std::string& path,
                                               const nlohmann::json& body) {
  common::HttpRequest request;
  request.method = method;
  request.url = api_url_ + path;
  request.headers = auth_headers_;
  request.headers["Accept"] = "application/json";
  request.headers["User-Agent"] = "faber";
  if (!body.is_null()) {
    request.headers["Content-Type"] = "application/json";
    request.body = body.dump();
  }
  std::string what = method + " " + path;
  std::chrono::milliseconds delay = retry_.first_delay;
  std::string last_error;
  std::chrono::milliseconds waited{0};
  int attempt = 1;
  for (;; ++attempt) {
    auto response = http_.Send(request);
    std::optional<std::chrono::milliseconds> wait;
    if (!response.ok()) {
      last_error = response.status().message();
    } else if (response->status >= 200 && response->status < 300) {
      if (response->body.empty()) return nlohmann::json(nullptr);
      nlohmann::json doc = nlohmann::json::parse(response->body, nullptr, false);
      if (doc.is_discarded()) return common::Transient(what + ": the forge answered with invalid JSON");
      return doc;
    } else if (auto limited = RateLimitWait(*response, clock_.Now())) {
      last_error = "HTTP " + std::to_string(response->status) + " rate limited for " +
                   std::to_string(limited->count() / 1000) + "s: " + Excerpt(response->body);
      wait = limited;
    } else if (!Retryable(response->status)) {
      return common::InvalidInput(what + ": HTTP " + std::to_string(response->status) + ": " + Excerpt(response->body));
    } else {
      last_error = "HTTP " + std::to_string(response->status) + ": " + Excerpt(response->body);
      wait = RetryAfter(*response);
    }
    if (attempt >= retry_.attempts) break;
    std::chrono::milliseconds pause = std::min(wait.value_or(delay), retry_.max_delay);
    if (waited + pause > retry_.max_total_wait) break;
    clock_.SleepFor(pause);
    waited += pause;
    delay = std::min(delay * 2, retry_.max_delay);
  }
  return common::Transient(what + ": gave up after " + std::to_string(attempt) + " attempts and " +
                           std::to_string(waited.count() / 1000) + "s of waiting: " + last_error);
}

std::string EncodePathSegment(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

common::Result<std::string> ReadForgeToken(const std::string& file, const std::string& env_name) {
  std::string token;
  if (!file.empty()) {
    auto text = common::ReadFile(file);
    if (!text.ok()) return common::InvalidInput("forge token_file " + file + ": cannot read it");
    token = *text;
  } else if (!env_name.empty()) {
    const char* value = std::getenv(env_name.c_str());
    if (value == nullptr) return common::InvalidInput("forge token_env: variable " + env_name + " is not set");
    token = value;
  }
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty() && (!file.empty() || !env_name.empty())) {
    return common::InvalidInput("forge token " + (file.empty() ? "variable " + env_name : "file " + file) + " is empty");
  }
  return token;
}

}  // namespace faber::webhooks
