#pragma once

#include <string>

namespace faber::reconciler::debugger {

// What faber reads out of a failed command's output.
struct ExtractedError {
  std::string message;        // the core error, one paragraph, diagnostics framing removed
  std::string code;           // the provider or API error code (InvalidAMIID.NotFound), "" when none
  int http_status = 0;        // from "status code: 403" / "StatusCode: 403", 0 when none
  std::string resource_type;  // aws_instance, provider.aws, backend.s3, module, connection, ""
  std::string address;        // aws_s3_bucket.logs, module.x.aws_y.z, "" when not named
  std::string operation;      // the engine operation (apply, plan, init...), as the caller gave it
  std::string lock_id;        // a state lock's ID from "Lock Info:", for the unlock remedy
};

// Reads the error out of Terraform output in any of its forms: the boxed "│ Error:" diagnostics of
// 0.15+, "* resource: ..." of 0.11, plain "Error:" lines, "with aws_x.y," and "on file line N, in
// resource ..." context, and `terraform -json` diagnostic lines; AWS SDK v1 "Code: message" and
// v2 "api error Code: message" codes; the HTTP status. Never fails: unknown text is kept as is.
ExtractedError ExtractError(const std::string& output, const std::string& operation);

}  // namespace faber::reconciler::debugger
