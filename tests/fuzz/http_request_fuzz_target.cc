// Fuzz target for the HTTP request reader of faber's server (webhooks/http_request_parser): for
// any bytes, reading a request must not crash, must keep every limit (head size, field count, the
// body cap), and must not depend on how the bytes were split into reads: the input is read whole
// and again in pieces whose sizes the input's first byte chooses, and the two must agree. A
// disagreement aborts, so libFuzzer saves the input. Built with libFuzzer under clang
// (tests/fuzz/run_http.sh); under other compilers seed_driver.cc runs it over the seeds.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "webhooks/http_request_parser.h"

namespace {

using faber::webhooks::FindHeadEnd;
using faber::webhooks::HttpBodyReader;
using faber::webhooks::HttpHeadLimits;
using faber::webhooks::HttpRequest;
using faber::webhooks::ParseRequestHead;

constexpr size_t kMaxBody = 4096;

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "http request reader: %s\n", what);
  std::abort();
}

struct Outcome {
  int status = 0;  // 0: read, else the refusal's status
  bool complete = false;
  std::string method, path, body;
  size_t headers = 0;
  size_t used = 0;  // bytes of the input that belonged to this request
};

// Reads one request from `input`, handing the body reader pieces of `step` bytes (0: whole).
Outcome Read(std::string_view input, size_t step) {
  Outcome out;
  HttpHeadLimits limits;
  limits.max_head_bytes = 2048;
  limits.max_headers = 16;
  limits.max_target_bytes = 256;
  auto end = FindHeadEnd(input);
  if (!end) return out;
  HttpRequest request;
  if (auto refusal = ParseRequestHead(input.substr(0, *end), limits, request)) {
    out.status = refusal->status;
    return out;
  }
  if (request.headers.size() > limits.max_headers) Fail("more header fields than the limit");
  if (request.path.size() > limits.max_target_bytes) Fail("a target longer than the limit");
  out.method = request.method;
  out.path = request.path;
  out.headers = request.headers.size();
  HttpBodyReader reader;
  if (auto refusal = HttpBodyReader::Frame(request, kMaxBody, reader)) {
    out.status = refusal->status;
    return out;
  }
  std::string_view rest = input.substr(*end);
  size_t used = 0;
  while (!reader.done() && !reader.refusal() && used < rest.size()) {
    std::string_view piece = rest.substr(used, step == 0 ? rest.size() : step);
    size_t took = reader.Consume(piece, out.body);
    if (took > piece.size()) Fail("consumed more than it was given");
    used += took;
    if (took < piece.size() && !reader.done() && !reader.refusal()) Fail("stopped early without finishing");
    if (took < piece.size()) break;
  }
  if (reader.done()) reader.Consume("", out.body);  // a finished body takes nothing more
  if (out.body.size() > kMaxBody) Fail("a body over the cap");
  if (reader.refusal()) out.status = reader.refusal()->status;
  out.complete = reader.done();
  out.used = *end + used;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 13;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  Outcome whole = Read(input, 0);
  Outcome pieces = Read(input, step);
  if (whole.status != pieces.status) Fail("the verdict depends on how the bytes were split");
  if (whole.complete != pieces.complete) Fail("completion depends on how the bytes were split");
  if (whole.complete && (whole.body != pieces.body || whole.used != pieces.used)) {
    Fail("the body depends on how the bytes were split");
  }
  if (whole.method != pieces.method || whole.path != pieces.path || whole.headers != pieces.headers) {
    Fail("the head depends on how the bytes were split");
  }
  return 0;
}
