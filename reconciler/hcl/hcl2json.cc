#include "reconciler/hcl/hcl2json.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace faber::reconciler::hcl {
namespace {

using nlohmann::json;
using common::Status;

// Literal "${" and "%{" inside a converted string must not read as template sequences.
std::string EscapeLiteral(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if ((s[i] == '$' || s[i] == '%') && i + 1 < s.size() && s[i + 1] == '{') out += s[i];
  }
  return out;
}

json NumberJson(double v, std::string_view text) {
  if (!std::isfinite(v)) return nullptr;  // what a JSON reader makes of an out-of-range number
  if (v == std::floor(v) && std::fabs(v) < 9007199254740992.0) {
    return static_cast<int64_t>(v);
  }
  (void)text;
  return v;
}

class Converter {
 public:
  explicit Converter(const File& f) : text_(f.source.text()) {}

  Status Body(const hcl::Body& body, json* out) {
    *out = json::object();
    for (const Block* b : body.blocks) FABER_RETURN_IF_ERROR(BlockInto(*b, out));
    for (const Attribute& a : body.attributes) {
      json v;
      FABER_RETURN_IF_ERROR(Expression(a.expr, &v));
      (*out)[std::string(a.name)] = std::move(v);
    }
    return Status::Ok();
  }

 private:
  Status BlockInto(const Block& block, json* out) {
    std::string key(block.type);
    json* cur = out;
    for (std::string_view label : block.labels) {
      auto it = cur->find(key);
      if (it != cur->end()) {
        if (!it->is_object()) {
          return common::InvalidInput("Unable to convert Block to JSON: " + std::string(block.type));
        }
        cur = &*it;
      } else {
        cur = &((*cur)[key] = json::object());
      }
      key = std::string(label);
    }
    json value;
    FABER_RETURN_IF_ERROR(Body(*block.body, &value));
    auto it = cur->find(key);
    if (it != cur->end()) {
      if (!it->is_array()) {
        return common::InvalidInput("invalid HCL detected for \"" + key +
                                    "\" block, cannot have blocks with and without labels");
      }
      it->push_back(std::move(value));
    } else {
      (*cur)[key] = json::array({std::move(value)});
    }
    return Status::Ok();
  }

  std::string RangeSource(Range r) const {
    uint32_t end = r.end;
    // The reference converter widens a range by one closing parenthesis that follows it.
    if (end < text_.size() && text_[end] == ')') ++end;
    return std::string(text_.substr(r.start, end - r.start));
  }

  std::string Wrap(const Expr* e) const { return "${" + RangeSource(e->range) + "}"; }

  json Literal(const Expr* e) const {
    switch (e->lit) {
      case LitKind::kNull: return nullptr;
      case LitKind::kBool: return e->boolean;
      case LitKind::kNumber: return NumberJson(e->number, e->str);
      case LitKind::kString: return std::string(e->str);
    }
    return nullptr;
  }

  Status Expression(const Expr* e, json* out) {
    switch (e->kind) {
      case ExprKind::kLiteral: *out = Literal(e); return Status::Ok();
      case ExprKind::kUnary: return Unary(e, out);
      case ExprKind::kTemplate: {
        std::string s;
        FABER_RETURN_IF_ERROR(Template(e, &s));
        *out = std::move(s);
        return Status::Ok();
      }
      case ExprKind::kTemplateWrap: return Expression(e->a, out);
      case ExprKind::kTuple: {
        *out = json::array();
        for (const Expr* item : e->items) {
          json v;
          FABER_RETURN_IF_ERROR(Expression(item, &v));
          out->push_back(std::move(v));
        }
        return Status::Ok();
      }
      case ExprKind::kObject: {
        *out = json::object();
        for (size_t i = 0; i + 1 < e->items.size(); i += 2) {
          std::string key;
          FABER_RETURN_IF_ERROR(Key(e->items[i], &key));
          json v;
          FABER_RETURN_IF_ERROR(Expression(e->items[i + 1], &v));
          (*out)[key] = std::move(v);
        }
        return Status::Ok();
      }
      default: *out = Wrap(e); return Status::Ok();
    }
  }

  // A unary operator over a literal is folded to its value, as the reference converter does.
  Status Unary(const Expr* e, json* out) {
    const Expr* v = e->a;
    if (v->kind != ExprKind::kLiteral) {
      *out = Wrap(e);
      return Status::Ok();
    }
    if (e->op == Op::kNegate) {
      double n;
      if (v->lit == LitKind::kNumber) {
        n = v->number;
      } else if (v->lit == LitKind::kString && !v->str.empty()) {
        std::string s(v->str);
        char* end = nullptr;
        n = std::strtod(s.c_str(), &end);
        if (end != s.c_str() + s.size()) return common::InvalidInput("a number is required for unary minus");
      } else {
        return common::InvalidInput("a number is required for unary minus");
      }
      *out = NumberJson(-n, {});
      return Status::Ok();
    }
    if (v->lit == LitKind::kBool) {
      *out = !v->boolean;
    } else if (v->lit == LitKind::kString && (v->str == "true" || v->str == "false")) {
      *out = v->str != "true";
    } else {
      return common::InvalidInput("a bool is required for logical not");
    }
    return Status::Ok();
  }

  Status Template(const Expr* t, std::string* out) {
    if (t->items.size() == 1 && t->items[0]->kind == ExprKind::kLiteral && t->items[0]->lit == LitKind::kString) {
      *out = EscapeLiteral(t->items[0]->str);
      return Status::Ok();
    }
    for (const Expr* part : t->items) {
      std::string s;
      FABER_RETURN_IF_ERROR(StringPart(part, &s));
      *out += s;
    }
    return Status::Ok();
  }

  Status StringPart(const Expr* e, std::string* out) {
    switch (e->kind) {
      case ExprKind::kLiteral:
        switch (e->lit) {
          case LitKind::kNull: *out = "null"; break;
          case LitKind::kBool: *out = e->boolean ? "true" : "false"; break;
          case LitKind::kNumber: *out = NumberLiteralText(e->str); break;
          case LitKind::kString: *out = EscapeLiteral(e->str); break;
        }
        return Status::Ok();
      case ExprKind::kTemplate: return Template(e, out);
      case ExprKind::kTemplateWrap: return StringPart(e->a, out);
      case ExprKind::kConditional: {
        *out = "%{if " + RangeSource(e->a->range) + "}";
        std::string t, f;
        if (StringPart(e->b, &t).ok()) *out += t;
        (void)StringPart(e->c, &f);
        if (!f.empty()) *out += "%{else}" + f;
        *out += "%{endif}";
        return Status::Ok();
      }
      case ExprKind::kTemplateJoin: {
        const Expr* f = e->a;
        *out = "%{for ";
        if (!f->key_var.empty()) *out += std::string(f->key_var) + ", ";
        *out += std::string(f->val_var) + " in " + RangeSource(f->a->range) + "}";
        std::string body;
        FABER_RETURN_IF_ERROR(StringPart(f->c, &body));
        *out += body + "%{endfor}";
        return Status::Ok();
      }
      default: *out = Wrap(e); return Status::Ok();
    }
  }

  Status Key(const Expr* k, std::string* out) {
    const Expr* inner = k->kind == ExprKind::kObjectKey ? k->a : k;
    if (k->kind == ExprKind::kObjectKey && inner->kind == ExprKind::kScopeTraversal) {
      *out = RangeSource(inner->range);
      return Status::Ok();
    }
    return StringPart(inner, out);
  }

  std::string_view text_;
};

}  // namespace

std::string NumberLiteralText(std::string_view lit) {
  // Split into digits (without the dot) and a decimal exponent, then print plainly.
  std::string digits;
  long exp10 = 0;
  size_t i = 0;
  bool seen_dot = false;
  for (; i < lit.size(); ++i) {
    char c = lit[i];
    if (c >= '0' && c <= '9') {
      digits += c;
      if (seen_dot) --exp10;
    } else if (c == '.') {
      seen_dot = true;
    } else {
      break;
    }
  }
  if (i < lit.size() && (lit[i] == 'e' || lit[i] == 'E')) exp10 += std::strtol(std::string(lit.substr(i + 1)).c_str(), nullptr, 10);
  size_t nz = digits.find_first_not_of('0');
  if (nz == std::string::npos) return "0";
  digits.erase(0, nz);
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exp10;
  }
  long n = static_cast<long>(digits.size());
  if (exp10 >= 0) return digits + std::string(static_cast<size_t>(exp10), '0');
  if (-exp10 < n) return digits.substr(0, static_cast<size_t>(n + exp10)) + "." + digits.substr(static_cast<size_t>(n + exp10));
  return "0." + std::string(static_cast<size_t>(-exp10 - n), '0') + digits;
}

common::Result<nlohmann::json> ToHcl2Json(const File& file) {
  nlohmann::json out;
  Converter c(file);
  common::Status s = c.Body(*file.body, &out);
  if (!s.ok()) return s;
  return out;
}

}  // namespace faber::reconciler::hcl
