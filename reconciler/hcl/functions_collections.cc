// Terraform's collection functions over lists, sets and maps (JSON arrays and objects), including
// length(), range(), sum() and the set operations. The few that tolerate unknown arguments (see
// ToleratesUnknown) answer unknown themselves when a whole argument is unknown.

#include <algorithm>

#include "reconciler/hcl/functions_internal.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl::internal {
namespace {

void FlattenInto(const Value& v, Value* out) {
  for (const auto& item : v) {
    if (item.is_array()) {
      FlattenInto(item, out);
    } else {
      out->push_back(item);
    }
  }
}

bool Has(const Value& list, const Value& v) { return std::find(list.begin(), list.end(), v) != list.end(); }

Value Unknown(const Call& c) { return MakeUnknown(std::string(c.name) + "()"); }

Value Length(const Call& c) {
  const Value& v = c.Arg(0);
  if (IsUnknown(v)) return Unknown(c);
  if (v.is_string()) return static_cast<int64_t>(v.get_ref<const std::string&>().size());
  if (v.is_structured()) return static_cast<int64_t>(v.size());
  throw EvalError{"length() requires a collection or string"};
}

Value Concat(const Call& c) {
  Value out = Value::array();
  for (const auto& l : c.args) {
    if (IsUnknown(l)) return Unknown(c);
    for (const auto& v : RequireList(l, c.name)) out.push_back(v);
  }
  return out;
}

Value Merge(const Call& c) {
  Value out = Value::object();
  for (const auto& m : c.args) {
    if (m.is_null()) continue;
    if (IsUnknown(m)) return Unknown(c);
    for (const auto& [k, v] : RequireMap(m, c.name).items()) out[k] = v;
  }
  return out;
}

Value Lookup(const Call& c) {
  if (IsUnknown(c.Arg(0))) return Unknown(c);
  std::string key = c.Str(1);
  if (c.Map(0).contains(key)) return c.Arg(0)[key];
  if (c.args.size() == 3) return c.args[2];
  throw EvalError{"lookup: the given key \"" + key + "\" does not exist"};
}

Value Element(const Call& c) {
  if (IsUnknown(c.Arg(0))) return Unknown(c);
  const Value& l = c.List(0);
  if (l.empty()) throw EvalError{"element: cannot use element function with an empty list"};
  long i = static_cast<long>(c.Number(1));
  if (i < 0) throw EvalError{"element: negative index"};
  return l[static_cast<size_t>(i) % l.size()];
}

// keys() and values() of a map, in key order.
Value KeysOrValues(const Call& c, bool keys) {
  if (IsUnknown(c.Arg(0))) return Unknown(c);
  Value out = Value::array();
  for (const auto& [k, v] : c.Map(0).items()) out.push_back(keys ? Value(k) : v);
  return out;
}

Value Compact(const Call& c) {
  Value out = Value::array();
  for (const auto& v : c.List(0)) {
    if (!v.is_null() && v != "") out.push_back(v);
  }
  return out;
}

Value Coalesce(const Call& c) {
  for (const auto& v : c.args) {
    if (IsUnknown(v)) return Unknown(c);
    if (!v.is_null() && v != "") return v;
  }
  throw EvalError{"coalesce: no non-null, non-empty-string arguments"};
}

Value Slice(const Call& c) {
  const Value& l = c.List(0);
  size_t from = static_cast<size_t>(c.Number(1)), to = static_cast<size_t>(c.Number(2));
  if (from > to || to > l.size()) throw EvalError{"slice: index out of range"};
  return Value(l.begin() + static_cast<long>(from), l.begin() + static_cast<long>(to));
}

Value Sort(const Call& c) {
  const Value& list = c.List(0);
  for (const auto& v : list) {
    if (!v.is_string() && !v.is_number()) throw EvalError{"sort: elements must be strings"};
  }
  std::vector<std::string> items;
  for (const auto& v : list) items.push_back(AsString(v));
  std::sort(items.begin(), items.end());
  return Value(items);
}

Value Index(const Call& c) {
  const Value& l = c.List(0);
  auto it = std::find(l.begin(), l.end(), c.Arg(1));
  if (it == l.end()) throw EvalError{"index: item not found"};
  return static_cast<int64_t>(it - l.begin());
}

Value Zipmap(const Call& c) {
  const Value& k = c.List(0);
  const Value& v = c.List(1);
  if (k.size() != v.size()) throw EvalError{"zipmap: lists must be the same length"};
  Value out = Value::object();
  for (size_t i = 0; i < k.size(); ++i) out[AsString(k[i])] = v[i];
  return out;
}

Value Range(const Call& c) {
  double start = 0, limit, step = 1;
  if (c.args.size() == 1) {
    limit = c.Number(0);
  } else {
    start = c.Number(0);
    limit = c.Number(1);
    if (c.args.size() > 2) step = c.Number(2);
  }
  if (step == 0) throw EvalError{"range: step must not be zero"};
  Value out = Value::array();
  for (double x = start; step > 0 ? x < limit : x > limit; x += step) {
    out.push_back(Num(x));
    // Terraform's own limit; it also ends ranges whose step is lost in rounding.
    if (out.size() > 1024) throw EvalError{"range: more than 1024 values were generated"};
  }
  return out;
}

Value Chunklist(const Call& c) {
  const Value& l = c.List(0);
  size_t n = static_cast<size_t>(c.Number(1));
  Value out = Value::array();
  if (n == 0) return out.push_back(l), out;
  for (size_t i = 0; i < l.size(); i += n) out.push_back(Value(l.begin() + static_cast<long>(i), l.begin() + static_cast<long>(std::min(l.size(), i + n))));
  return out;
}

Value SetUnion(const Call& c) {
  Value out = Distinct(c.List(0));
  for (size_t i = 1; i < c.args.size(); ++i) {
    for (const auto& v : c.List(i)) {
      if (!Has(out, v)) out.push_back(v);
    }
  }
  return out;
}

// setintersection() keeps the elements found in every other argument, setsubtract() those in none.
Value SetFilter(const Call& c, bool keep_common) {
  Value out = Distinct(c.List(0));
  for (size_t i = 1; i < c.args.size(); ++i) {
    const Value& other = c.List(i);
    Value next = Value::array();
    for (const auto& v : out) {
      if (Has(other, v) == keep_common) next.push_back(v);
    }
    out = next;
  }
  return out;
}

Value SetProduct(const Call& c) {
  Value out = Value::array({Value::array()});
  for (size_t i = 0; i < c.args.size(); ++i) {
    Value next = Value::array();
    for (const auto& prefix : out) {
      for (const auto& v : c.List(i)) {
        Value row = prefix;
        row.push_back(v);
        next.push_back(row);
      }
    }
    out = next;
  }
  return out;
}

Value Matchkeys(const Call& c) {
  Value out = Value::array();
  const Value& vals = c.List(0);
  const Value& keys = c.List(1);
  const Value& search = c.List(2);
  for (size_t i = 0; i < keys.size() && i < vals.size(); ++i) {
    if (Has(search, keys[i])) out.push_back(vals[i]);
  }
  return out;
}

Value Transpose(const Call& c) {
  Value out = Value::object();
  for (const auto& [k, l] : c.Map(0).items()) {
    for (const auto& v : RequireList(l, c.name)) out[AsString(v)].push_back(k);
  }
  return out;
}

Value One(const Call& c) {
  if (IsUnknown(c.Arg(0))) return Unknown(c);
  const Value& l = c.List(0);
  if (l.size() > 1) throw EvalError{"one: must be a list with no more than one element"};
  return l.empty() ? Value(nullptr) : l[0];
}

// alltrue() answers false at the first false element, anytrue() true at the first true one.
Value AllOrAny(const Call& c, bool all) {
  for (const auto& v : c.List(0)) {
    if (AsBool(v) != all) return !all;
  }
  return all;
}

Value Sum(const Call& c) {
  double s = 0;
  for (const auto& v : c.List(0)) s += AsNumber(v);
  return Num(s);
}

constexpr FunctionEntry kCollectionFunctions[] = {
    {"length", 1, 1, Length},
    {"concat", 0, kAnyCount, Concat},
    {"merge", 0, kAnyCount, Merge},
    {"lookup", 2, 3, Lookup},
    {"element", 2, kAnyCount, Element},
    {"keys", 1, kAnyCount, [](const Call& c) { return KeysOrValues(c, true); }},
    {"values", 1, kAnyCount, [](const Call& c) { return KeysOrValues(c, false); }},
    {"contains", 2, kAnyCount, [](const Call& c) -> Value { return Has(c.List(0), c.Arg(1)); }},
    {"distinct", 1, kAnyCount, [](const Call& c) { return Distinct(c.List(0)); }},
    {"flatten", 1, kAnyCount,
     [](const Call& c) {
       Value out = Value::array();
       FlattenInto(c.List(0), &out);
       return out;
     }},
    {"compact", 1, kAnyCount, Compact},
    {"coalesce", 0, kAnyCount, Coalesce},
    {"coalescelist", 0, kAnyCount,
     [](const Call& c) {
       for (size_t i = 0; i < c.args.size(); ++i) {
         if (c.List(i).size() > 0) return c.args[i];
       }
       return Value::array();
     }},
    {"slice", 3, kAnyCount, Slice},
    {"sort", 1, kAnyCount, Sort},
    {"reverse", 1, kAnyCount,
     [](const Call& c) {
       Value l = c.List(0);
       std::reverse(l.begin(), l.end());
       return l;
     }},
    {"index", 2, kAnyCount, Index},
    {"zipmap", 2, kAnyCount, Zipmap},
    {"range", 1, kAnyCount, Range},
    {"chunklist", 2, kAnyCount, Chunklist},
    {"setunion", 1, kAnyCount, SetUnion},
    {"setintersection", 1, kAnyCount, [](const Call& c) { return SetFilter(c, true); }},
    {"setsubtract", 1, kAnyCount, [](const Call& c) { return SetFilter(c, false); }},
    {"setproduct", 0, kAnyCount, SetProduct},
    {"matchkeys", 3, kAnyCount, Matchkeys},
    {"transpose", 1, kAnyCount, Transpose},
    {"one", 1, kAnyCount, One},
    {"alltrue", 1, kAnyCount, [](const Call& c) { return AllOrAny(c, true); }},
    {"anytrue", 1, kAnyCount, [](const Call& c) { return AllOrAny(c, false); }},
    {"sum", 1, kAnyCount, Sum},
};

}  // namespace

Value Distinct(const Value& list) {
  Value out = Value::array();
  for (const auto& v : list) {
    if (!Has(out, v)) out.push_back(v);
  }
  return out;
}

const Value& RequireList(const Value& v, std::string_view fn) {
  if (!v.is_array()) throw EvalError{std::string(fn) + "() requires a list, got " + TypeName(v)};
  return v;
}

const Value& RequireMap(const Value& v, std::string_view fn) {
  if (!v.is_object()) throw EvalError{std::string(fn) + "() requires a map, got " + TypeName(v)};
  return v;
}

const Value& Call::List(size_t i) const { return RequireList(args.at(i), name); }

const Value& Call::Map(size_t i) const { return RequireMap(args.at(i), name); }

std::span<const FunctionEntry> CollectionFunctions() { return kCollectionFunctions; }

}  // namespace faber::reconciler::hcl::internal
