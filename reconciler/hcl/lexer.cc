#include "reconciler/hcl/lexer.h"

#include <array>
#include <string>

namespace faber::reconciler::hcl {
namespace {

enum class Mode : uint8_t { kMain, kString, kHeredoc, kBare };

struct Heredoc {
  std::string_view marker;
  bool start_of_line;
};

inline bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiIdStart(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Length of the UTF-8 sequence at `p` (1..4), or 0 when the bytes are not valid UTF-8.
size_t Utf8Len(std::string_view s, size_t p) {
  unsigned char c = static_cast<unsigned char>(s[p]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || p + n > s.size()) return 0;
  for (size_t i = 1; i < n; ++i) {
    if ((static_cast<unsigned char>(s[p + i]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

// Decodes the code point of a valid sequence of length n at p.
uint32_t CodePoint(std::string_view s, size_t p, size_t n) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[p + i])); };
  if (n == 2) return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
  if (n == 3) return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
}

// Non-ASCII letters may appear in identifiers (Unicode ID_Start/ID_Continue); punctuation,
// symbols and spaces may not. This approximation keeps the common blocks of punctuation out.
bool IsUnicodeIdChar(uint32_t cp) {
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, arrows, math, symbols
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF20) return false;
  return true;
}

// ASCII characters that continue an identifier: letters, digits, '_' and '-'.
constexpr auto kAsciiIdChar = [] {
  std::array<bool, 128> table{};
  for (int c = 0; c < 128; ++c) {
    table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }
  return table;
}();

class Lexer {
 public:
  Lexer(const SourceFile& src, std::vector<Diagnostic>* diags) : file_(src), s_(src.text()), diags_(diags) {}

  std::vector<Token> Run(LexMode mode, Range region) {
    s_ = s_.substr(0, region.end);
    toks_.reserve((s_.size() - region.start) / 4 + 16);
    size_t p = region.start;
    if (s_.substr(p, 3) == "\xEF\xBB\xBF") p += 3;
    modes_.push_back(mode == LexMode::kConfig ? Mode::kMain : Mode::kBare);
    while (p < s_.size()) {
      switch (modes_.back()) {
        case Mode::kMain: p = Main(p); break;
        case Mode::kString: p = String(p); break;
        case Mode::kHeredoc: p = HeredocBody(p); break;
        case Mode::kBare: p = Bare(p); break;
      }
    }
    Emit(Tok::kEof, s_.size(), s_.size());
    return std::move(toks_);
  }

 private:
  void Emit(Tok t, size_t a, size_t b) { toks_.push_back(Token{t, static_cast<uint32_t>(a), static_cast<uint32_t>(b)}); }

  void Error(size_t a, size_t b, const char* summary, std::string detail) {
    Diagnostic d;
    d.summary = summary;
    d.detail = std::move(detail);
    d.file = file_.name();
    d.start = file_.PosAt(static_cast<uint32_t>(a));
    d.end = file_.PosAt(static_cast<uint32_t>(b));
    diags_->push_back(std::move(d));
  }

  // Token errors, reported at most a few times each like HashiCorp's checkInvalidTokens.
  void Bad(Tok t, size_t a, size_t b) {
    Emit(t, a, b);
    switch (t) {
      case Tok::kBitwiseAnd: case Tok::kBitwiseOr: case Tok::kBitwiseXor: case Tok::kBitwiseNot:
        if (told_bitwise_++ < 4) Error(a, b, "Unsupported operator", "Bitwise operators are not supported.");
        break;
      case Tok::kBacktick:
        if (told_backtick_ % 2 == 0) Error(a, b, "Invalid character", "The \"`\" character is not valid.");
        if (told_backtick_ <= 2) ++told_backtick_;
        break;
      case Tok::kApostrophe:
        if (told_apostrophe_ % 2 == 0)
          Error(a, b, "Invalid character", "Single quotes are not valid. Use double quotes (\") to enclose strings.");
        if (told_apostrophe_ <= 2) ++told_apostrophe_;
        break;
      case Tok::kSemicolon:
        if (told_semicolon_++ < 1) Error(a, b, "Invalid character", "The \";\" character is not valid.");
        break;
      case Tok::kBadUtf8:
        if (told_utf8_++ < 1) Error(a, b, "Invalid character encoding", "All input files must be UTF-8 encoded.");
        break;
      case Tok::kQuotedNewline:
        Error(a, b, "Invalid multi-line string", "Quoted strings may not be split over multiple lines.");
        break;
      case Tok::kInvalid:
        Error(a, b, "Invalid character", "This character is not used within the language.");
        break;
      default:
        break;
    }
  }

  // One unrecognised character: a valid UTF-8 sequence is "invalid", anything else "bad UTF-8".
  size_t BadChar(size_t p) {
    size_t n = Utf8Len(s_, p);
    if (n == 0) {
      Bad(Tok::kBadUtf8, p, p + 1);
      return p + 1;
    }
    Bad(Tok::kInvalid, p, p + n);
    return p + n;
  }

  size_t IdentEnd(size_t p) const {
    const size_t size = s_.size();
    while (p < size) {
      unsigned char c = static_cast<unsigned char>(s_[p]);
      if (c < 0x80) {
        if (kAsciiIdChar[c]) {
          ++p;
          continue;
        }
        break;
      }
      size_t n = Utf8Len(s_, p);
      if (n == 0 || !IsUnicodeIdChar(CodePoint(s_, p, n))) break;
      p += n;
    }
    return p;
  }

  // Number literal: a digit, then digits, dots and exponents, never ending on a dot.
  size_t NumberEnd(size_t p) const {
    size_t end = ++p;
    while (p < s_.size()) {
      char c = s_[p];
      if (IsDigit(c)) {
        end = ++p;
      } else if (c == '.') {
        ++p;
      } else if ((c == 'e' || c == 'E')) {
        size_t q = p + 1;
        if (q < s_.size() && (s_[q] == '+' || s_[q] == '-')) ++q;
        if (q < s_.size() && IsDigit(s_[q])) {
          p = end = q + 1;
        } else {
          break;
        }
      } else {
        break;
      }
    }
    return end;
  }

  size_t Main(size_t p) {
    unsigned char c = static_cast<unsigned char>(s_[p]);
    auto next = [&](size_t i) -> char { return p + i < s_.size() ? s_[p + i] : '\0'; };
    switch (c) {
      case ' ': case '\t': {
        // Indentation is most of a file's bytes: scan it with plain pointers.
        const char* q = s_.data() + p;
        const char* end = s_.data() + s_.size();
        while (q < end && (*q == ' ' || *q == '\t')) ++q;
        return static_cast<size_t>(q - s_.data());
      }
      case '\n': Emit(Tok::kNewline, p, p + 1); return p + 1;
      case '\r':
        if (next(1) == '\n') {
          Emit(Tok::kNewline, p, p + 2);
          return p + 2;
        }
        return BadChar(p);
      case '#': return LineComment(p);
      case '/':
        if (next(1) == '/') return LineComment(p);
        if (next(1) == '*') {
          size_t close = s_.find("*/", p + 2);
          if (close != std::string_view::npos) {
            Emit(Tok::kComment, p, close + 2);
            return close + 2;
          }
        }
        Emit(Tok::kSlash, p, p + 1);
        return p + 1;
      case '{':
        Emit(Tok::kOBrace, p, p + 1);
        ++braces_;
        return p + 1;
      case '}': return CloseBrace(p, p + 1, false);
      case '~':
        if (next(1) == '}') return CloseBrace(p, p + 2, true);
        Bad(Tok::kBitwiseNot, p, p + 1);
        return p + 1;
      case '"':
        Emit(Tok::kOQuote, p, p + 1);
        modes_.push_back(Mode::kString);
        return p + 1;
      case '<':
        if (next(1) == '<') {
          size_t q = p + 2;
          if (next(2) == '-') ++q;
          if (q < s_.size() && (IsAsciiIdStart(s_[q]) || s_[q] == '_' || static_cast<unsigned char>(s_[q]) >= 0x80)) {
            size_t id_end = IdentEnd(q);
            size_t nl = id_end;
            if (nl < s_.size() && s_[nl] == '\r') ++nl;
            if (id_end > q && nl < s_.size() && s_[nl] == '\n') {
              Emit(Tok::kOHeredoc, p, nl + 1);
              heredocs_.push_back(Heredoc{s_.substr(q, id_end - q), true});
              modes_.push_back(Mode::kHeredoc);
              return nl + 1;
            }
          }
        }
        if (next(1) == '=') return Two(Tok::kLessEq, p);
        Emit(Tok::kLess, p, p + 1);
        return p + 1;
      case '>': if (next(1) == '=') return Two(Tok::kGreaterEq, p); return One(Tok::kGreater, p);
      case '=':
        if (next(1) == '=') return Two(Tok::kEqualOp, p);
        if (next(1) == '>') return Two(Tok::kFatArrow, p);
        return One(Tok::kEqual, p);
      case '!': if (next(1) == '=') return Two(Tok::kNotEqual, p); return One(Tok::kBang, p);
      case '&':
        if (next(1) == '&') return Two(Tok::kAnd, p);
        Bad(Tok::kBitwiseAnd, p, p + 1);
        return p + 1;
      case '|':
        if (next(1) == '|') return Two(Tok::kOr, p);
        Bad(Tok::kBitwiseOr, p, p + 1);
        return p + 1;
      case ':': if (next(1) == ':') return Two(Tok::kDoubleColon, p); return One(Tok::kColon, p);
      case '.':
        if (next(1) == '.' && next(2) == '.') {
          Emit(Tok::kEllipsis, p, p + 3);
          return p + 3;
        }
        return One(Tok::kDot, p);
      case '[': return One(Tok::kOBrack, p);
      case ']': return One(Tok::kCBrack, p);
      case '(': return One(Tok::kOParen, p);
      case ')': return One(Tok::kCParen, p);
      case ',': return One(Tok::kComma, p);
      case '*': return One(Tok::kStar, p);
      case '%': return One(Tok::kPercent, p);
      case '+': return One(Tok::kPlus, p);
      case '-': return One(Tok::kMinus, p);
      case '?': return One(Tok::kQuestion, p);
      case '^': Bad(Tok::kBitwiseXor, p, p + 1); return p + 1;
      case ';': Bad(Tok::kSemicolon, p, p + 1); return p + 1;
      case '`': Bad(Tok::kBacktick, p, p + 1); return p + 1;
      case '\'': Bad(Tok::kApostrophe, p, p + 1); return p + 1;
      default: break;
    }
    if (IsDigit(c)) {
      size_t e = NumberEnd(p);
      Emit(Tok::kNumberLit, p, e);
      return e;
    }
    if (IsAsciiIdStart(c) || c == '_') {
      size_t e = IdentEnd(p + 1);
      Emit(Tok::kIdent, p, e);
      return e;
    }
    if (c >= 0x80) {
      size_t n = Utf8Len(s_, p);
      if (n != 0 && IsUnicodeIdChar(CodePoint(s_, p, n))) {
        size_t e = IdentEnd(p + n);
        Emit(Tok::kIdent, p, e);
        return e;
      }
    }
    return BadChar(p);
  }

  size_t One(Tok t, size_t p) { Emit(t, p, p + 1); return p + 1; }
  size_t Two(Tok t, size_t p) { Emit(t, p, p + 2); return p + 2; }

  // "#" and "//" comments run to the end of the line and include its newline.
  size_t LineComment(size_t p) {
    size_t nl = s_.find('\n', p);
    size_t e = nl == std::string_view::npos ? s_.size() : nl + 1;
    Emit(Tok::kComment, p, e);
    return e;
  }

  // "}" or "~}": ends an interpolation when it balances the brace that opened it.
  size_t CloseBrace(size_t p, size_t e, bool strip) {
    if (!ret_braces_.empty() && ret_braces_.back() == braces_) {
      Emit(Tok::kTemplateSeqEnd, p, e);
      --braces_;
      ret_braces_.pop_back();
      modes_.pop_back();
      return e;
    }
    Emit(strip ? Tok::kTemplateSeqEnd : Tok::kCBrace, p, e);
    --braces_;
    return e;
  }

  // "${" / "%{" with an optional "~": enters expression mode until the balancing brace.
  size_t OpenSequence(size_t p) {
    size_t e = p + 2;
    if (e < s_.size() && s_[e] == '~') ++e;
    Emit(s_[p] == '$' ? Tok::kTemplateInterp : Tok::kTemplateControl, p, e);
    ++braces_;
    ret_braces_.push_back(braces_);
    if (!heredocs_.empty()) heredocs_.back().start_of_line = false;
    modes_.push_back(Mode::kMain);
    return e;
  }

  // For "$" or "%" at p not opening a sequence: the length of the literal chunk it starts
  // ("$${" and "%%{" are escapes of three bytes, a lone sign is one byte).
  size_t SignChunk(size_t p) const {
    if (p + 2 < s_.size() + 0 && s_[p + 1] == s_[p] && p + 2 < s_.size() && s_[p + 2] == '{') return 3;
    return 1;
  }

  bool OpensSequence(size_t p) const { return p + 1 < s_.size() && s_[p + 1] == '{'; }

  size_t String(size_t p) {
    char c = s_[p];
    if ((c == '$' || c == '%') && OpensSequence(p)) return OpenSequence(p);
    if (c == '"') {
      Emit(Tok::kCQuote, p, p + 1);
      modes_.pop_back();
      return p + 1;
    }
    if (c == '\n' || c == '\r') {
      size_t e = p;
      while (e < s_.size() && (s_[e] == '\n' || s_[e] == '\r')) ++e;
      Bad(Tok::kQuotedNewline, p, e);
      return e;
    }
    if (c == '$' || c == '%') {
      size_t n = SignChunk(p);
      Emit(Tok::kQuotedLit, p, p + n);
      return p + n;
    }
    size_t e = p;
    while (e < s_.size()) {
      unsigned char d = static_cast<unsigned char>(s_[e]);
      if (d == '$' || d == '%' || d == '"' || d == '\n' || d == '\r') break;
      if (d == '\\') {
        if (e + 1 >= s_.size() || s_[e + 1] == '\n' || s_[e + 1] == '\r') break;
        size_t n = Utf8Len(s_, e + 1);
        if (n == 0) break;
        e += 1 + n;
        continue;
      }
      if (d >= 0x80) {
        size_t n = Utf8Len(s_, e);
        if (n == 0) break;
        e += n;
        continue;
      }
      ++e;
    }
    if (e == p) return BadChar(p);
    Emit(Tok::kQuotedLit, p, e);
    return e;
  }

  // A literal chunk of a heredoc or bare template: up to "$", "%", or the end of the line.
  size_t LiteralChunkEnd(size_t p) const {
    size_t e = p;
    while (e < s_.size()) {
      unsigned char d = static_cast<unsigned char>(s_[e]);
      if (d == '$' || d == '%' || d == '\n' || d == '\r') break;
      if (d >= 0x80) {
        size_t n = Utf8Len(s_, e);
        if (n == 0) break;
        e += n;
        continue;
      }
      ++e;
    }
    return e;
  }

  size_t HeredocBody(size_t p) {
    char c = s_[p];
    if ((c == '$' || c == '%') && OpensSequence(p)) return OpenSequence(p);
    size_t e = (c == '$' || c == '%') ? p + SignChunk(p) : LiteralChunkEnd(p);
    if (e == p && (static_cast<unsigned char>(c) >= 0x80)) {
      Bad(Tok::kBadUtf8, p, p + 1);
      return p + 1;
    }
    size_t eol = e;
    if (eol < s_.size() && s_[eol] == '\r' && eol + 1 < s_.size() && s_[eol + 1] == '\n') ++eol;
    if (eol < s_.size() && s_[eol] == '\n') {
      Heredoc& top = heredocs_.back();
      if (top.start_of_line) {
        std::string_view line = s_.substr(p, e - p);
        size_t a = line.find_first_not_of(" \t");
        size_t b = line.find_last_not_of(" \t");
        if (a != std::string_view::npos && line.substr(a, b - a + 1) == top.marker) {
          Emit(Tok::kCHeredoc, p, e);
          Emit(Tok::kNewline, e, eol + 1);
          heredocs_.pop_back();
          modes_.pop_back();
          return eol + 1;
        }
      }
      top.start_of_line = true;
      Emit(Tok::kStringLit, p, eol + 1);
      return eol + 1;
    }
    if (e == p) {  // a lone "\r"
      Emit(Tok::kStringLit, p, p + 1);
      return p + 1;
    }
    heredocs_.back().start_of_line = false;
    Emit(Tok::kStringLit, p, e);
    return e;
  }

  size_t Bare(size_t p) {
    char c = s_[p];
    if ((c == '$' || c == '%') && OpensSequence(p)) return OpenSequence(p);
    size_t e = (c == '$' || c == '%') ? p + SignChunk(p) : LiteralChunkEnd(p);
    if (e == p) {
      if (c == '\r' && p + 1 < s_.size() && s_[p + 1] == '\n') e = p + 2;
      else if (c == '\n' || c == '\r') e = p + 1;
      else {
        Bad(Tok::kBadUtf8, p, p + 1);
        return p + 1;
      }
    } else if (e < s_.size() && s_[e] == '\n') {
      ++e;
    }
    Emit(Tok::kStringLit, p, e);
    return e;
  }

  const SourceFile& file_;
  std::string_view s_;
  std::vector<Diagnostic>* diags_;
  std::vector<Token> toks_;
  std::vector<Mode> modes_;
  std::vector<Heredoc> heredocs_;
  std::vector<int> ret_braces_;
  int braces_ = 0;
  int told_bitwise_ = 0, told_backtick_ = 0, told_apostrophe_ = 0, told_semicolon_ = 0, told_utf8_ = 0;
};

}  // namespace

std::vector<Token> Lex(const SourceFile& src, LexMode mode, std::vector<Diagnostic>* diags) {
  return Lexer(src, diags).Run(mode, Range{0, static_cast<uint32_t>(src.text().size())});
}

std::vector<Token> Lex(const SourceFile& src, LexMode mode, std::vector<Diagnostic>* diags, Range region) {
  return Lexer(src, diags).Run(mode, region);
}

const char* TokName(Tok t) {
  switch (t) {
    case Tok::kOBrace: return "\"{\"";
    case Tok::kCBrace: return "\"}\"";
    case Tok::kOBrack: return "\"[\"";
    case Tok::kCBrack: return "\"]\"";
    case Tok::kOParen: return "\"(\"";
    case Tok::kCParen: return "\")\"";
    case Tok::kOQuote: case Tok::kCQuote: return "quote";
    case Tok::kOHeredoc: case Tok::kCHeredoc: return "heredoc marker";
    case Tok::kNewline: return "newline";
    case Tok::kEof: return "end of file";
    case Tok::kIdent: return "identifier";
    case Tok::kNumberLit: return "number";
    case Tok::kComma: return "\",\"";
    case Tok::kEqual: return "\"=\"";
    case Tok::kColon: return "\":\"";
    default: return "token";
  }
}

}  // namespace faber::reconciler::hcl
