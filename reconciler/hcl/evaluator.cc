#include "reconciler/hcl/evaluator.h"

#include <cmath>
#include <optional>
#include <stdexcept>

#include "reconciler/hcl/parser.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl {
namespace {

// Names in a templatefile() template are its variables only.
class VarsScope : public Scope {
 public:
  Value Resolve(std::string_view root, std::span<const Traverser>, size_t*, std::string_view) override {
    throw EvalError{"templatefile: unknown variable " + std::string(root)};
  }
};

Value LiteralValue(const Expr* e) {
  switch (e->lit) {
    case LitKind::kNull: return nullptr;
    case LitKind::kBool: return e->boolean;
    case LitKind::kNumber: return Num(e->number);
    case LitKind::kString: return std::string(e->str);
  }
  return nullptr;
}

std::string InterpString(const Value& v) {
  if (v.is_null()) throw EvalError{"invalid template interpolation value: null"};
  if (v.is_structured()) throw EvalError{"cannot include a " + TypeName(v) + " in a string template"};
  return AsString(v);
}

// templatefile(): renders `text` with `vars` as its only names, in `dir` (for nested file calls).
Value RenderTemplate(const std::string& dir, const std::string& text, const std::string& name, const Value& vars) {
  std::unique_ptr<File> f = std::make_unique<File>(SourceFile(name, text));
  Expr* t = ParseTemplateRegion(*f, Range{0, static_cast<uint32_t>(text.size())});
  if (f->HasErrors()) throw EvalError{"templatefile: " + FormatDiagnostic(f->diags[0])};
  VarsScope scope;
  Evaluator ev(*f, &scope, FunctionContext{dir, nullptr});
  if (vars.is_object()) {
    for (const auto& [k, v] : vars.items()) ev.Push(f->StoreString(k), v);
  }
  return ev.Eval(t);
}

}  // namespace

Evaluator::Evaluator(const File& file, Scope* scope, FunctionContext ctx)
    : file_(file), scope_(scope), ctx_(std::move(ctx)) {
  if (!ctx_.render_template) {
    // Captures only `this` (evaluators are neither copied nor moved), so no closure is allocated:
    // an evaluator is made for every expression a module evaluates.
    ctx_.render_template = [this](const std::string& text, const std::string& name, const Value& vars) -> Value {
      return RenderTemplate(ctx_.module_dir, text, name, vars);
    };
  }
}

Value Evaluator::Unknown(const Expr* e) const { return MakeUnknown(std::string(Text(e))); }

const Value* Evaluator::Find(const Value& v, const Traverser& t) {
  if (t.is_attr) {
    if (!v.is_object()) return nullptr;
    auto it = v.find(std::string(t.name));
    return it == v.end() ? nullptr : &*it;
  }
  if (v.is_array()) {
    double i = 0;
    if (t.key->lit == LitKind::kNumber) {
      i = t.key->number;
    } else {
      // A string index converts as AsNumber converts it; anything else is Step's error.
      if (t.key->lit != LitKind::kString || t.key->str.empty()) return nullptr;
      const std::string text(t.key->str);
      char* end = nullptr;
      i = std::strtod(text.c_str(), &end);
      if (end != text.c_str() + text.size()) return nullptr;
    }
    if (i < 0 || i >= static_cast<double>(v.size()) || i != std::floor(i)) return nullptr;
    return &v[static_cast<size_t>(i)];
  }
  if (v.is_object()) {
    if (t.key->lit != LitKind::kString && t.key->lit != LitKind::kNumber) return nullptr;
    auto it = v.find(AsString(LiteralValue(t.key)));
    return it == v.end() ? nullptr : &*it;
  }
  return nullptr;
}

Value Evaluator::Step(const Value& v, const Traverser& t, std::string_view text) {
  if (IsUnknown(v)) return MakeUnknown(std::string(text));
  if (const Value* found = Find(v, t)) return *found;
  // Nothing there: say why (the messages follow Terraform's).
  if (t.is_attr) {
    if (!v.is_object()) throw EvalError{"cannot read attribute \"" + std::string(t.name) + "\" of a " + TypeName(v)};
    if (v.contains(kResourceKey)) return MakeUnknown(std::string(text));  // computed by the provider
    throw EvalError{"unsupported attribute \"" + std::string(t.name) + "\""};
  }
  Value key = LiteralValue(t.key);
  if (v.is_array()) {
    AsNumber(key);  // throws for a key that is not a number
    throw EvalError{"index out of range"};
  }
  if (v.is_object()) throw EvalError{"the given key \"" + AsString(key) + "\" does not exist"};
  throw EvalError{"cannot index a " + TypeName(v)};
}

std::optional<Value> Evaluator::Walk(const Value& start, std::span<const Traverser> steps, std::string_view text,
                                     bool probe) {
  const Value* v = &start;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (IsUnknown(*v)) return MakeUnknown(std::string(text));
    const Value* next = Find(*v, steps[i]);
    if (!next) {
      // A resource's attribute that is not configured is computed: unknown, as Step says.
      if (steps[i].is_attr && v->is_object() && v->contains(kResourceKey)) return MakeUnknown(std::string(text));
      if (probe) return std::nullopt;
      return Step(*v, steps[i], text);  // throws with the reason
    }
    v = next;
  }
  return *v;
}

Value Evaluator::Eval(const Expr* e) {
  if (++depth_ > 200) {
    --depth_;
    throw EvalError{"expression nested too deeply"};
  }
  struct Guard {
    int* d;
    ~Guard() { --*d; }
  } guard{&depth_};
  switch (e->kind) {
    case ExprKind::kLiteral: return LiteralValue(e);
    case ExprKind::kTemplate: return Template(e);
    case ExprKind::kTemplateWrap: return Eval(e->a);
    case ExprKind::kParens: return Eval(e->a);
    case ExprKind::kScopeTraversal: return Traversal(e);
    case ExprKind::kRelativeTraversal: {
      Value v = Eval(e->a);
      return *Walk(v, e->traversal, Text(e), false);
    }
    case ExprKind::kIndex: {
      Value coll = Eval(e->a);
      Value key = Eval(e->b);
      if (IsUnknown(coll) || IsUnknown(key)) return Unknown(e);
      Expr lit;
      lit.kind = ExprKind::kLiteral;
      if (key.is_number()) {
        lit.lit = LitKind::kNumber;
        lit.number = key.get<double>();
      } else {
        std::string s = AsString(key);
        lit.lit = LitKind::kString;
        lit.str = s;
        return Step(coll, Traverser{false, {}, &lit, {}}, Text(e));
      }
      return Step(coll, Traverser{false, {}, &lit, {}}, Text(e));
    }
    case ExprKind::kFunctionCall: return Call(e);
    case ExprKind::kConditional: {
      Value c = Eval(e->a);
      if (IsUnknown(c)) return Unknown(e);
      return AsBool(c) ? Eval(e->b) : Eval(e->c);
    }
    case ExprKind::kBinary: return Binary(e);
    case ExprKind::kUnary: {
      Value v = Eval(e->a);
      if (IsUnknown(v)) return Unknown(e);
      if (e->op == Op::kNegate) return Num(-AsNumber(v));
      return !AsBool(v);
    }
    case ExprKind::kTuple: {
      Value out = Value::array();
      for (const Expr* item : e->items) out.push_back(Eval(item));
      return out;
    }
    case ExprKind::kObject: {
      Value out = Value::object();
      for (size_t i = 0; i + 1 < e->items.size(); i += 2) {
        const Expr* k = e->items[i];
        const Expr* inner = k->kind == ExprKind::kObjectKey ? k->a : k;
        std::string key;
        // A bare identifier key is the name itself, never a variable reference.
        if (inner->kind == ExprKind::kScopeTraversal && inner->traversal.empty() && !k->flag) {
          key = std::string(inner->name);
        } else {
          Value kv = Eval(inner);
          if (IsUnknown(kv)) return Unknown(e);
          key = AsString(kv);
        }
        out[key] = Eval(e->items[i + 1]);
      }
      return out;
    }
    case ExprKind::kFor: return For(e);
    case ExprKind::kTemplateJoin: {
      Value parts = For(e->a);
      if (IsUnknown(parts)) return Unknown(e);
      std::string s;
      for (const auto& p : parts) s += InterpString(p);
      return s;
    }
    case ExprKind::kSplat: return Splat(e);
    case ExprKind::kAnonSymbol:
      if (splat_items_.empty()) throw EvalError{"splat item outside a splat expression"};
      return *splat_items_.back();
    case ExprKind::kObjectKey: return Eval(e->a);
  }
  throw EvalError{"unsupported expression"};
}

Value Evaluator::Traversal(const Expr* e) { return *Reference(e, false); }

std::optional<Value> Evaluator::Reference(const Expr* e, bool probe) {
  const std::span<const Traverser> steps(e->traversal);
  for (auto it = symbols_.rbegin(); it != symbols_.rend(); ++it) {
    if (it->first == e->name) return Walk(it->second, steps, Text(e), probe);
  }
  if (!scope_) throw EvalError{"unknown name " + std::string(e->name)};
  size_t consumed = 0;
  std::optional<Value> v = probe ? scope_->TryResolve(e->name, steps, &consumed, Text(e))
                                 : scope_->Resolve(e->name, steps, &consumed, Text(e));
  if (!v || consumed >= steps.size()) return v;
  return Walk(*v, steps.subspan(consumed), Text(e), probe);
}

std::optional<Value> Evaluator::Attempt(const Expr* e) {
  try {
    // A plain reference is probed without exceptions: try(var.a.b, x) and try(aws_x.y[0].id, x)
    // are how modules spell optional values, and failing that way is common, not exceptional.
    if (e->kind == ExprKind::kScopeTraversal) return Reference(e, true);
    return Eval(e);
  } catch (const EvalError& err) {
    if (err.limit) throw;  // a limit is not a value try() may replace
  } catch (const nlohmann::json::exception&) {
  }
  return std::nullopt;
}

Value Evaluator::Call(const Expr* e) {
  std::string_view name = e->name;
  if (name.rfind("provider::", 0) == 0) return Unknown(e);  // provider functions run in the provider
  if (name == "try") {
    for (const Expr* arg : e->items) {
      if (std::optional<Value> v = Attempt(arg)) return std::move(*v);
    }
    throw EvalError{"try: no expression succeeded"};
  }
  if (name == "can") {
    if (e->items.size() != 1) throw EvalError{"can: one argument expected"};
    std::optional<Value> v = Attempt(e->items[0]);
    if (!v) return false;
    if (ContainsUnknown(*v)) return Unknown(e);
    return true;
  }
  if (!HasFunction(name)) throw EvalError{"call to unknown function " + std::string(name) + "()"};
  std::vector<Value> args;
  args.reserve(e->items.size());
  for (const Expr* arg : e->items) args.push_back(Eval(arg));
  if (e->flag && !args.empty()) {
    Value last = std::move(args.back());
    args.pop_back();
    if (IsUnknown(last)) return Unknown(e);
    if (!last.is_array()) throw EvalError{"the final argument to expand with ... must be a list"};
    for (auto& v : last) args.push_back(std::move(v));
  }
  bool tolerant = ToleratesUnknown(name);
  for (const Value& a : args) {
    if (tolerant ? IsUnknown(a) : ContainsUnknown(a)) {
      if (!tolerant || name != "coalesce") return Unknown(e);
    }
  }
  Value out;
  try {
    out = CallFunction(name, args, ctx_);
  } catch (const std::logic_error& error) {
    throw EvalError{"invalid arguments in call to " + std::string(name) + "(): " + error.what()};
  }
  if (IsUnknown(out)) return Unknown(e);
  return out;
}

Value Evaluator::Binary(const Expr* e) {
  Value l = Eval(e->a);
  Value r = Eval(e->b);
  if (IsUnknown(l) || IsUnknown(r)) return Unknown(e);
  switch (e->op) {
    case Op::kEq: return l == r;
    case Op::kNotEq: return l != r;
    case Op::kAnd: return AsBool(l) && AsBool(r);
    case Op::kOr: return AsBool(l) || AsBool(r);
    default: break;
  }
  double a = AsNumber(l), b = AsNumber(r);
  switch (e->op) {
    case Op::kAdd: return Num(a + b);
    case Op::kSub: return Num(a - b);
    case Op::kMul: return Num(a * b);
    case Op::kDiv:
      if (b == 0) throw EvalError{"division by zero"};
      return Num(a / b);
    case Op::kMod:
      if (b == 0) throw EvalError{"modulo by zero"};
      return Num(std::fmod(a, b));
    case Op::kLess: return a < b;
    case Op::kLessEq: return a <= b;
    case Op::kGreater: return a > b;
    case Op::kGreaterEq: return a >= b;
    default: throw EvalError{"unsupported operator"};
  }
}

Value Evaluator::Template(const Expr* e) {
  std::string out;
  for (const Expr* part : e->items) {
    Value v = Eval(part);
    if (IsUnknown(v)) return Unknown(e);
    out += InterpString(v);
  }
  return out;
}

Value Evaluator::For(const Expr* e) {
  Value coll = Eval(e->a);
  if (IsUnknown(coll)) return Unknown(e);
  bool object = e->boolean;
  Value out = object ? Value::object() : Value::array();
  auto visit = [&](Value key, const Value& value) -> bool {
    if (!e->key_var.empty()) Push(e->key_var, std::move(key));
    Push(e->val_var, value);
    struct PopGuard {
      Evaluator* ev;
      bool two;
      ~PopGuard() {
        ev->Pop();
        if (two) ev->Pop();
      }
    } pop{this, !e->key_var.empty()};
    if (e->d) {
      Value c = Eval(e->d);
      if (IsUnknown(c)) return false;
      if (!AsBool(c)) return true;
    }
    if (ctx_.budget) ctx_.budget->Take(1, "for expression");
    if (!object) {
      out.push_back(Eval(e->c));
      return true;
    }
    Value k = Eval(e->b);
    if (IsUnknown(k)) return false;
    std::string ks = AsString(k);
    Value v = Eval(e->c);
    if (e->flag) {
      out[ks].push_back(std::move(v));
    } else {
      if (out.contains(ks)) throw EvalError{"duplicate object key \"" + ks + "\" in for expression; use ... to group"};
      out[ks] = std::move(v);
    }
    return true;
  };
  if (coll.is_array()) {
    for (size_t i = 0; i < coll.size(); ++i) {
      if (!visit(Value(static_cast<int64_t>(i)), coll[i])) return Unknown(e);
    }
  } else if (coll.is_object()) {
    for (const auto& [k, v] : coll.items()) {
      if (!visit(Value(k), v)) return Unknown(e);
    }
  } else if (!coll.is_null()) {
    throw EvalError{"cannot use a " + TypeName(coll) + " value in a for expression"};
  } else {
    throw EvalError{"cannot use a null value in a for expression"};
  }
  return out;
}

Value Evaluator::Splat(const Expr* e) {
  Value src = Eval(e->a);
  if (IsUnknown(src)) return Unknown(e);
  if (src.is_null()) return Value::array();
  Value items = src.is_array() ? src : Value::array({src});
  Value out = Value::array();
  for (const auto& item : items) {
    splat_items_.push_back(&item);
    struct PopGuard {
      std::vector<const Value*>* v;
      ~PopGuard() { v->pop_back(); }
    } pop{&splat_items_};
    out.push_back(Eval(e->b));
  }
  return out;
}

}  // namespace faber::reconciler::hcl
