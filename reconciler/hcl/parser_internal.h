#pragma once

// The recursive-descent parser shared by parser.cc (bodies), parser_expression.cc (expressions)
// and parser_template.cc (templates). Follows the grammar and error recovery of hclsyntax so that
// the first diagnostic lands where HashiCorp's parser puts it.

#include <string>
#include <vector>

#include "reconciler/hcl/ast.h"
#include "reconciler/hcl/lexer.h"

namespace faber::reconciler::hcl::internal {

class Parser {
 public:
  Parser(File& file, const std::vector<Token>& toks) : f_(file), toks_(toks) {}

  Body* ParseBody(Tok end);
  Expr* ParseExpression();
  // A bare template (JSON-syntax strings): tokens up to kEof.
  Expr* ParseBareTemplate();

 private:
  friend class TemplateBuilder;

  // Token access with the newline-sensitivity stack of the spec: inside brackets newlines are
  // insignificant, in bodies and object constructors they end items. Comments are skipped, but a
  // line comment still ends its line.
  const Token& Peek() {
    if (peek_.from == next_ && peek_.newlines == static_cast<bool>(nl_stack_.back())) return peek_.token;
    size_t i;
    return NextToken(&i);
  }
  Token Read() { size_t i; Token t = NextToken(&i); next_ = i; return t; }
  const Token& NextToken(size_t* next_index);
  Range NextRange() { return Range{Peek().start, Peek().end}; }
  Range PrevRange();
  void PushNewlines(bool include) { nl_stack_.push_back(include); }
  void PopNewlines() { nl_stack_.pop_back(); }
  bool IsKeyword(const Token& t, std::string_view kw) const {
    return t.type == Tok::kIdent && Text(t) == kw;
  }
  std::string_view Text(const Token& t) const { return f_.source.text().substr(t.start, t.end - t.start); }

  void Err(Range subject, std::string summary, std::string detail = "");

  // Blocks, brackets and templates nested deeper than this are an error, not a stack overflow:
  // HCL itself sets no limit, and no real configuration comes near it.
  static constexpr int kMaxNesting = 256;
  // One level of nesting for as long as it lives; `ok` is false past kMaxNesting, after which the
  // parser reports it once and reads no further (every loop sees the end of the file).
  struct Nesting {
    Nesting(Parser* parser, Range at);
    ~Nesting() { --p->nesting_; }
    Parser* p;
    bool ok;
  };
  Token Recover(Tok end);
  void RecoverOver(Tok start);
  void RecoverAfterBodyItem();

  Expr* NewExpr(ExprKind kind, Range r) {
    Expr* e = f_.New<Expr>();
    e->kind = kind;
    e->range = r;
    return e;
  }
  Expr* Placeholder(Range r) { return NewExpr(ExprKind::kLiteral, r); }

  // Body items.
  bool ParseBodyItem(std::pmr::vector<Attribute>* attrs, std::pmr::vector<Block*>* blocks, const Token& ident);
  Attribute FinishAttribute(const Token& ident, bool single_line);
  Block* FinishBlock(const Token& ident);
  bool ParseSingleAttrBody(Body* body);

  // Expressions.
  Expr* ParseTernary();
  Expr* ParseBinary(int min_level);
  Expr* ParseWithTraversals();
  Expr* ParseTraversals(Expr* from);
  Expr* ParseTerm();
  Expr* FinishFunctionCall(const Token& name);
  Expr* ParseTuple();
  Expr* ParseObject();
  Expr* FinishFor(const Token& open);
  Expr* NumberLiteral(const Token& t);
  std::string_view ParseQuotedLabel(Range* range);
  Expr* AppendTraverser(Expr* e, Traverser t);

  // Templates (parser_template.cc).
  Expr* ParseTemplate(Tok end, bool flush_heredoc, Range open_range);
  std::string DecodeLiteral(const Token& t, bool quoted);
  Expr* PlainQuotedString(Range open_range);

  File& f_;
  const std::vector<Token>& toks_;
  size_t next_ = 0;
  std::vector<char> nl_stack_{true};
  struct PeekCache {
    size_t from = static_cast<size_t>(-1);
    bool newlines = false;
    size_t next = 0;
    Token token{};
  } peek_;
  bool recovery_ = false;
  int nesting_ = 0;
  bool too_deep_ = false;  // set once the limit is passed: other errors are consequences of it
};

// Range spanning a and b.
inline Range Between(Range a, Range b) { return Range{a.start, b.end}; }
// The source range of token `t`.
inline Range R(const Token& t) { return Range{t.start, t.end}; }
// The closer of opener `t` or the opener of closer `t` (both template openers close with
// kTemplateSeqEnd, whose opener is taken to be kTemplateInterp); kEof for any other token.
Tok Opposite(Tok t);

}  // namespace faber::reconciler::hcl::internal
