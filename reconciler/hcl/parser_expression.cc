// Native-syntax expressions: conditionals, binary operators by precedence climbing, traversals
// and splats, terms (literals, calls, tuples, objects) and for expressions.

#include <algorithm>
#include <cstdlib>

#include "reconciler/hcl/parser_internal.h"

namespace faber::reconciler::hcl::internal {
namespace {

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

Expr* Parser::ParseExpression() {
  Nesting nesting(this, NextRange());
  if (!nesting.ok) return Placeholder(NextRange());
  return ParseTernary();
}

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
      Nesting nesting(this, R(t));  // !!!!x nests without brackets
      if (!nesting.ok) return Placeholder(R(t));
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

}  // namespace faber::reconciler::hcl::internal
