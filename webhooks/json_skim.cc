#include "webhooks/json_skim.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace faber::webhooks {
namespace {

// Nesting this deep stays on the stack; deeper values (never seen in a delivery, but a body may
// be built to try) spill to the heap rather than recurse.
constexpr std::size_t kInlineDepth = 256;

// Kinds of the containers the scanner is inside, innermost last.
class ContainerStack {
 public:
  void Push(bool is_object) {
    if (size_ < kInlineDepth) {
      inline_[size_] = is_object;
    } else {
      spill_.push_back(is_object);
    }
    ++size_;
  }
  void Pop() {
    --size_;
    if (size_ >= kInlineDepth) spill_.pop_back();
  }
  bool TopIsObject() const { return size_ <= kInlineDepth ? inline_[size_ - 1] : spill_.back(); }
  bool Empty() const { return size_ == 0; }

 private:
  std::array<bool, kInlineDepth> inline_{};
  std::vector<bool> spill_;
  std::size_t size_ = 0;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Steps over string bytes that need no attention (printable ASCII other than '"' and '\'),
// eight at a time while the rest of the text allows it.
const char* SkipPlainBytes(const char* p, const char* end) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  while (end - p >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    const std::uint64_t quote = word ^ (kOnes * '"');
    const std::uint64_t backslash = word ^ (kOnes * '\\');
    // Each term flags, in its byte's high bit, a byte below 0x20, a quote, a backslash or a
    // byte of 0x80 and above; borrows can only flag more bytes, never hide one.
    const std::uint64_t special = ((word - kOnes * 0x20) | (quote - kOnes) | (backslash - kOnes) | word) & kHigh;
    if (special != 0) break;
    p += 8;
  }
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    ++p;
  }
  return p;
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}

  const char* begin() const { return begin_; }
  const char* position() const { return p_; }
  const char* error() const { return error_; }

  bool AtEnd() const { return p_ == end_; }
  bool At(char c) const { return p_ < end_ && *p_ == c; }
  void Advance() { ++p_; }

  void SkipWhitespace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }

  // Skips a UTF-8 byte order mark at the start, as nlohmann does (any other 0xEF there is not
  // a '{': the caller leaves that to the full parse).
  void SkipByteOrderMark() {
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
  }

  // At a '"': moves past the closing quote; `escaped` tells whether a backslash occurred.
  bool ScanString(bool* escaped) {
    ++p_;
    for (;;) {
      p_ = SkipPlainBytes(p_, end_);
      if (p_ == end_) return Fail(p_);
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c == '\\') {
        *escaped = true;
        if (!ScanEscape()) return false;
      } else if (c < 0x20) {
        return Fail(p_);  // control characters must be escaped
      } else if (!ScanUtf8Sequence()) {
        return false;
      }
    }
  }

  // At the first byte of a value: moves past the whole value, nested ones included.
  bool SkipValue() {
    ContainerStack open;
    for (;;) {
      // Here a value starts.
      bool scalar_done = false;
      switch (p_ < end_ ? *p_ : '\0') {
        case '{':
          ++p_;
          SkipWhitespace();
          if (At('}')) {
            ++p_;
            scalar_done = true;
          } else {
            open.Push(true);
            if (!ScanMemberName()) return false;
          }
          break;
        case '[':
          ++p_;
          SkipWhitespace();
          if (At(']')) {
            ++p_;
            scalar_done = true;
          } else {
            open.Push(false);
          }
          break;
        case '"': {
          bool escaped = false;
          if (!ScanString(&escaped)) return false;
          scalar_done = true;
          break;
        }
        case 't':
          if (!ScanLiteral("true")) return false;
          scalar_done = true;
          break;
        case 'f':
          if (!ScanLiteral("false")) return false;
          scalar_done = true;
          break;
        case 'n':
          if (!ScanLiteral("null")) return false;
          scalar_done = true;
          break;
        case '-':
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
        case '8':
        case '9':
          if (!ScanNumber()) return false;
          scalar_done = true;
          break;
        default:
          return Fail(p_);
      }
      if (!scalar_done) continue;  // a container opened: its first element is next
      // A value ended: close containers until one goes on with another element.
      for (;;) {
        if (open.Empty()) return true;
        SkipWhitespace();
        if (At(',')) {
          ++p_;
          SkipWhitespace();
          if (open.TopIsObject() && !ScanMemberName()) return false;
          break;
        }
        if (At(open.TopIsObject() ? '}' : ']')) {
          ++p_;
          open.Pop();
          continue;
        }
        return Fail(p_);
      }
    }
  }

 private:
  bool Fail(const char* at) {
    error_ = at;
    return false;
  }

  // Inside an object, at a member: its name, the ':' and the whitespace up to its value.
  bool ScanMemberName() {
    if (!At('"')) return Fail(p_);
    bool escaped = false;
    if (!ScanString(&escaped)) return false;
    SkipWhitespace();
    if (!At(':')) return Fail(p_);
    ++p_;
    SkipWhitespace();
    return true;
  }

  // At a '\\' in a string.
  bool ScanEscape() {
    ++p_;
    if (p_ == end_) return Fail(p_);
    switch (*p_) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        ++p_;
        return true;
      case 'u': {
        int unit = 0;
        if (!ScanCodeUnit(&unit)) return false;
        if (unit >= 0xDC00 && unit <= 0xDFFF) return Fail(p_ - 1);  // a low surrogate alone
        if (unit < 0xD800 || unit > 0xDBFF) return true;
        // A high surrogate must be followed by an escaped low one.
        if (!At('\\')) return Fail(p_);
        ++p_;
        if (!At('u')) return Fail(p_);
        if (!ScanCodeUnit(&unit)) return false;
        if (unit < 0xDC00 || unit > 0xDFFF) return Fail(p_ - 1);
        return true;
      }
      default:
        return Fail(p_);
    }
  }

  // At the 'u' of "\uXXXX": moves past the four hex digits.
  bool ScanCodeUnit(int* unit) {
    ++p_;
    *unit = 0;
    for (int i = 0; i < 4; ++i, ++p_) {
      const int digit = p_ < end_ ? HexValue(*p_) : -1;
      if (digit < 0) return Fail(p_);
      *unit = *unit * 16 + digit;
    }
    return true;
  }

  // At a byte of 0x80 or above in a string: moves past one well-formed UTF-8 sequence
  // (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
  bool ScanUtf8Sequence() {
    const auto lead = static_cast<unsigned char>(*p_);
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    int continuations = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
      continuations = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      continuations = 2;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      continuations = 3;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return Fail(p_);
    }
    ++p_;
    for (int i = 0; i < continuations; ++i, ++p_) {
      if (p_ == end_) return Fail(p_);
      const auto c = static_cast<unsigned char>(*p_);
      if (c < low || c > high) return Fail(p_);
      low = 0x80;  // only the first continuation byte has a narrower range
      high = 0xBF;
    }
    return true;
  }

  bool ScanLiteral(std::string_view word) {
    for (char c : word) {
      if (!At(c)) return Fail(p_);
      ++p_;
    }
    return true;
  }

  // The number grammar of RFC 8259; a number too large for a double is refused as nlohmann
  // refuses it.
  bool ScanNumber() {
    const char* start = p_;
    if (At('-')) ++p_;
    if (At('0')) {
      ++p_;
    } else if (p_ < end_ && IsDigit(*p_)) {
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    } else {
      return Fail(p_);
    }
    if (At('.')) {
      ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return Fail(p_);
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    bool exponent = false;
    if (At('e') || At('E')) {
      exponent = true;
      ++p_;
      if (At('+') || At('-')) ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return Fail(p_);
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    // Only an exponent or some 300 digits can leave the range of a double.
    if ((exponent || p_ - start > 300) && !FitsDouble(start, p_)) return Fail(p_ - 1);
    return true;
  }

  static bool FitsDouble(const char* start, const char* stop) {
    const auto length = static_cast<std::size_t>(stop - start);
    std::array<char, 64> small{};
    std::string large;
    char* text = small.data();
    if (length >= small.size()) {
      large.assign(start, stop);
      text = large.data();
    } else {
      std::memcpy(text, start, length);
    }
    return std::isfinite(std::strtod(text, nullptr));
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  const char* error_ = nullptr;
};

SkimResult Invalid(const Scanner& scanner, const char* at) {
  SkimResult result;
  result.outcome = SkimResult::Outcome::kInvalid;
  result.error_byte = static_cast<std::size_t>(at - scanner.begin()) + 1;
  return result;
}

}  // namespace

SkimResult SkimObject(std::string_view body, const std::vector<std::string>& keep) {
  Scanner scanner(body);
  scanner.SkipByteOrderMark();
  scanner.SkipWhitespace();
  if (!scanner.At('{')) {
    SkimResult result;
    result.outcome = SkimResult::Outcome::kNotAnObject;
    return result;
  }
  scanner.Advance();
  nlohmann::json doc = nlohmann::json::object();
  scanner.SkipWhitespace();
  if (scanner.At('}')) {
    scanner.Advance();
  } else {
    for (;;) {
      if (!scanner.At('"')) return Invalid(scanner, scanner.position());
      const char* name_start = scanner.position();
      bool escaped = false;
      if (!scanner.ScanString(&escaped)) return Invalid(scanner, scanner.error());
      const char* name_end = scanner.position();
      scanner.SkipWhitespace();
      if (!scanner.At(':')) return Invalid(scanner, scanner.position());
      scanner.Advance();
      scanner.SkipWhitespace();
      const char* value_start = scanner.position();
      if (!scanner.SkipValue()) return Invalid(scanner, scanner.error());
      std::string_view name(name_start + 1, static_cast<std::size_t>(name_end - name_start - 2));
      std::string decoded;
      if (escaped) {
        // Escapes in a name are rare: nlohmann decodes it (the scanner has checked it already).
        const nlohmann::json parsed_name = nlohmann::json::parse(name_start, name_end, nullptr, false);
        if (!parsed_name.is_string()) return Invalid(scanner, name_start);
        decoded = parsed_name.get<std::string>();
        name = decoded;
      }
      if (std::find(keep.begin(), keep.end(), name) != keep.end()) {
        nlohmann::json value = nlohmann::json::parse(value_start, scanner.position(), nullptr, false);
        if (value.is_discarded()) return Invalid(scanner, value_start);  // the scanner let through what nlohmann refuses
        doc[std::string(name)] = std::move(value);  // a repeated name: the last one wins, as in a full parse
      }
      scanner.SkipWhitespace();
      if (scanner.At(',')) {
        scanner.Advance();
        scanner.SkipWhitespace();
        continue;
      }
      if (scanner.At('}')) {
        scanner.Advance();
        break;
      }
      return Invalid(scanner, scanner.position());
    }
  }
  scanner.SkipWhitespace();
  // nlohmann reads a NUL byte as the end of the text.
  if (!scanner.AtEnd() && !scanner.At('\0')) return Invalid(scanner, scanner.position());
  SkimResult result;
  result.outcome = SkimResult::Outcome::kObject;
  result.doc = std::move(doc);
  return result;
}

}  // namespace faber::webhooks
