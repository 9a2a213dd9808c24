#include "webhooks/http_request_parser.h"

#include <algorithm>
#include <cctype>

namespace faber::webhooks {
namespace {

// A chunk-size line (size and extensions) and all trailer lines together may take this much:
// forges send neither, so the limits only need to be generous for proxies.
constexpr size_t kMaxChunkLine = 1024;
constexpr size_t kMaxTrailerBytes = 8 * 1024;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 token characters (method and header names).
bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return IsTokenChar(c); });
}

// Header values may hold visible characters, spaces, tabs and obs-text; never CR, LF or NUL.
bool IsFieldValue(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == '\t' || c >= 0x20; }) &&
         s.find('\x7f') == std::string_view::npos;
}

// Splits `head` into lines ending in LF, with a CR before the LF removed.
std::vector<std::string_view> Lines(std::string_view head) {
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    size_t lf = head.find('\n');
    std::string_view line = head.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (lf == std::string_view::npos) break;
    head.remove_prefix(lf + 1);
  }
  return lines;
}

std::optional<uint64_t> ParseDecimal(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;  // 18 digits cannot overflow 64 bits
  uint64_t value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

std::optional<uint64_t> ParseHex(std::string_view s) {
  if (s.empty() || s.size() > 15) return std::nullopt;  // 15 hex digits cannot overflow 64 bits
  uint64_t value = 0;
  for (char c : s) {
    int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                            : -1;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<uint64_t>(digit);
  }
  return value;
}

}  // namespace

std::optional<size_t> FindHeadEnd(std::string_view buffer) {
  // Leading empty lines before a request are allowed (RFC 9112 2.2), so the first line that
  // ends the head is an empty line after a non-empty one.
  size_t start = 0;
  while (start < buffer.size() && (buffer[start] == '\r' || buffer[start] == '\n')) ++start;
  for (size_t lf = buffer.find('\n', start); lf != std::string_view::npos; lf = buffer.find('\n', lf + 1)) {
    size_t next = lf + 1;
    if (next < buffer.size() && buffer[next] == '\n') return next + 1;
    if (next + 1 < buffer.size() && buffer[next] == '\r' && buffer[next + 1] == '\n') return next + 2;
  }
  return std::nullopt;
}

std::optional<HttpRefusal> ParseRequestHead(std::string_view head, const HttpHeadLimits& limits,
                                            HttpRequest& request) {
  if (head.size() > limits.max_head_bytes) {
    return HttpRefusal{431, "request head larger than " + std::to_string(limits.max_head_bytes) + " bytes"};
  }
  std::vector<std::string_view> lines = Lines(head);
  size_t first = 0;
  while (first < lines.size() && lines[first].empty()) ++first;
  if (first == lines.size()) return HttpRefusal{400, "empty request"};

  std::string_view line = lines[first];
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return HttpRefusal{400, "malformed request line"};
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method)) return HttpRefusal{400, "malformed method"};
  if (target.size() > limits.max_target_bytes) {
    return HttpRefusal{414, "request target longer than " + std::to_string(limits.max_target_bytes) + " bytes"};
  }
  if (target.empty() || target.front() != '/' ||
      !std::all_of(target.begin(), target.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; })) {
    return HttpRefusal{400, "malformed request target"};
  }
  if (version.size() != 8 || version.substr(0, 7) != "HTTP/1.") {
    return HttpRefusal{version.substr(0, 5) == "HTTP/" ? 505 : 400, "only HTTP/1.0 and HTTP/1.1 are served"};
  }
  if (version[7] != '0' && version[7] != '1') return HttpRefusal{505, "only HTTP/1.0 and HTTP/1.1 are served"};
  request.method = std::string(method);
  size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  request.query = question == std::string_view::npos ? "" : std::string(target.substr(question + 1));
  request.minor_version = version[7] - '0';

  request.headers.clear();
  for (size_t i = first + 1; i < lines.size(); ++i) {
    std::string_view field = lines[i];
    if (field.empty()) break;
    if (request.headers.size() == limits.max_headers) {
      return HttpRefusal{431, "more than " + std::to_string(limits.max_headers) + " header fields"};
    }
    if (field.front() == ' ' || field.front() == '\t') return HttpRefusal{400, "folded header line"};
    size_t colon = field.find(':');
    if (colon == std::string_view::npos || !IsToken(field.substr(0, colon))) {
      return HttpRefusal{400, "malformed header line"};
    }
    std::string_view value = Trim(field.substr(colon + 1));
    if (!IsFieldValue(value)) return HttpRefusal{400, "control character in a header value"};
    request.headers.emplace_back(Lower(field.substr(0, colon)), std::string(value));
  }
  if (request.minor_version == 1 && request.Header("host").empty()) {
    return HttpRefusal{400, "HTTP/1.1 request without Host"};
  }
  return std::nullopt;
}

std::optional<HttpRefusal> HttpBodyReader::Frame(const HttpRequest& request, size_t max_body_bytes,
                                                 HttpBodyReader& reader) {
  reader = HttpBodyReader();
  reader.max_body_ = max_body_bytes;
  std::optional<uint64_t> length;
  bool chunked = false;
  for (const auto& [name, value] : request.headers) {
    if (name == "content-length") {
      auto parsed = ParseDecimal(value);
      if (!parsed) return HttpRefusal{400, "malformed Content-Length"};
      if (length && *length != *parsed) return HttpRefusal{400, "conflicting Content-Length headers"};
      length = parsed;
    } else if (name == "transfer-encoding") {
      if (chunked || Lower(value) != "chunked") {
        return HttpRefusal{501, "only the chunked transfer coding is accepted"};
      }
      chunked = true;
    }
  }
  // Both framings at once is how request smuggling starts (RFC 9112 6.3): refused, not resolved.
  if (chunked && length) return HttpRefusal{400, "both Content-Length and Transfer-Encoding"};
  if (chunked) {
    reader.state_ = State::kChunkSize;
  } else if (length && *length > 0) {
    reader.declared_ = length;
    if (*length > max_body_bytes) {
      return HttpRefusal{413, "body larger than " + std::to_string(max_body_bytes) + " bytes"};
    }
    reader.remaining_ = *length;
    reader.state_ = State::kLength;
  } else {
    reader.declared_ = length;
    reader.state_ = State::kDone;
  }
  return std::nullopt;
}

void HttpBodyReader::Fail(int status, std::string reason) {
  state_ = State::kFailed;
  refusal_ = HttpRefusal{status, std::move(reason)};
}

bool HttpBodyReader::TakeLine(std::string_view input, size_t& used, size_t max_line) {
  size_t lf = input.find('\n', used);
  size_t end = lf == std::string_view::npos ? input.size() : lf;
  line_.append(input.substr(used, end - used));
  used = lf == std::string_view::npos ? input.size() : lf + 1;
  if (line_.size() > max_line) {
    Fail(400, "chunk line longer than " + std::to_string(max_line) + " bytes");
    return false;
  }
  if (lf == std::string_view::npos) return false;
  if (!line_.empty() && line_.back() == '\r') line_.pop_back();
  return true;
}

size_t HttpBodyReader::Consume(std::string_view input, std::string& body) {
  size_t used = 0;
  while (used < input.size() || state_ == State::kDone) {
    switch (state_) {
      case State::kDone:
      case State::kFailed:
        return used;
      case State::kLength: {
        size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, input.size() - used));
        body.append(input.substr(used, take));
        used += take;
        remaining_ -= take;
        if (remaining_ == 0) state_ = State::kDone;
        break;
      }
      case State::kChunkSize: {
        if (!TakeLine(input, used, kMaxChunkLine)) break;
        std::string_view size_text = Trim(std::string_view(line_).substr(0, line_.find(';')));
        auto size = ParseHex(size_text);
        line_.clear();
        if (!size) {
          Fail(400, "malformed chunk size");
        } else if (*size > max_body_ - std::min(max_body_, body.size())) {
          Fail(413, "body larger than " + std::to_string(max_body_) + " bytes");
        } else if (*size == 0) {
          state_ = State::kTrailer;
        } else {
          remaining_ = *size;
          state_ = State::kChunkData;
        }
        break;
      }
      case State::kChunkData: {
        size_t take = static_cast<size_t>(std::min<uint64_t>(remaining_, input.size() - used));
        body.append(input.substr(used, take));
        used += take;
        remaining_ -= take;
        if (remaining_ == 0) state_ = State::kChunkDataEnd;
        break;
      }
      case State::kChunkDataEnd: {
        if (!TakeLine(input, used, 2)) break;
        bool empty = line_.empty();
        line_.clear();
        if (!empty) {
          Fail(400, "chunk data longer than its size");
        } else {
          state_ = State::kChunkSize;
        }
        break;
      }
      case State::kTrailer: {
        size_t before = used;
        bool complete = TakeLine(input, used, kMaxTrailerBytes);
        trailer_bytes_ += used - before;
        if (state_ == State::kFailed || trailer_bytes_ > kMaxTrailerBytes) {
          Fail(431, "trailer fields larger than " + std::to_string(kMaxTrailerBytes) + " bytes");
          break;
        }
        if (!complete) break;
        bool end = line_.empty();
        line_.clear();
        if (end) state_ = State::kDone;  // trailer fields are read and dropped: nothing uses them
        break;
      }
    }
  }
  return used;
}

}  // namespace faber::webhooks
