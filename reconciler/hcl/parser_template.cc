// Templates: quoted strings, heredocs and bare templates. Tokens are first raised to a flat list
// of parts (literals with strip markers applied, interpolations, directives), heredoc indentation
// is removed, adjacent literals are joined, and then the directives are nested into a tree.

#include <string>

#include "common/utf8.h"
#include "reconciler/hcl/parser_internal.h"

namespace faber::reconciler::hcl::internal {
namespace {

enum class PartKind { kLiteral, kInterp, kIf, kFor, kElse, kEndIf, kEndFor, kEnd };

struct Part {
  Part(PartKind k, Range r, std::string v = {}, Expr* e = nullptr) : kind(k), range(r), val(std::move(v)), expr(e) {}
  PartKind kind;
  Range range;
  std::string val;     // kLiteral
  Expr* expr = nullptr;  // kInterp, kIf (condition), kFor (collection)
  std::string_view key_var, val_var;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

void TrimLeft(std::string* s) {
  size_t i = 0;
  while (i < s->size() && IsSpace((*s)[i])) ++i;
  s->erase(0, i);
}

void TrimRight(std::string* s) {
  size_t n = s->size();
  while (n > 0 && IsSpace((*s)[n - 1])) --n;
  s->resize(n);
}

const char* CtrlName(PartKind k) {
  return k == PartKind::kElse ? "else" : k == PartKind::kEndIf ? "endif" : "endfor";
}

// Number of leading whitespace characters (not bytes) of s, and their byte length.
size_t LeadingSpaceChars(const std::string& s, size_t* bytes) {
  size_t i = 0, chars = 0;
  while (i < s.size() && IsSpace(s[i])) {
    ++i;
    ++chars;
  }
  *bytes = i;
  return chars;
}

// Removes the common leading indentation of the lines of a "<<-" heredoc. Lines that are blank
// do not count, and a line that starts with an interpolation has no indentation.
void FlushHeredoc(std::vector<Part>* parts) {
  constexpr size_t kMax = static_cast<size_t>(-1);
  size_t min_spaces = kMax;
  bool newline = true;
  std::vector<Part*> adjust;
  for (Part& p : *parts) {
    if (newline) {
      newline = false;
      size_t spaces = 0;
      if (p.kind == PartKind::kLiteral) {
        size_t bytes;
        size_t chars = LeadingSpaceChars(p.val, &bytes);
        if (bytes == p.val.size() && !p.val.empty() && p.val.back() == '\n') {
          spaces = kMax;
        } else {
          spaces = chars;
          adjust.push_back(&p);
        }
      } else if (p.kind == PartKind::kEnd) {
        break;
      }
      if (spaces < min_spaces) min_spaces = spaces;
    }
    if (p.kind == PartKind::kLiteral && !p.val.empty() && p.val.back() == '\n') newline = true;
  }
  if (min_spaces == kMax) return;
  for (Part* p : adjust) {
    size_t n = std::min(min_spaces, p->val.size());
    p->val.erase(0, n);
    p->range.start += static_cast<uint32_t>(n);
  }
}

void MeldLiterals(std::vector<Part>* parts) {
  std::vector<Part> out;
  out.reserve(parts->size());
  for (Part& p : *parts) {
    if (!out.empty() && out.back().kind == PartKind::kLiteral && p.kind == PartKind::kLiteral) {
      out.back().val += p.val;
      out.back().range.end = p.range.end;
      continue;
    }
    out.push_back(std::move(p));
  }
  *parts = std::move(out);
}

}  // namespace

// Nests directives of a flat part list into conditional and for expressions.
class TemplateBuilder {
 public:
  TemplateBuilder(Parser& p, std::vector<Part>& parts) : p_(p), parts_(parts) {}

  std::vector<Expr*> Root() {
    std::vector<Expr*> out;
    while (parts_[pos_].kind != PartKind::kEnd) out.push_back(Next());
    return out;
  }

 private:
  const Part& Read() {
    const Part& t = parts_[pos_];
    if (t.kind != PartKind::kEnd) ++pos_;
    return t;
  }

  Expr* Literal(std::string_view v, Range r) {
    Expr* e = p_.NewExpr(ExprKind::kLiteral, r);
    e->lit = LitKind::kString;
    e->str = p_.f_.StoreString(v);
    return e;
  }

  Expr* Template(std::vector<Expr*>& exprs) {
    Expr* e = p_.NewExpr(ExprKind::kTemplate, Between(exprs.front()->range, exprs.back()->range));
    e->items = p_.f_.Store(exprs);
    return e;
  }

  Expr* Next() {
    const Part& t = parts_[pos_];
    switch (t.kind) {
      case PartKind::kLiteral: Read(); return Literal(t.val, t.range);
      case PartKind::kInterp: Read(); return t.expr;
      case PartKind::kIf: return If();
      case PartKind::kFor: return For();
      case PartKind::kEnd:
        Read();
        p_.Err(t.range, "Unexpected end of template", "The control directives within this template are unbalanced.");
        return p_.Placeholder(t.range);
      default:
        Read();
        p_.Err(t.range, std::string("Unexpected ") + CtrlName(t.kind) + " directive",
               "The control directives within this template are unbalanced.");
        return p_.Placeholder(t.range);
    }
  }

  Expr* If() {
    const Part& open = Read();
    std::vector<Expr*> if_exprs, else_exprs;
    std::vector<Expr*>* current = &if_exprs;
    Range endif;
    for (;;) {
      const Part& next = parts_[pos_];
      if (next.kind == PartKind::kEnd) {
        p_.Err(next.range, "Unexpected end of template",
               "The if directive is missing its corresponding endif directive.");
        return p_.Placeholder(next.range);
      }
      if (next.kind == PartKind::kElse || next.kind == PartKind::kEndIf || next.kind == PartKind::kEndFor) {
        Read();
        if (next.kind == PartKind::kElse && current == &if_exprs) {
          current = &else_exprs;
          continue;
        }
        if (next.kind == PartKind::kEndIf) {
          endif = next.range;
          break;
        }
        p_.Err(next.range, std::string("Unexpected ") + CtrlName(next.kind) + " directive",
               "Expecting an endif directive for the if started earlier.");
        return p_.Placeholder(next.range);
      }
      current->push_back(Next());
    }
    if (if_exprs.empty()) if_exprs.push_back(Literal("", Range{open.range.end, open.range.end}));
    if (else_exprs.empty()) else_exprs.push_back(Literal("", Range{endif.start, endif.start}));
    Expr* e = p_.NewExpr(ExprKind::kConditional, Between(open.range, endif));
    e->a = open.expr;
    e->b = Template(if_exprs);
    e->c = Template(else_exprs);
    return e;
  }

  Expr* For() {
    const Part& open = Read();
    std::vector<Expr*> content;
    Range endfor;
    for (;;) {
      const Part& next = parts_[pos_];
      if (next.kind == PartKind::kEnd) {
        p_.Err(next.range, "Unexpected end of template",
               "The for directive is missing its corresponding endfor directive.");
        return p_.Placeholder(next.range);
      }
      if (next.kind == PartKind::kElse || next.kind == PartKind::kEndIf || next.kind == PartKind::kEndFor) {
        Read();
        if (next.kind == PartKind::kEndFor) {
          endfor = next.range;
          break;
        }
        p_.Err(next.range, std::string("Unexpected ") + CtrlName(next.kind) + " directive",
               next.kind == PartKind::kElse ? "An else clause is not expected for a for directive."
                                            : "Expecting an endfor directive for the for started earlier.");
        return p_.Placeholder(next.range);
      }
      content.push_back(Next());
    }
    if (content.empty()) content.push_back(Literal("", Range{open.range.end, open.range.end}));
    Expr* f = p_.NewExpr(ExprKind::kFor, Between(open.range, endfor));
    f->key_var = open.key_var;
    f->val_var = open.val_var;
    f->a = open.expr;
    f->c = Template(content);
    Expr* j = p_.NewExpr(ExprKind::kTemplateJoin, f->range);
    j->a = f;
    return j;
  }

  Parser& p_;
  std::vector<Part>& parts_;
  size_t pos_ = 0;
};

std::string Parser::DecodeLiteral(const Token& t, bool quoted) {
  std::string_view s = Text(t);
  std::string out;
  out.reserve(s.size());
  auto is_hex = [](char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); };
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (quoted && c == '\\') {
      Range r{t.start + static_cast<uint32_t>(i), t.start + static_cast<uint32_t>(i + 2)};
      if (i + 1 >= s.size()) {
        Err(Range{r.start, r.start + 1}, "Invalid escape sequence", "Backslash must be followed by an escape sequence selector character.");
        out += c;
        ++i;
        continue;
      }
      char sel = s[i + 1];
      if (sel == 'u' || sel == 'U') {
        size_t want = sel == 'u' ? 4 : 8, n = 0;
        while (n < want && i + 2 + n < s.size() && is_hex(s[i + 2 + n])) ++n;
        r.end = t.start + static_cast<uint32_t>(i + 2 + n);
        if (n != want) {
          Err(r, "Invalid escape sequence", sel == 'u' ? "The \\u escape sequence must be followed by four hexadecimal digits."
                                                       : "The \\U escape sequence must be followed by eight hexadecimal digits.");
          out.append(s.substr(i, 2 + n));
          i += 2 + n;
          continue;
        }
        uint32_t cp = static_cast<uint32_t>(std::stoul(std::string(s.substr(i + 2, n)), nullptr, 16));
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          Err(r, "Invalid escape sequence", "The given escape sequence is not a valid Unicode character.");
          out.append(s.substr(i, 2 + n));
        } else {
          common::AppendUtf8(cp, out);
        }
        i += 2 + n;
        continue;
      }
      switch (sel) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        default: {
          size_t n = 1;
          while (i + 1 + n < s.size() && (static_cast<unsigned char>(s[i + 1 + n]) & 0xC0) == 0x80) ++n;
          r.end = t.start + static_cast<uint32_t>(i + 1 + n);
          Err(r, "Invalid escape sequence",
              "The symbol \"" + std::string(s.substr(i + 1, n)) + "\" is not a valid escape sequence selector.");
          out.append(s.substr(i + 1, n));
          i += 1 + n;
          continue;
        }
      }
      i += 2;
      continue;
    }
    if ((c == '$' || c == '%') && i + 2 < s.size() && s[i + 1] == c && s[i + 2] == '{') {
      out += c;
      out += '{';
      i += 3;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

// Most quoted strings are one plain literal: no escapes, no sequences. They become the same tree
// the general path builds, pointing into the source text instead of a decoded copy.
Expr* Parser::PlainQuotedString(Range open_range) {
  size_t after_literal = 0;
  const Token lit = NextToken(&after_literal);
  if (lit.type != Tok::kQuotedLit) return nullptr;
  std::string_view text = Text(lit);
  for (char c : text) {
    // Escapes and $${ / %%{ need decoding (find_first_of would call memchr once per byte).
    if (c == '\\' || c == '$' || c == '%') return nullptr;
  }
  size_t saved = next_;
  next_ = after_literal;
  Token close = Peek();
  if (close.type != Tok::kCQuote) {
    next_ = saved;
    return nullptr;
  }
  Read();
  Expr* literal = NewExpr(ExprKind::kLiteral, R(lit));
  literal->lit = LitKind::kString;
  literal->str = text;
  Expr* e = NewExpr(ExprKind::kTemplate, Between(open_range, R(close)));
  Expr** items = static_cast<Expr**>(f_.arena.allocate(sizeof(Expr*), alignof(Expr*)));
  items[0] = literal;
  e->items = std::span<Expr*>(items, 1);
  return e;
}

Expr* Parser::ParseTemplate(Tok end, bool flush_heredoc, Range open_range) {
  if (end == Tok::kCQuote && !flush_heredoc) {
    if (Expr* plain = PlainQuotedString(open_range)) return plain;
  }
  std::vector<Part> parts;
  Range start = NextRange();
  Range end_range = start;
  bool ltrim_next = false, next_can_trim_prev = false;
  for (;;) {
    Token next = Read();
    if (next.type == end) {
      end_range = R(next);
      break;
    }
    bool ltrim = ltrim_next;
    ltrim_next = false;
    bool can_trim_prev = next_can_trim_prev;
    next_can_trim_prev = false;
    if (next.type == Tok::kStringLit || next.type == Tok::kQuotedLit) {
      Part p(PartKind::kLiteral, R(next), DecodeLiteral(next, next.type == Tok::kQuotedLit));
      if (ltrim) TrimLeft(&p.val);
      parts.push_back(std::move(p));
      next_can_trim_prev = true;
      continue;
    }
    if (next.type == Tok::kTemplateInterp || next.type == Tok::kTemplateControl) {
      bool strip_prev = next.end - next.start == 3;
      if (can_trim_prev && strip_prev && !parts.empty() && parts.back().kind == PartKind::kLiteral) {
        TrimRight(&parts.back().val);
      }
      PushNewlines(false);
      if (next.type == Tok::kTemplateInterp) {
        Expr* expr = ParseExpression();
        Token close = Peek();
        if (close.type != Tok::kTemplateSeqEnd) {
          if (!recovery_) {
            if (close.type == Tok::kEof) {
              Err(start, "Unclosed template interpolation sequence",
                  "There is no closing brace for this interpolation sequence before the end of the file.");
            } else if (close.type == Tok::kColon) {
              Err(R(close), "Extra characters after interpolation expression",
                  "Template interpolation doesn't expect a colon at this location.");
            } else if ((close.type == Tok::kCQuote || close.type == Tok::kOQuote) && end == Tok::kCQuote) {
              Err(start, "Unclosed template interpolation sequence",
                  "There is no closing brace for this interpolation sequence before the end of the quoted template.");
            } else {
              Err(R(close), "Extra characters after interpolation expression",
                  "Expected a closing brace to end the interpolation expression, but found extra characters.");
            }
          }
          Recover(Tok::kTemplateSeqEnd);
        } else {
          Read();
          if (close.end - close.start == 2) ltrim_next = true;
        }
        PopNewlines();
        parts.push_back(Part(PartKind::kInterp, Between(R(next), R(close)), {}, expr));
        continue;
      }
      Token kw = Peek();
      if (kw.type != Tok::kIdent) {
        if (!recovery_) {
          Err(R(kw), "Invalid template directive",
              "A template directive keyword (\"if\", \"for\", etc) is expected at the beginning of a %{ sequence.");
        }
        Recover(Tok::kTemplateSeqEnd);
        PopNewlines();
        continue;
      }
      Read();
      std::string_view word = Text(kw);
      Part part(PartKind::kEnd, Range{});
      if (word == "if") {
        part.kind = PartKind::kIf;
        part.expr = ParseExpression();
      } else if (word == "else") {
        part.kind = PartKind::kElse;
      } else if (word == "endif") {
        part.kind = PartKind::kEndIf;
      } else if (word == "endfor") {
        part.kind = PartKind::kEndFor;
      } else if (word == "for") {
        auto bad = [&](const char* detail) {
          if (!recovery_) Err(NextRange(), "Invalid 'for' directive", detail);
          Recover(Tok::kTemplateSeqEnd);
          PopNewlines();
        };
        if (Peek().type != Tok::kIdent) {
          bad("For directive requires variable name after 'for'.");
          continue;
        }
        part.val_var = Text(Read());
        if (Peek().type == Tok::kComma) {
          part.key_var = part.val_var;
          Read();
          if (Peek().type != Tok::kIdent) {
            bad("For directive requires value variable name after comma.");
            continue;
          }
          part.val_var = Text(Read());
        }
        if (!IsKeyword(Peek(), "in")) {
          bad("For directive requires 'in' keyword after names.");
          continue;
        }
        Read();
        part.kind = PartKind::kFor;
        part.expr = ParseExpression();
      } else {
        if (!recovery_) {
          Err(R(kw), "Invalid template control keyword",
              "\"" + std::string(word) + "\" is not a valid template control keyword.");
        }
        Recover(Tok::kTemplateSeqEnd);
        PopNewlines();
        continue;
      }
      part.range = Between(R(next), NextRange());
      parts.push_back(std::move(part));
      Token close = Peek();
      if (close.type != Tok::kTemplateSeqEnd) {
        if (!recovery_) {
          Err(R(close), "Extra characters in " + std::string(word) + " marker",
              "Expected a closing brace to end the sequence, but found extra characters.");
        }
        Recover(Tok::kTemplateSeqEnd);
      } else {
        Read();
        if (close.end - close.start == 2) ltrim_next = true;
      }
      PopNewlines();
      continue;
    }
    if (!recovery_) {
      Err(R(next), "Unterminated template string", "No closing marker was found for the string.");
    }
    Token final_tok = next.type == Tok::kEof ? next : Recover(end);
    end_range = R(final_tok);
    break;
  }
  if (parts.empty()) parts.push_back(Part(PartKind::kLiteral, Range{start.start, start.start}));
  parts.push_back(Part(PartKind::kEnd, end_range));
  if (flush_heredoc) FlushHeredoc(&parts);
  MeldLiterals(&parts);
  bool passthru = parts.size() == 2 && parts[0].kind == PartKind::kInterp;
  TemplateBuilder builder(*this, parts);
  std::vector<Expr*> exprs = builder.Root();
  Range whole = end == Tok::kEof ? Between(start, end_range) : Between(open_range, PrevRange());
  if (passthru) {
    Expr* e = NewExpr(ExprKind::kTemplateWrap, whole);
    e->a = exprs[0];
    return e;
  }
  Expr* e = NewExpr(ExprKind::kTemplate, whole);
  e->items = f_.Store(exprs);
  return e;
}

Expr* Parser::ParseBareTemplate() { return ParseTemplate(Tok::kEof, false, NextRange()); }

}  // namespace faber::reconciler::hcl::internal
