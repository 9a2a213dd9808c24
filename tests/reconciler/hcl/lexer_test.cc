#include "reconciler/hcl/lexer.h"

#include <gtest/gtest.h>

namespace faber::reconciler::hcl {
namespace {

std::vector<Tok> Types(const std::string& text, std::vector<Diagnostic>* diags = nullptr) {
  SourceFile f("t.tf", text);
  std::vector<Diagnostic> local;
  std::vector<Tok> out;
  for (const Token& t : Lex(f, LexMode::kConfig, diags ? diags : &local)) out.push_back(t.type);
  return out;
}

TEST(LexerTest, OperatorsTakeTheLongestMatch) {
  EXPECT_EQ(Types("a == b != c <= d >= e && f || g => h ... i :: j"),
            (std::vector<Tok>{Tok::kIdent, Tok::kEqualOp, Tok::kIdent, Tok::kNotEqual, Tok::kIdent, Tok::kLessEq,
                              Tok::kIdent, Tok::kGreaterEq, Tok::kIdent, Tok::kAnd, Tok::kIdent, Tok::kOr, Tok::kIdent,
                              Tok::kFatArrow, Tok::kIdent, Tok::kEllipsis, Tok::kIdent, Tok::kDoubleColon, Tok::kIdent,
                              Tok::kEof}));
}

TEST(LexerTest, NumbersNeverEndOnADot) {
  SourceFile f("t.tf", "a.0.b 1.5e+3 2e 7.");
  std::vector<Diagnostic> d;
  auto toks = Lex(f, LexMode::kConfig, &d);
  std::vector<std::string> texts;
  for (const auto& t : toks) texts.emplace_back(f.text().substr(t.start, t.end - t.start));
  EXPECT_EQ(texts, (std::vector<std::string>{"a", ".", "0", ".", "b", "1.5e+3", "2", "e", "7", ".", ""}));
}

TEST(LexerTest, IdentifiersMayHoldDashesAndLetters) {
  SourceFile f("t.tf", "foo-bar_1 héllo");
  std::vector<Diagnostic> d;
  auto toks = Lex(f, LexMode::kConfig, &d);
  ASSERT_EQ(toks.size(), 3u);
  EXPECT_EQ(toks[0].end, 9u);
  EXPECT_EQ(toks[1].type, Tok::kIdent);
  EXPECT_TRUE(d.empty());
}

TEST(LexerTest, CommentsIncludeTheirNewline) {
  EXPECT_EQ(Types("# a\n// b\n/* c\n d */x"),
            (std::vector<Tok>{Tok::kComment, Tok::kComment, Tok::kComment, Tok::kIdent, Tok::kEof}));
  // An unterminated block comment is a slash and a star, as in HashiCorp's scanner.
  EXPECT_EQ(Types("/* x"), (std::vector<Tok>{Tok::kSlash, Tok::kStar, Tok::kIdent, Tok::kEof}));
}

TEST(LexerTest, NestedTemplatesBalanceBraces) {
  EXPECT_EQ(Types(R"("a ${ {b = "${c}"} } d")"),
            (std::vector<Tok>{Tok::kOQuote, Tok::kQuotedLit, Tok::kTemplateInterp, Tok::kOBrace, Tok::kIdent,
                              Tok::kEqual, Tok::kOQuote, Tok::kTemplateInterp, Tok::kIdent, Tok::kTemplateSeqEnd,
                              Tok::kCQuote, Tok::kCBrace, Tok::kTemplateSeqEnd, Tok::kQuotedLit, Tok::kCQuote, Tok::kEof}));
}

TEST(LexerTest, EscapedSequencesStayLiteral) {
  EXPECT_EQ(Types(R"("$${a} %%{b} $ %")"),
            (std::vector<Tok>{Tok::kOQuote, Tok::kQuotedLit, Tok::kQuotedLit, Tok::kQuotedLit, Tok::kQuotedLit,
                              Tok::kQuotedLit, Tok::kQuotedLit, Tok::kQuotedLit, Tok::kCQuote, Tok::kEof}));
}

TEST(LexerTest, HeredocEndsAtItsMarkerLineOnly) {
  EXPECT_EQ(Types("x = <<EOT\nEOTX\n  EOT\ny"),
            (std::vector<Tok>{Tok::kIdent, Tok::kEqual, Tok::kOHeredoc, Tok::kStringLit, Tok::kCHeredoc, Tok::kNewline,
                              Tok::kIdent, Tok::kEof}));
}

TEST(LexerTest, HeredocWithInterpolationAndCrlf) {
  EXPECT_EQ(Types("<<-EOT\r\n  a ${b}\r\n  EOT\r\n"),
            (std::vector<Tok>{Tok::kOHeredoc, Tok::kStringLit, Tok::kTemplateInterp, Tok::kIdent,
                              Tok::kTemplateSeqEnd, Tok::kStringLit, Tok::kCHeredoc, Tok::kNewline, Tok::kEof}));
}

TEST(LexerTest, InvalidCharactersAreReportedWithPositions) {
  std::vector<Diagnostic> d;
  Types("a = 'x'\nb = 1 ; c\nd = \"a\nb\"\ne = \xff", &d);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].summary, "Invalid character");
  EXPECT_EQ(d[0].start.line, 1u);
  EXPECT_EQ(d[0].start.column, 5u);
  EXPECT_EQ(d[1].start.line, 2u);
  EXPECT_EQ(d[1].start.column, 7u);
  EXPECT_EQ(d[2].summary, "Invalid multi-line string");
  EXPECT_EQ(d[3].summary, "Invalid character encoding");
  EXPECT_EQ(d[3].start.line, 5u);
}

TEST(LexerTest, ByteOrderMarkIsSkipped) {
  EXPECT_EQ(Types("\xEF\xBB\xBF" "a = 1"), (std::vector<Tok>{Tok::kIdent, Tok::kEqual, Tok::kNumberLit, Tok::kEof}));
}

TEST(LexerTest, ColumnsCountCharactersNotBytes) {
  SourceFile f("t.tf", "x = \"é\" y");
  EXPECT_EQ(f.PosAt(9).column, 9u);  // "y" after a two-byte character
  EXPECT_EQ(f.PosAt(9).line, 1u);
}

}  // namespace
}  // namespace faber::reconciler::hcl
