#include "reconciler/hcl/type_constraint.h"

#include <algorithm>

#include "reconciler/hcl/evaluator.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl {
namespace {

const Expr* Unwrap(const Expr* e) { return e->kind == ExprKind::kParens ? Unwrap(e->a) : e; }

}  // namespace

Value ConvertToType(const Value& v, const Expr* type, const File& file) {
  type = Unwrap(type);
  if (v.is_null() || IsUnknown(v)) return v;
  if (type->kind == ExprKind::kScopeTraversal && type->traversal.empty()) {
    std::string_view name = type->name;
    if (name == "string") return v.is_string() ? v : Value(AsString(v));
    if (name == "number") return v.is_number() ? v : Num(AsNumber(v));
    if (name == "bool") return v.is_boolean() ? v : Value(AsBool(v));
    return v;  // any
  }
  if (type->kind != ExprKind::kFunctionCall || type->items.empty()) return v;
  std::string_view fn = type->name;
  const Expr* arg = type->items[0];
  if (fn == "optional") return ConvertToType(v, arg, file);
  if (fn == "list" || fn == "set") {
    if (!v.is_array()) throw EvalError{"a list is required, got " + TypeName(v)};
    Value out = Value::array();
    for (const auto& item : v) {
      Value c = ConvertToType(item, arg, file);
      if (fn == "list" || std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
    }
    return out;
  }
  if (fn == "map") {
    if (!v.is_object()) throw EvalError{"a map is required, got " + TypeName(v)};
    Value out = Value::object();
    for (const auto& [k, item] : v.items()) out[k] = ConvertToType(item, arg, file);
    return out;
  }
  if (fn == "tuple") {
    arg = Unwrap(arg);
    if (!v.is_array() || arg->kind != ExprKind::kTuple || arg->items.size() != v.size()) return v;
    Value out = Value::array();
    for (size_t i = 0; i < v.size(); ++i) out.push_back(ConvertToType(v[i], arg->items[i], file));
    return out;
  }
  if (fn == "object") {
    arg = Unwrap(arg);
    if (!v.is_object()) throw EvalError{"an object is required, got " + TypeName(v)};
    if (arg->kind != ExprKind::kObject) return v;
    Value out = Value::object();
    for (size_t i = 0; i + 1 < arg->items.size(); i += 2) {
      const Expr* key = arg->items[i]->kind == ExprKind::kObjectKey ? arg->items[i]->a : arg->items[i];
      std::string name = key->kind == ExprKind::kScopeTraversal ? std::string(key->name)
                         : key->kind == ExprKind::kTemplate && key->items.size() == 1 ? std::string(key->items[0]->str)
                                                                                       : std::string(file.source.Slice(key->range));
      const Expr* attr_type = Unwrap(arg->items[i + 1]);
      auto it = v.find(name);
      if (it != v.end() && !it->is_null()) {
        out[name] = ConvertToType(*it, attr_type, file);
        continue;
      }
      bool optional = attr_type->kind == ExprKind::kFunctionCall && attr_type->name == "optional";
      if (optional && attr_type->items.size() > 1) {
        Evaluator ev(file, nullptr, FunctionContext{});
        out[name] = ConvertToType(ev.Eval(attr_type->items[1]), attr_type->items[0], file);
      } else if (optional || it != v.end()) {
        out[name] = nullptr;
      } else {
        throw EvalError{"attribute \"" + name + "\" is required"};
      }
    }
    return out;
  }
  return v;
}

}  // namespace faber::reconciler::hcl
