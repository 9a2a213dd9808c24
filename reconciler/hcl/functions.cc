// The table of Terraform's built-in functions (name -> implementation and argument bounds) and
// CallFunction over it, plus the encoding, type-conversion and apply-time families. Values are
// JSON: lists, sets and tuples are arrays; maps and objects are objects.

#include "reconciler/hcl/functions.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "reconciler/hcl/functions_internal.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl {
namespace {

using internal::Call;
using internal::FunctionEntry;
using internal::kAnyCount;

std::string Base64Encode(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(n >> k) & 63];
  }
  if (i < in.size()) {
    uint32_t n = uint8_t(in[i]) << 16;
    if (i + 1 < in.size()) n |= uint8_t(in[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string Base64Decode(const std::string& in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
          : c == '+' ? 62 : c == '/' ? 63 : c == '=' ? -2 : -1;
    if (v == -2) break;
    if (v < 0) throw EvalError{"base64decode: invalid base64 data"};
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

std::string UrlEncode(const std::string& s) {
  std::string out;
  char buf[4];
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

Value JsonDecode(const Call& c) {
  Value v = Value::parse(c.Str(0), nullptr, false);
  if (v.is_discarded()) throw EvalError{"jsondecode: invalid JSON"};
  return v;
}

// Different at every apply (or, for timeadd/formatdate, not worth guessing): never known before.
Value UnknownUntilApply(const Call& c) { return MakeUnknown(std::string(c.name) + "()"); }

constexpr FunctionEntry kEncodingFunctions[] = {
    {"jsonencode", 1, kAnyCount, [](const Call& c) -> Value { return c.Arg(0).dump(); }},
    {"yamlencode", 1, kAnyCount, [](const Call& c) -> Value { return c.Arg(0).dump(); }},  // JSON is valid YAML
    {"jsondecode", 1, kAnyCount, JsonDecode},
    {"base64encode", 1, kAnyCount, [](const Call& c) -> Value { return Base64Encode(c.Str(0)); }},
    {"base64decode", 1, kAnyCount, [](const Call& c) -> Value { return Base64Decode(c.Str(0)); }},
    {"textencodebase64", 1, kAnyCount, [](const Call& c) -> Value { return Base64Encode(c.Str(0)); }},
    {"urlencode", 1, kAnyCount, [](const Call& c) -> Value { return UrlEncode(c.Str(0)); }},
};

constexpr FunctionEntry kConversionFunctions[] = {
    {"tostring", 1, kAnyCount, [](const Call& c) { return c.Arg(0).is_null() ? Value(nullptr) : Value(c.Str(0)); }},
    {"tonumber", 1, kAnyCount, [](const Call& c) { return c.Arg(0).is_null() ? Value(nullptr) : Num(c.Number(0)); }},
    {"tobool", 1, kAnyCount,
     [](const Call& c) { return c.Arg(0).is_null() ? Value(nullptr) : Value(AsBool(c.Arg(0))); }},
    {"tolist", 1, kAnyCount,
     [](const Call& c) {
       if (c.Arg(0).is_object()) throw EvalError{"tolist: cannot convert an object"};
       return c.Arg(0);
     }},
    {"toset", 1, kAnyCount,
     [](const Call& c) { return c.Arg(0).is_array() ? internal::Distinct(c.Arg(0)) : c.Arg(0); }},
    {"tomap", 1, kAnyCount,
     [](const Call& c) {
       if (!c.Arg(0).is_object() && !IsUnknown(c.Arg(0))) throw EvalError{"tomap: a map is required"};
       return c.Arg(0);
     }},
    {"sensitive", 1, kAnyCount, [](const Call& c) { return c.Arg(0); }},
    {"nonsensitive", 1, kAnyCount, [](const Call& c) { return c.Arg(0); }},
    {"type", 1, kAnyCount, [](const Call& c) -> Value { return TypeName(c.Arg(0)); }},
};

constexpr FunctionEntry kApplyTimeFunctions[] = {
    {"timestamp", 0, kAnyCount, UnknownUntilApply},
    {"plantimestamp", 0, kAnyCount, UnknownUntilApply},
    {"uuid", 0, kAnyCount, UnknownUntilApply},
    {"uuidv5", 0, kAnyCount, UnknownUntilApply},
    {"bcrypt", 0, kAnyCount, UnknownUntilApply},
    {"timeadd", 0, kAnyCount, UnknownUntilApply},
    {"formatdate", 0, kAnyCount, UnknownUntilApply},
};

// Every function by name, built once from the families.
const std::unordered_map<std::string_view, FunctionEntry>& Table() {
  static const auto* const kTable = [] {
    auto* table = new std::unordered_map<std::string_view, FunctionEntry>();
    for (std::span<const FunctionEntry> family :
         {internal::StringFunctions(), internal::CollectionFunctions(), internal::NumericFunctions(),
          internal::NetFunctions(), std::span<const FunctionEntry>(kEncodingFunctions),
          std::span<const FunctionEntry>(kConversionFunctions), std::span<const FunctionEntry>(kApplyTimeFunctions)}) {
      for (const FunctionEntry& entry : family) {
        // A name in two families would silently lose one implementation; fail on first use instead.
        if (!table->emplace(entry.name, entry).second) std::abort();
      }
    }
    return table;
  }();
  return *kTable;
}

EvalError NotEnoughArguments(std::string_view name) {
  return EvalError{"not enough arguments in call to " + std::string(name) + "()"};
}

}  // namespace

void ExpansionBudget::Take(size_t n, const char* what) {
  used += n;
  if (used <= limit) return;
  throw EvalError{std::string(what) + ": the configuration expands to more than " + std::to_string(limit) +
                      " elements (for expressions, count, for_each, setproduct), faber's limit for one configuration",
                  true};
}

bool HasFunction(std::string_view name) { return name == "try" || name == "can" || Table().count(name) > 0; }

bool ToleratesUnknown(std::string_view name) {
  static const std::set<std::string_view> kTolerant = {"length", "merge", "concat", "lookup", "element", "tolist",
                                                       "toset", "tomap", "flatten", "compact", "coalesce", "keys",
                                                       "values", "one", "sensitive", "nonsensitive", "try", "can"};
  return kTolerant.count(name) > 0;
}

Value CallFunction(std::string_view name, std::vector<Value>& args, const FunctionContext& ctx) {
  auto it = Table().find(name);
  if (it == Table().end()) throw EvalError{"unsupported function " + std::string(name) + "()"};
  const FunctionEntry& entry = it->second;
  if (args.size() < entry.min_args) throw NotEnoughArguments(name);
  if (args.size() > entry.max_args) throw EvalError{"wrong number of arguments to " + std::string(name) + "()"};
  try {
    return entry.impl(Call{name, args, ctx});
  } catch (const std::out_of_range&) {
    // A read past the given arguments (an optional one, or a minimum set too low above) is still
    // the caller's too-few-arguments mistake; escaping, it used to abort (found by fuzzing).
    throw NotEnoughArguments(name);
  }
}

}  // namespace faber::reconciler::hcl
