#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "reconciler/hcl/source.h"

namespace faber::reconciler::hcl {

// Token kinds of the HCL native syntax (hclsyntax spec, "Lexical Elements").
enum class Tok : uint8_t {
  kOBrace, kCBrace, kOBrack, kCBrack, kOParen, kCParen,
  kOQuote, kCQuote, kOHeredoc, kCHeredoc,
  kStar, kSlash, kPlus, kMinus, kPercent,
  kEqual, kEqualOp, kNotEqual, kLess, kLessEq, kGreater, kGreaterEq,
  kAnd, kOr, kBang, kDot, kComma, kDoubleColon, kEllipsis, kFatArrow, kQuestion, kColon,
  kTemplateInterp, kTemplateControl, kTemplateSeqEnd,
  kQuotedLit,  // a chunk of a quoted string: may hold backslash escapes
  kStringLit,  // a chunk of a heredoc or bare template: no backslash escapes
  kNumberLit, kIdent, kComment, kNewline, kEof,
  // Tokens that are always errors; the lexer reports them.
  kBitwiseAnd, kBitwiseOr, kBitwiseNot, kBitwiseXor, kApostrophe, kBacktick, kSemicolon,
  kInvalid, kBadUtf8, kQuotedNewline,
};

struct Token {
  Tok type;
  uint32_t start;  // byte offsets into the source
  uint32_t end;
};

// Where lexing starts: a whole config file, or a bare template (a JSON-syntax string).
enum class LexMode { kConfig, kTemplate };

// Splits `src` (or only its bytes in `region`) into tokens, ending with kEof; appends lexical
// errors (bad characters, multi-line quoted strings, bad UTF-8) to `diags` in token order, as
// HashiCorp's scanner does. Token offsets are always relative to the whole file.
std::vector<Token> Lex(const SourceFile& src, LexMode mode, std::vector<Diagnostic>* diags);
std::vector<Token> Lex(const SourceFile& src, LexMode mode, std::vector<Diagnostic>* diags, Range region);

// Returns a short name for `t` for messages ("identifier", "\"}\"", ...).
const char* TokName(Tok t);

}  // namespace faber::reconciler::hcl
