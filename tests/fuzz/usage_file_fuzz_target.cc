// Fuzz target for usage files (reconciler/cost's Infracost-format usage YAML):
// any input must end in usage entries or an error naming the file, never a
// crash, an escaping exception, a hang or a leak. Built with libFuzzer under
// clang (tests/fuzz/run_inputs.sh); otherwise seed_driver.cc runs the seeds.

#include <cstddef>
#include <cstdint>
#include <string>

#include "reconciler/cost/usage_file.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto usage = faber::reconciler::cost::UsageFile::Parse("usage.yml", text);
  if (!usage.ok()) {
    faber::fuzz::CheckError(usage.status(), "usage.yml");
    return 0;
  }
  // Lookups as the estimator makes them: exact, a counted instance, a module
  // path, a bare type.
  for (const char* address :
       {"aws_instance.web", "aws_instance.web[0]", "module.app.aws_s3_bucket.logs[\"a\"]", "aws_lambda_function"}) {
    (void)usage->For(address);
  }
  return 0;
}
