// Redaction throughput on the output of a large `terraform plan`: the current redactor against
// the previous one (legacy_redactor.cc), on the same text in the same process.
// usage: redaction_bench [megabytes] [rounds]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/redactor.h"
#include "tests/bench/legacy_redactor.h"

namespace {

// Plan text as terraform prints it: resource ids, ARNs, sha256 hashes, base64 user_data, and a
// few secrets a provider echoed, about `bytes` long.
std::string PlanOutput(size_t bytes) {
  static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint64_t x = 88172645463325252ULL;
  auto next = [&] { return x ^= x << 13, x ^= x >> 7, x ^= x << 17; };
  for (int i = 0; out.size() < bytes; ++i) {
    std::string n = std::to_string(i);
    out += "  # aws_instance.node_" + n + " will be created\n  + resource \"aws_instance\" \"node_" + n + "\" {\n";
    out += "      + ami                    = \"ami-0c55b159cbfafe1f0\"\n";
    out += "      + arn                    = \"arn:aws:ec2:eu-west-1:123456789012:instance/i-0" + n + "abcdef\"\n";
    out += "      + iam_instance_profile   = \"arn:aws:iam::123456789012:instance-profile/node-" + n + "\"\n";
    out += "      + source_code_hash       = \"";
    for (int k = 0; k < 64; ++k) out += "0123456789abcdef"[next() % 16];
    out += "\"\n      + user_data_base64       = \"";
    for (int k = 0; k < 400; ++k) out += kB64[next() % 64];
    out += "\"\n      + tags                   = {\n          + \"Name\" = \"node-" + n + "\"\n        }\n    }\n";
    if (i % 500 == 0) out += "Error: InvalidParameterValue: password hunter2-Pa55-0x7f3e is not valid\n";
  }
  return out;
}

template <typename R>
double MegabytesPerSecond(const R& redactor, const std::string& text, int rounds, size_t* masked) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; ++i) *masked = redactor.Redact(text).size();
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return static_cast<double>(text.size()) * rounds / (1 << 20) / took.count();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t megabytes = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string text = PlanOutput(megabytes << 20);
  faber::common::Redactor current;
  faber::bench::legacy::Redactor legacy;
  for (const char* value :
       {"hunter2-Pa55-0x7f3e", "sk-live-value-0123456789", "db-pass-9876543210", "eu-deploy-token-42"}) {
    current.AddSecretValue(value);
    legacy.AddSecretValue(value);
  }
  size_t legacy_size = 0, current_size = 0;
  const double before = MegabytesPerSecond(legacy, text, rounds, &legacy_size);
  const double after = MegabytesPerSecond(current, text, rounds, &current_size);
  std::printf("text: %.1f MB of plan output, %d rounds\n", static_cast<double>(text.size()) / (1 << 20), rounds);
  std::printf("legacy redactor:  %8.1f MB/s (output %zu bytes)\n", before, legacy_size);
  std::printf("current redactor: %8.1f MB/s (output %zu bytes)\n", after, current_size);
  std::printf("ratio current/legacy: %.2f\n", after / before);
  return 0;
}
