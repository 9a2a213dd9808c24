// ParseHealthCheck: one post-deployment check of an environment.

#include "manifests/environment_parser.h"
#include "manifests/validators.h"

namespace faber::manifests {

std::optional<HealthCheckConfig> ParseHealthCheck(const Field& field, ErrorList& errors) {
  MapReader map(field, errors,
                {"name", "http", "command", "expect_status", "expect_body", "retries", "interval", "backoff",
                 "max_interval", "timeout"});
  if (!map.valid()) return std::nullopt;
  HealthCheckConfig check;
  if (auto f = map.Require("name")) check.name = ReadString(*f, errors).value_or("");
  auto http = map.Get("http");
  auto command = map.Get("command");
  if (http) check.http = ReadString(*http, errors, [](const std::string& v) { return CheckHttpUrl(v); }).value_or("");
  if (command) check.command = ReadString(*command, errors).value_or("");
  if (http && command) {
    errors.Add(*command, "set either http or command, not both");
  } else if (!http && !command) {
    errors.Add(field.mark, field.path, "set either http (a URL to probe) or command (a shell command line)");
  }
  // Status and body are HTTP notions; a command check passes on exit status 0.
  for (const char* http_only : {"expect_status", "expect_body"}) {
    if (auto f = map.Get(http_only); f && !http && command) errors.Add(*f, "only applies to http checks");
  }
  if (auto f = map.Get("expect_status")) check.expect_status = ReadInt(*f, errors, 100, 599).value_or(200);
  if (auto f = map.Get("expect_body")) check.expect_body = ReadString(*f, errors).value_or("");
  if (auto f = map.Get("retries")) check.retries = ReadInt(*f, errors, 0, 100).value_or(check.retries);
  std::string interval_text = "2s";  // as written, for messages
  if (auto f = map.Get("interval")) {
    check.interval = ReadDuration(*f, errors, true).value_or(check.interval);
    if (f->node.IsScalar()) interval_text = f->node.Scalar();
  }
  if (auto f = map.Get("backoff")) check.backoff = ReadNumber(*f, errors, 1.0).value_or(check.backoff);
  if (auto f = map.Get("timeout")) check.timeout = ReadDuration(*f, errors, false).value_or(check.timeout);
  if (auto f = map.Get("max_interval")) {
    auto max_interval = ReadDuration(*f, errors, false);
    if (max_interval && *max_interval < check.interval) {
      errors.Add(*f, "must be at least interval (got " + Quote(f->node.Scalar()) + ", interval is " +
                         Quote(interval_text) + ")");
    } else if (max_interval) {
      check.max_interval = *max_interval;
    }
  } else if (check.max_interval < check.interval) {
    check.max_interval = check.interval;  // a long interval is not silently capped by the default ceiling
  }
  return check;
}

}  // namespace faber::manifests
