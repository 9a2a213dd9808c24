#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "webhooks/http_message.h"

namespace faber::webhooks {

// What one request head may take. A client that exceeds a limit is answered with the status
// HTTP gives for it (414, 431) and the connection is closed: nothing unbounded is buffered.
struct HttpHeadLimits {
  size_t max_head_bytes = 64 * 1024;  // request line and all header lines
  size_t max_headers = 100;
  size_t max_target_bytes = 8 * 1024;
};

// Why a request was refused while it was read: the status to answer and the reason for the body.
struct HttpRefusal {
  int status = 400;
  std::string reason;
};

// The length of the head at the start of `buffer` (request line, headers and the blank line that
// ends them, CRLF or bare LF), or nullopt while it is incomplete.
std::optional<size_t> FindHeadEnd(std::string_view buffer);

// Parses a complete head (as delimited by FindHeadEnd) into `request` (method, path, query,
// version, headers); a refusal when it is malformed or over `limits`. Folded header lines,
// spaces before a colon and control characters are refused: each is a known smuggling vector.
std::optional<HttpRefusal> ParseRequestHead(std::string_view head, const HttpHeadLimits& limits, HttpRequest& request);

// Reads a request body as its head frames it (Content-Length, or chunked transfer coding),
// piece by piece as bytes arrive, refusing it with 413 as soon as it would exceed its cap.
class HttpBodyReader {
 public:
  // The framing of `request`'s body; a refusal for conflicting or invalid framing (both
  // Content-Length and Transfer-Encoding, differing lengths, a coding other than chunked).
  static std::optional<HttpRefusal> Frame(const HttpRequest& request, size_t max_body_bytes, HttpBodyReader& reader);

  // Appends the body bytes at the start of `input` to `body`; returns how many bytes of `input`
  // belong to this body (the rest is the next request).
  size_t Consume(std::string_view input, std::string& body);
  bool done() const { return state_ == State::kDone; }
  // Set when the body was refused (over the cap, malformed chunk); no more input is accepted.
  const std::optional<HttpRefusal>& refusal() const { return refusal_; }
  // The declared length, when the head gave one (lets a server answer 413 before reading).
  std::optional<uint64_t> declared_length() const { return declared_; }

 private:
  enum class State { kLength, kChunkSize, kChunkData, kChunkDataEnd, kTrailer, kDone, kFailed };

  void Fail(int status, std::string reason);
  // Consumes one line ending in LF (at most `max_line` bytes) into `line_`; true when complete.
  bool TakeLine(std::string_view input, size_t& used, size_t max_line);

  State state_ = State::kDone;
  uint64_t remaining_ = 0;  // bytes of the body (kLength) or of the chunk (kChunkData) still to come
  size_t max_body_ = 0;
  size_t trailer_bytes_ = 0;
  std::string line_;  // a chunk-size or trailer line being assembled
  std::optional<uint64_t> declared_;
  std::optional<HttpRefusal> refusal_;
};

}  // namespace faber::webhooks
