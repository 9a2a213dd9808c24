#include "reconciler/hcl/parser.h"

#include <cstdlib>
#include <cstring>

#include "reconciler/hcl/parser_internal.h"

namespace faber::reconciler::hcl {

bool File::HasErrors() const {
  for (const auto& d : diags) {
    if (d.severity == Severity::kError) return true;
  }
  return false;
}

std::string_view File::StoreString(std::string_view s) {
  if (s.empty()) return {};
  char* p = static_cast<char*>(arena.allocate(s.size(), 1));
  std::memcpy(p, s.data(), s.size());
  return std::string_view(p, s.size());
}

namespace internal {
namespace {

Range R(const Token& t) { return Range{t.start, t.end}; }

Tok Opposite(Tok t) {
  switch (t) {
    case Tok::kOBrace: return Tok::kCBrace;
    case Tok::kOBrack: return Tok::kCBrack;
    case Tok::kOParen: return Tok::kCParen;
    case Tok::kOQuote: return Tok::kCQuote;
    case Tok::kOHeredoc: return Tok::kCHeredoc;
    case Tok::kCBrace: return Tok::kOBrace;
    case Tok::kCBrack: return Tok::kOBrack;
    case Tok::kCParen: return Tok::kOParen;
    case Tok::kCQuote: return Tok::kOQuote;
    case Tok::kCHeredoc: return Tok::kOHeredoc;
    case Tok::kTemplateControl: case Tok::kTemplateInterp: return Tok::kTemplateSeqEnd;
    case Tok::kTemplateSeqEnd: return Tok::kTemplateInterp;
    default: return Tok::kEof;  // never matched as an opener
  }
}

// Binary operator levels, lowest precedence first; all left-associative.
Op BinaryOp(int level, Tok t) {
  switch (level) {
    case 0: return t == Tok::kOr ? Op::kOr : Op::kNone;
    case 1: return t == Tok::kAnd ? Op::kAnd : Op::kNone;
    case 2: return t == Tok::kEqualOp ? Op::kEq : t == Tok::kNotEqual ? Op::kNotEq : Op::kNone;
    case 3:
      return t == Tok::kGreater ? Op::kGreater : t == Tok::kGreaterEq ? Op::kGreaterEq
           : t == Tok::kLess ? Op::kLess : t == Tok::kLessEq ? Op::kLessEq : Op::kNone;
    case 4: return t == Tok::kPlus ? Op::kAdd : t == Tok::kMinus ? Op::kSub : Op::kNone;
    case 5: return t == Tok::kStar ? Op::kMul : t == Tok::kSlash ? Op::kDiv : t == Tok::kPercent ? Op::kMod : Op::kNone;
    default: return Op::kNone;
  }
}
constexpr int kBinaryLevels = 6;

// The binary operator `t` stands for, and its level in *level; Op::kNone when it is none.
Op AnyBinaryOp(Tok t, int* level) {
  for (int l = 0; l < kBinaryLevels; ++l) {
    Op op = BinaryOp(l, t);
    if (op != Op::kNone) {
      *level = l;
      return op;
    }
  }
  return Op::kNone;
}

}  // namespace

const Token& Parser::NextToken(size_t* next_index) {
  const bool nl = nl_stack_.back();
  // The parser peeks the same position many times; tokens never change, so the answer for a
  // (position, newline mode) pair can be reused. The answer is returned by reference: building a
  // Token in registers from its parts stalls on store forwarding in this hot path.
  if (peek_.from == next_ && peek_.newlines == nl) {
    *next_index = peek_.next;
    return peek_.token;
  }
  peek_.from = next_;
  peek_.newlines = nl;
  for (size_t i = next_; i < toks_.size(); ++i) {
    const Token& t = toks_[i];
    if (t.type == Tok::kComment) {
      if (nl && t.end > t.start && f_.source.text()[t.end - 1] == '\n') {
        peek_.next = *next_index = i + 1;
        peek_.token = Token{Tok::kNewline, t.start, t.end};
        return peek_.token;
      }
      continue;
    }
    if (t.type == Tok::kNewline && !nl) continue;
    peek_.next = *next_index = i + 1;
    peek_.token = t;
    return peek_.token;
  }
  peek_.next = *next_index = toks_.size();
  peek_.token = toks_.back();
  return peek_.token;
}

Range Parser::PrevRange() {
  if (next_ == 0) return NextRange();
  return R(toks_[next_ - 1]);
}

void Parser::Err(Range subject, std::string summary, std::string detail) {
  Diagnostic d;
  d.summary = std::move(summary);
  d.detail = std::move(detail);
  d.file = f_.source.name();
  d.start = f_.source.PosAt(subject.start);
  d.end = f_.source.PosAt(subject.end);
  f_.diags.push_back(std::move(d));
}

Token Parser::Recover(Tok end) {
  Tok start = Opposite(end);
  recovery_ = true;
  int nest = 0;
  for (;;) {
    Token t = Read();
    Tok ty = t.type;
    if (end == Tok::kTemplateSeqEnd && ty == Tok::kTemplateControl) ty = Tok::kTemplateInterp;
    if (ty == Tok::kEof) return t;
    if (ty == start && start != end) {
      ++nest;
    } else if (ty == end) {
      if (nest < 1) return t;
      --nest;
    }
  }
}

void Parser::RecoverOver(Tok start) {
  for (;;) {
    Token t = Read();
    if (t.type == start || t.type == Tok::kEof) break;
  }
  Recover(Opposite(start));
}

void Parser::RecoverAfterBodyItem() {
  recovery_ = true;
  std::vector<Tok> open;
  for (;;) {
    Token t = Read();
    switch (t.type) {
      case Tok::kNewline:
        if (open.empty()) return;
        break;
      case Tok::kEof: return;
      case Tok::kOBrace: case Tok::kOBrack: case Tok::kOParen: case Tok::kOQuote: case Tok::kOHeredoc:
      case Tok::kTemplateInterp: case Tok::kTemplateControl:
        open.push_back(t.type);
        break;
      case Tok::kCBrace: case Tok::kCBrack: case Tok::kCParen: case Tok::kCQuote: case Tok::kCHeredoc: {
        Tok opener = Opposite(t.type);
        while (!open.empty() && open.back() != opener) open.pop_back();
        if (!open.empty()) open.pop_back();
        break;
      }
      case Tok::kTemplateSeqEnd:
        while (!open.empty() && open.back() != Tok::kTemplateInterp && open.back() != Tok::kTemplateControl)
          open.pop_back();
        if (!open.empty()) open.pop_back();
        break;
      default: break;
    }
  }
}

Body* Parser::ParseBody(Tok end) {
  auto attrs = f_.List<Attribute>();
  auto blocks = f_.List<Block*>();
  Range start = PrevRange();
  Range end_range = start;
  for (;;) {
    Token next = Peek();
    if (next.type == end) {
      end_range = R(next);
      Read();
      break;
    }
    if (next.type == Tok::kNewline) {
      Read();
      continue;
    }
    if (next.type == Tok::kIdent) {
      // Each body item starts afresh, so that one mistake does not hide those in later items;
      // within an item only the first problem is reported, as HashiCorp's parser does.
      recovery_ = false;
      Token ident = Read();
      ParseBodyItem(&attrs, &blocks, ident);
      continue;
    }
    Token bad = Read();
    if (!recovery_) {
      if (bad.type == Tok::kOQuote) {
        Err(R(bad), "Invalid argument name", "Argument names must not be quoted.");
      } else if (bad.type == Tok::kEof) {
        if (end == Tok::kCBrace) {
          Err(start, "Unclosed configuration block",
              "There is no closing brace for this block before the end of the file.");
        } else {
          Err(start, "Unclosed configuration body", "Found end of file before the end of this configuration body.");
        }
      } else {
        Err(R(bad), "Argument or block definition required", "An argument or block definition is required here.");
      }
    }
    end_range = PrevRange();
    Recover(end);
    break;
  }
  Body* body = f_.New<Body>();
  body->attributes = File::Adopt(attrs);
  body->blocks = File::Adopt(blocks);
  body->range = Between(start, end_range);
  return body;
}

bool Parser::ParseBodyItem(std::pmr::vector<Attribute>* attrs, std::pmr::vector<Block*>* blocks, const Token& ident) {
  Token next = Peek();
  if (next.type == Tok::kEqual) {
    Attribute a = FinishAttribute(ident, false);
    for (const Attribute& existing : *attrs) {
      if (existing.name == a.name) {
        Pos p = f_.source.PosAt(existing.name_range.start);
        Err(a.name_range, "Attribute redefined",
            "The argument \"" + std::string(a.name) + "\" was already set at " + f_.source.name() + ":" +
                std::to_string(p.line) + "," + std::to_string(p.column) + ". Each argument may be set only once.");
        return false;
      }
    }
    attrs->push_back(a);
    return true;
  }
  if (next.type == Tok::kOQuote || next.type == Tok::kOBrace || next.type == Tok::kIdent) {
    blocks->push_back(FinishBlock(ident));
    return true;
  }
  RecoverAfterBodyItem();
  Err(R(ident), "Argument or block definition required",
      "An argument or block definition is required here. To set an argument, use the equals sign \"=\" to "
      "introduce the argument value.");
  return false;
}

Attribute Parser::FinishAttribute(const Token& ident, bool single_line) {
  Read();  // "="
  size_t diags_before = f_.diags.size();
  Expr* expr = ParseExpression();
  Range end_range = PrevRange();
  if (recovery_ && f_.diags.size() > diags_before) {
    RecoverAfterBodyItem();
  } else if (!single_line) {
    Token end = Peek();
    if (end.type != Tok::kNewline && end.type != Tok::kEof) {
      if (!recovery_) {
        if (end.type == Tok::kComma) {
          Err(R(end), "Unexpected comma after argument",
              "Argument definitions must be separated by newlines, not commas. An argument definition must end "
              "with a newline.");
        } else {
          Err(R(end), "Missing newline after argument", "An argument definition must end with a newline.");
        }
      }
      RecoverAfterBodyItem();
    } else {
      Read();
    }
  }
  Attribute a;
  a.name = Text(ident);
  a.expr = expr;
  a.range = Range{ident.start, end_range.end};
  a.name_range = R(ident);
  return a;
}

std::string_view Parser::ParseQuotedLabel(Range* range) {
  Token open = Read();
  std::string out;
  Range end_range = R(open);
  for (;;) {
    Token t = Read();
    if (t.type == Tok::kCQuote) {
      end_range = R(t);
      break;
    }
    if (t.type == Tok::kQuotedLit) {
      out += DecodeLiteral(t, true);
      continue;
    }
    if (t.type == Tok::kTemplateInterp || t.type == Tok::kTemplateControl) {
      Err(R(t), "Invalid string literal", "Template sequences are not allowed in this string.");
      Recover(Tok::kTemplateSeqEnd);
      continue;
    }
    if (t.type == Tok::kEof) {
      Err(R(t), "Unterminated string literal", "Unable to find the closing quote mark before the end of the file.");
      end_range = R(t);
      break;
    }
    Err(R(t), "Invalid string literal", "Expecting a string literal.");
    Recover(Tok::kCQuote);
    end_range = R(t);
    break;
  }
  *range = Between(R(open), end_range);
  return f_.StoreString(out);
}

Block* Parser::FinishBlock(const Token& ident) {
  auto labels = f_.List<std::string_view>();
  auto label_ranges = f_.List<Range>();
  Block* block = f_.New<Block>();
  block->type = Text(ident);
  block->type_range = R(ident);
  Token obrace{};
  for (;;) {
    Token t = Peek();
    if (t.type == Tok::kOBrace) {
      obrace = Read();
      break;
    }
    if (t.type == Tok::kOQuote) {
      Range r;
      labels.push_back(ParseQuotedLabel(&r));
      label_ranges.push_back(r);
      continue;
    }
    if (t.type == Tok::kIdent) {
      Read();
      labels.push_back(Text(t));
      label_ranges.push_back(R(t));
      continue;
    }
    if (t.type == Tok::kEqual) {
      Err(R(t), "Invalid block definition",
          "The equals sign \"=\" indicates an argument definition, and must not be used when defining a block.");
    } else if (t.type == Tok::kNewline) {
      Err(R(t), "Invalid block definition",
          "A block definition must have block content delimited by \"{\" and \"}\", starting on the same line as "
          "the block header.");
    } else if (!recovery_) {
      Err(R(t), "Invalid block definition", "Either a quoted string block label or an opening brace (\"{\") is "
                                            "expected here.");
    }
    RecoverAfterBodyItem();
    block->labels = File::Adopt(labels);
    block->label_ranges = File::Adopt(label_ranges);
    block->body = f_.New<Body>();
    block->body->range = R(ident);
    block->range = R(ident);
    return block;
  }
  block->labels = File::Adopt(labels);
  block->label_ranges = File::Adopt(label_ranges);

  Tok next = Peek().type;
  if (next == Tok::kNewline || next == Tok::kEof || next == Tok::kCBrace) {
    block->body = ParseBody(Tok::kCBrace);
  } else {
    block->body = f_.New<Body>();
    bool ok = ParseSingleAttrBody(block->body);
    Token t = Peek();
    if (ok && t.type == Tok::kCBrace) {
      Read();
    } else if (ok && t.type == Tok::kComma) {
      Err(R(t), "Invalid single-argument block definition",
          "Single-line block syntax can include only one argument definition.");
      Recover(Tok::kCBrace);
    } else if (ok && t.type == Tok::kNewline) {
      Err(R(t), "Invalid single-argument block definition",
          "An argument definition on the same line as its containing block creates a single-line block "
          "definition, which must also be closed on the same line.");
      Recover(Tok::kCBrace);
    } else {
      if (!recovery_) {
        if (t.type == Tok::kEof) {
          Err(R(obrace), "Unclosed configuration block",
              "There is no closing brace for this block before the end of the file.");
        } else {
          Err(R(t), "Invalid single-argument block definition",
              "A single-line block definition must end with a closing brace immediately after its single "
              "argument definition.");
        }
      }
      Recover(Tok::kCBrace);
    }
  }
  Range cbrace = PrevRange();
  Token eol = Peek();
  if (eol.type == Tok::kNewline || eol.type == Tok::kEof) {
    Read();
  } else {
    if (!recovery_) Err(R(eol), "Missing newline after block definition", "A block definition must end with a newline.");
    RecoverAfterBodyItem();
  }
  block->range = Between(R(ident), cbrace);
  return block;
}

bool Parser::ParseSingleAttrBody(Body* body) {
  Token ident = Read();
  if (ident.type != Tok::kIdent) {
    RecoverAfterBodyItem();
    Err(R(ident), "Argument or block definition required", "An argument or block definition is required here.");
    return false;
  }
  Token next = Peek();
  if (next.type == Tok::kEqual) {
    Attribute a = FinishAttribute(ident, true);
    body->attributes = f_.Store(std::vector<Attribute>{a});
    body->range = a.range;
    return true;
  }
  RecoverAfterBodyItem();
  if (next.type == Tok::kOQuote || next.type == Tok::kOBrace || next.type == Tok::kIdent) {
    Err(Between(R(ident), R(next)), "Argument definition required",
        "A single-line block definition can contain only a single argument.");
  } else {
    Err(R(ident), "Argument or block definition required", "An argument or block definition is required here.");
  }
  return false;
}

Expr* Parser::ParseExpression() { return ParseTernary(); }

Expr* Parser::ParseTernary() {
  Range start = NextRange();
  size_t before = f_.diags.size();
  Expr* cond = ParseBinary(0);
  if (recovery_ && f_.diags.size() > before) return cond;
  if (Peek().type != Tok::kQuestion) return cond;
  Read();
  before = f_.diags.size();
  Expr* t = ParseExpression();
  if (recovery_ && f_.diags.size() > before) return cond;
  Token colon = Peek();
  if (colon.type != Tok::kColon) {
    Err(R(colon), "Missing false expression in conditional",
        "The conditional operator (...?...:...) requires a false expression, delimited by a colon.");
    return cond;
  }
  Read();
  before = f_.diags.size();
  Expr* fe = ParseExpression();
  if (recovery_ && f_.diags.size() > before) return cond;
  Expr* e = NewExpr(ExprKind::kConditional, Between(start, fe->range));
  e->a = cond;
  e->b = t;
  e->c = fe;
  return e;
}

// Precedence climbing over the spec's levels: one operand parse per term instead of one call per
// level, with the same left-associative trees as level-by-level descent.
Expr* Parser::ParseBinary(int min_level) {
  size_t before = f_.diags.size();
  Expr* lhs = ParseWithTraversals();
  if (recovery_ && f_.diags.size() > before) return lhs;
  for (;;) {
    int level = 0;
    Op op = AnyBinaryOp(Peek().type, &level);
    if (op == Op::kNone || level < min_level) return lhs;
    Read();
    before = f_.diags.size();
    Expr* rhs = ParseBinary(level + 1);
    if (recovery_ && f_.diags.size() > before) return lhs;
    Expr* e = NewExpr(ExprKind::kBinary, Between(lhs->range, rhs->range));
    e->op = op;
    e->a = lhs;
    e->b = rhs;
    lhs = e;
  }
}

Expr* Parser::ParseWithTraversals() { return ParseTraversals(ParseTerm()); }

Expr* Parser::AppendTraverser(Expr* e, Traverser t) {
  if (e->kind == ExprKind::kScopeTraversal || e->kind == ExprKind::kRelativeTraversal) {
    const size_t n = e->traversal.size();
    auto* steps = static_cast<Traverser*>(f_.arena.allocate(sizeof(Traverser) * (n + 1), alignof(Traverser)));
    std::copy(e->traversal.begin(), e->traversal.end(), steps);
    steps[n] = t;
    e->traversal = std::span<Traverser>(steps, n + 1);
    e->range = Between(e->range, t.range);
    return e;
  }
  Expr* r = NewExpr(ExprKind::kRelativeTraversal, Between(e->range, t.range));
  r->a = e;
  r->traversal = f_.Store(std::vector<Traverser>{t});
  return r;
}

Expr* Parser::ParseTraversals(Expr* from) {
  Expr* ret = from;
  for (;;) {
    Token next = Peek();
    if (next.type == Tok::kDot) {
      Token dot = Read();
      Token attr = Peek();
      if (attr.type == Tok::kIdent) {
        Read();
        Traverser t{true, Text(attr), nullptr, Between(R(dot), R(attr))};
        ret = AppendTraverser(ret, t);
      } else if (attr.type == Tok::kNumberLit) {
        Read();
        if (Text(attr).find('.') != std::string_view::npos) {
          Err(R(attr), "Invalid legacy index syntax",
              "When using the legacy index syntax, chaining two indexes together is not permitted.");
        }
        Traverser t{false, {}, NumberLiteral(attr), Between(R(dot), R(attr))};
        ret = AppendTraverser(ret, t);
      } else if (attr.type == Tok::kStar) {
        Token marker = Read();
        auto trav = f_.List<Traverser>();
        Range first = NextRange();
        Range last = R(marker);
        bool bad = false;
        while (Peek().type == Tok::kDot) {
          Token d = Read();
          Token n = Peek();
          if (n.type == Tok::kNumberLit) {
            Read();
            trav.push_back(Traverser{false, {}, NumberLiteral(n), Between(R(d), R(n))});
            last = R(n);
            continue;
          }
          if (n.type != Tok::kIdent) {
            if (!recovery_) {
              if (n.type == Tok::kStar) {
                Err(R(n), "Nested splat expression not allowed",
                    "A splat expression (*) cannot be used inside another attribute-only splat expression.");
              } else {
                Err(R(attr), "Invalid attribute name", "An attribute name is required after a dot.");
              }
            }
            recovery_ = true;
            bad = true;
            break;
          }
          Read();
          trav.push_back(Traverser{true, Text(n), nullptr, Between(R(d), R(n))});
          last = R(n);
        }
        if (bad) continue;
        Expr* item = NewExpr(ExprKind::kAnonSymbol, Between(R(dot), R(marker)));
        Expr* each = item;
        if (!trav.empty()) {
          each = NewExpr(ExprKind::kRelativeTraversal, Between(first, last));
          each->a = item;
          each->traversal = File::Adopt(trav);
        }
        Expr* s = NewExpr(ExprKind::kSplat, Between(from->range, last));
        s->a = ret;
        s->b = each;
        s->c = item;
        ret = s;
      } else {
        Err(R(attr), "Invalid attribute name", "An attribute name is required after a dot.");
        recovery_ = true;
        Expr* e = Placeholder(Between(from->range, R(dot)));
        return e;
      }
      continue;
    }
    if (next.type == Tok::kOBrack) {
      Token open = Read();
      if (Peek().type == Tok::kStar) {
        Read();
        Token close = Read();
        if (close.type != Tok::kCBrack && !recovery_) {
          Err(R(close), "Missing close bracket on splat index",
              "The star for a full splat operator must be immediately followed by a closing bracket (\"]\").");
          close = Recover(Tok::kCBrack);
        }
        Expr* item = NewExpr(ExprKind::kAnonSymbol, Between(R(open), R(close)));
        Expr* each = ParseTraversals(item);
        Expr* s = NewExpr(ExprKind::kSplat, Between(from->range, each->range));
        s->a = ret;
        s->b = each;
        s->c = item;
        ret = s;
        continue;
      }
      PushNewlines(false);
      size_t before = f_.diags.size();
      Expr* key = ParseExpression();
      Token close;
      if (recovery_ && f_.diags.size() > before) {
        close = Recover(Tok::kCBrack);
      } else {
        close = Read();
        if (close.type != Tok::kCBrack && !recovery_) {
          Err(R(close), "Missing close bracket on index", "The index operator must end with a closing bracket (\"]\").");
          close = Recover(Tok::kCBrack);
        }
      }
      PopNewlines();
      Range rng = Between(R(open), R(close));
      bool literal_key = key->kind == ExprKind::kLiteral ||
                         (key->kind == ExprKind::kTemplate && key->items.size() == 1 &&
                          key->items[0]->kind == ExprKind::kLiteral);
      if (literal_key) {
        Expr* k = key->kind == ExprKind::kLiteral ? key : key->items[0];
        ret = AppendTraverser(ret, Traverser{false, {}, k, rng});
      } else {
        Expr* ix = NewExpr(ExprKind::kIndex, Between(from->range, rng));
        ix->a = ret;
        ix->b = key;
        ret = ix;
      }
      continue;
    }
    break;
  }
  return ret;
}

Expr* Parser::NumberLiteral(const Token& t) {
  Expr* e = NewExpr(ExprKind::kLiteral, R(t));
  e->lit = LitKind::kNumber;
  e->str = Text(t);
  std::string s(e->str);
  char* end = nullptr;
  e->number = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) {
    Err(R(t), "Invalid number literal", "Failed to recognize the value of this number literal.");
  }
  return e;
}

Expr* Parser::ParseTerm() {
  Token start = Peek();
  switch (start.type) {
    case Tok::kOParen: {
      Token open = Read();
      PushNewlines(false);
      size_t before = f_.diags.size();
      Expr* inner = ParseExpression();
      if (f_.diags.size() > before) {
        Recover(Tok::kCParen);
        PopNewlines();
        return inner;
      }
      Token close = Peek();
      if (close.type != Tok::kCParen) {
        Err(R(close), "Unbalanced parentheses", "Expected a closing parenthesis to terminate the expression.");
        recovery_ = true;
      }
      close = Read();
      PopNewlines();
      Expr* e = NewExpr(ExprKind::kParens, Between(R(open), R(close)));
      e->a = inner;
      return e;
    }
    case Tok::kNumberLit: return NumberLiteral(Read());
    case Tok::kIdent: {
      Token t = Read();
      Tok nt = Peek().type;
      if (nt == Tok::kOParen || nt == Tok::kDoubleColon) return FinishFunctionCall(t);
      std::string_view name = Text(t);
      if (name == "true" || name == "false") {
        Expr* e = NewExpr(ExprKind::kLiteral, R(t));
        e->lit = LitKind::kBool;
        e->boolean = name == "true";
        return e;
      }
      if (name == "null") return NewExpr(ExprKind::kLiteral, R(t));
      Expr* e = NewExpr(ExprKind::kScopeTraversal, R(t));
      e->name = name;
      return e;
    }
    case Tok::kOQuote:
    case Tok::kOHeredoc: {
      Token open = Read();
      bool flush = start.type == Tok::kOHeredoc && Text(open).substr(0, 3) == "<<-";
      return ParseTemplate(Opposite(start.type), flush, R(open));
    }
    case Tok::kMinus:
    case Tok::kBang: {
      Token t = Read();
      Expr* operand = ParseWithTraversals();
      Expr* e = NewExpr(ExprKind::kUnary, Between(R(t), operand->range));
      e->op = start.type == Tok::kMinus ? Op::kNegate : Op::kNot;
      e->a = operand;
      return e;
    }
    case Tok::kOBrack: return ParseTuple();
    case Tok::kOBrace: return ParseObject();
    default: {
      if (!recovery_) {
        if (start.type == Tok::kEof) {
          Err(R(start), "Missing expression", "Expected the start of an expression, but found the end of the file.");
        } else {
          Err(R(start), "Invalid expression",
              "Expected the start of an expression, but found an invalid expression token.");
        }
      }
      recovery_ = true;
      return Placeholder(R(start));
    }
  }
}

Expr* Parser::FinishFunctionCall(const Token& name) {
  Token open = Read();
  std::string full(Text(name));
  while (open.type == Tok::kDoubleColon) {
    Token n = Read();
    if (n.type != Tok::kIdent) {
      Err(R(n), "Missing function name", "Function scope resolution symbol :: must be followed by a function name.");
      RecoverOver(Tok::kOParen);
      return Placeholder(Between(R(name), R(n)));
    }
    full += "::";
    full += Text(n);
    open = Read();
  }
  if (open.type != Tok::kOParen) {
    Err(R(open), "Missing open parenthesis", "Function selector must be followed by an open parenthesis.");
    RecoverOver(Tok::kOParen);
    return Placeholder(Between(R(name), R(open)));
  }
  auto args = f_.List<Expr*>();
  bool expand = false;
  Token close = open;
  PushNewlines(false);
  for (;;) {
    if (Peek().type == Tok::kCParen) {
      close = Read();
      break;
    }
    size_t before = f_.diags.size();
    args.push_back(ParseExpression());
    if (recovery_ && f_.diags.size() > before) {
      Token t = Recover(Tok::kCParen);
      if (t.type == Tok::kCParen) close = t;
      break;
    }
    Token sep = Read();
    if (sep.type == Tok::kCParen) {
      close = sep;
      break;
    }
    if (sep.type == Tok::kEllipsis) {
      expand = true;
      if (Peek().type != Tok::kCParen) {
        if (!recovery_) {
          Err(R(sep), "Missing closing parenthesis", "An expanded function argument (with ...) must be immediately "
                                                     "followed by closing parentheses.");
        }
        close = Recover(Tok::kCParen);
      } else {
        close = Read();
      }
      break;
    }
    if (sep.type != Tok::kComma) {
      if (sep.type == Tok::kEof) {
        Err(Between(R(name), R(open)), "Unterminated function call",
            "There is no closing parenthesis for this function call before the end of the file.");
      } else {
        Err(R(sep), "Missing argument separator", "A comma is required to separate each function argument from the next.");
      }
      close = Recover(Tok::kCParen);
      break;
    }
    if (Peek().type == Tok::kCParen) {
      close = Read();
      break;
    }
  }
  PopNewlines();
  Expr* e = NewExpr(ExprKind::kFunctionCall, Between(R(name), R(close)));
  e->name = f_.StoreString(full);
  e->items = File::Adopt(args);
  e->flag = expand;
  return e;
}

Expr* Parser::ParseTuple() {
  Token open = Read();
  PushNewlines(false);
  if (IsKeyword(Peek(), "for")) {
    Expr* e = FinishFor(open);
    PopNewlines();
    return e;
  }
  auto items = f_.List<Expr*>();
  Token close = open;
  for (;;) {
    if (Peek().type == Tok::kCBrack) {
      close = Read();
      break;
    }
    size_t before = f_.diags.size();
    items.push_back(ParseExpression());
    if (recovery_ && f_.diags.size() > before) {
      close = Recover(Tok::kCBrack);
      break;
    }
    Token next = Peek();
    if (next.type == Tok::kCBrack) {
      close = Read();
      break;
    }
    if (next.type != Tok::kComma) {
      if (!recovery_) {
        if (next.type == Tok::kEof) {
          Err(R(open), "Unterminated tuple constructor expression",
              "There is no corresponding closing bracket before the end of the file.");
        } else {
          Err(R(next), "Missing item separator", "Expected a comma to mark the beginning of the next item.");
        }
      }
      close = Recover(Tok::kCBrack);
      break;
    }
    Read();
  }
  PopNewlines();
  Expr* e = NewExpr(ExprKind::kTuple, Between(R(open), R(close)));
  e->items = File::Adopt(items);
  return e;
}

Expr* Parser::ParseObject() {
  Token open = Read();
  PushNewlines(false);
  bool is_for = IsKeyword(Peek(), "for");
  PopNewlines();
  if (is_for) return FinishFor(open);
  PushNewlines(true);
  auto items = f_.List<Expr*>();
  Token close = open;
  for (;;) {
    Token next = Peek();
    if (next.type == Tok::kNewline) {
      Read();
      continue;
    }
    if (next.type == Tok::kCBrace) {
      close = Read();
      break;
    }
    bool force = next.type == Tok::kOParen;
    size_t before = f_.diags.size();
    Expr* key = ParseExpression();
    if (recovery_ && f_.diags.size() > before) {
      close = Recover(Tok::kCBrace);
      break;
    }
    Expr* k = NewExpr(ExprKind::kObjectKey, key->range);
    k->a = key;
    k->flag = force;
    next = Peek();
    if (next.type != Tok::kEqual && next.type != Tok::kColon) {
      if (!recovery_) {
        if (next.type == Tok::kNewline || next.type == Tok::kComma) {
          Err(R(next), "Missing attribute value", "Expected an attribute value, introduced by an equals sign (\"=\").");
        } else if (next.type == Tok::kEof) {
          Err(R(open), "Unterminated object constructor expression",
              "There is no corresponding closing brace before the end of the file.");
        } else {
          Err(R(next), "Missing key/value separator", "Expected an equals sign (\"=\") to mark the beginning of the "
                                                      "attribute value.");
        }
      }
      close = Recover(Tok::kCBrace);
      break;
    }
    Read();
    before = f_.diags.size();
    Expr* value = ParseExpression();
    items.push_back(k);
    items.push_back(value);
    if (recovery_ && f_.diags.size() > before) {
      close = Recover(Tok::kCBrace);
      break;
    }
    next = Peek();
    if (next.type == Tok::kCBrace) {
      close = Read();
      break;
    }
    if (next.type != Tok::kComma && next.type != Tok::kNewline) {
      if (!recovery_) {
        if (next.type == Tok::kEof) {
          Err(R(open), "Unterminated object constructor expression",
              "There is no corresponding closing brace before the end of the file.");
        } else {
          Err(R(next), "Missing attribute separator",
              "Expected a newline or comma to mark the beginning of the next attribute.");
        }
      }
      close = Recover(Tok::kCBrace);
      break;
    }
    Read();
  }
  PopNewlines();
  Expr* e = NewExpr(ExprKind::kObject, Between(R(open), R(close)));
  e->items = File::Adopt(items);
  return e;
}

Expr* Parser::FinishFor(const Token& open) {
  PushNewlines(false);
  Read();  // "for"
  bool make_obj = open.type == Tok::kOBrace;
  Tok close_type = make_obj ? Tok::kCBrace : Tok::kCBrack;
  auto fail = [&](const char* detail) {
    if (!recovery_) Err(NextRange(), "Invalid 'for' expression", detail);
    Token close = Recover(close_type);
    PopNewlines();
    return Placeholder(Between(R(open), R(close)));
  };
  if (Peek().type != Tok::kIdent) return fail("For expression requires variable name after 'for'.");
  std::string_view val_name = Text(Read());
  std::string_view key_name;
  if (Peek().type == Tok::kComma) {
    key_name = val_name;
    Read();
    if (Peek().type != Tok::kIdent) return fail("For expression requires value variable name after comma.");
    val_name = Text(Read());
  }
  if (!IsKeyword(Peek(), "in")) return fail("For expression requires the 'in' keyword after its name declarations.");
  Read();
  size_t before = f_.diags.size();
  Expr* coll = ParseExpression();
  if (recovery_ && f_.diags.size() > before) {
    Token close = Recover(close_type);
    PopNewlines();
    return Placeholder(Between(R(open), R(close)));
  }
  if (Peek().type != Tok::kColon) return fail("The 'in' clause of a for expression must be followed by a colon.");
  Read();
  before = f_.diags.size();
  Expr* key = nullptr;
  Expr* val = ParseExpression();
  if (Peek().type == Tok::kFatArrow) {
    Read();
    key = val;
    val = ParseExpression();
  }
  if (recovery_ && f_.diags.size() > before) {
    Token close = Recover(close_type);
    PopNewlines();
    return Placeholder(Between(R(open), R(close)));
  }
  bool group = false;
  Token ellipsis{};
  if (Peek().type == Tok::kEllipsis) {
    ellipsis = Read();
    group = true;
  }
  Expr* cond = nullptr;
  if (IsKeyword(Peek(), "if")) {
    Read();
    before = f_.diags.size();
    cond = ParseExpression();
    if (recovery_ && f_.diags.size() > before) {
      Token close = Recover(close_type);
      PopNewlines();
      return Placeholder(Between(R(open), R(close)));
    }
  }
  Token close;
  if (Peek().type == close_type) {
    close = Read();
  } else {
    if (!recovery_) Err(NextRange(), "Invalid 'for' expression", "Extra characters after the end of the 'for' expression.");
    close = Recover(close_type);
  }
  if (!make_obj) {
    if (key) Err(key->range, "Invalid 'for' expression", "Key expression is not valid when building a tuple.");
    if (group) Err(R(ellipsis), "Invalid 'for' expression", "Grouping ellipsis (...) cannot be used when building a tuple.");
  } else if (!key) {
    Err(val->range, "Invalid 'for' expression", "Key expression is required when building an object.");
  }
  PopNewlines();
  Expr* e = NewExpr(ExprKind::kFor, Between(R(open), R(close)));
  e->key_var = key_name;
  e->val_var = val_name;
  e->a = coll;
  e->b = key;
  e->c = val;
  e->d = cond;
  e->flag = group;
  e->boolean = make_obj;
  return e;
}

}  // namespace internal

std::unique_ptr<File> ParseConfig(std::string name, std::string text) {
  auto file = std::make_unique<File>(SourceFile(std::move(name), std::move(text)));
  std::vector<Token> toks = Lex(file->source, LexMode::kConfig, &file->diags);
  internal::Parser p(*file, toks);
  file->body = p.ParseBody(Tok::kEof);
  return file;
}

Expr* ParseTemplateRegion(File& file, Range region) {
  std::vector<Token> toks = Lex(file.source, LexMode::kTemplate, &file.diags, region);
  internal::Parser p(file, toks);
  return p.ParseBareTemplate();
}

std::unique_ptr<File> ParseFile(std::string name, std::string text) {
  if (name.size() >= 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
    return ParseJsonConfig(std::move(name), std::move(text));
  }
  return ParseConfig(std::move(name), std::move(text));
}

}  // namespace faber::reconciler::hcl
