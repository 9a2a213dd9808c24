// Native-syntax parser: token access with the newline-sensitivity stack, error recovery, bodies,
// attributes and blocks, and the Parse* entry points. Expressions are in parser_expression.cc,
// templates in parser_template.cc.

#include "reconciler/hcl/parser.h"

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

Parser::Nesting::Nesting(Parser* parser, Range at) : p(parser), ok(++parser->nesting_ <= kMaxNesting) {
  if (ok || p->too_deep_) return;
  p->Err(at, "Nesting too deep",
         "Blocks, brackets and templates nest more than " + std::to_string(kMaxNesting) + " levels deep here.");
  p->too_deep_ = true;
  p->next_ = p->toks_.empty() ? 0 : p->toks_.size() - 1;  // the end-of-file token
}

void Parser::Err(Range subject, std::string summary, std::string detail) {
  if (too_deep_) return;
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
  Nesting nesting(this, PrevRange());
  if (!nesting.ok) return f_.New<Body>();
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
