#pragma once

// The parts of the function table shared by functions.cc (the table, CallFunction, encodings and
// conversions) and the files implementing the other families: functions_strings.cc,
// functions_collections.cc, functions_numeric.cc and functions_net.cc.

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reconciler/hcl/functions.h"
#include "reconciler/hcl/value.h"

namespace faber::reconciler::hcl::internal {

// One call as an implementation sees it. CallFunction has already checked the argument count
// against the entry's bounds, so reading an argument below the minimum cannot fail.
struct Call {
  std::string_view name;
  const std::vector<Value>& args;
  const FunctionContext& ctx;

  // Argument `i`; std::out_of_range past the end, which CallFunction reports as too few arguments.
  const Value& Arg(size_t i) const { return args.at(i); }
  // Argument `i` as a string, by AsString's rules.
  std::string Str(size_t i) const { return AsString(args.at(i)); }
  // Argument `i` as a number, by AsNumber's rules.
  double Number(size_t i) const { return AsNumber(args.at(i)); }
  // Argument `i`, which must be a list; EvalError naming the function otherwise.
  const Value& List(size_t i) const;
  // Argument `i`, which must be a map or object; EvalError naming the function otherwise.
  const Value& Map(size_t i) const;
};

using Impl = Value (*)(const Call& call);

// The maximum of a function that accepts any number of further arguments (variadic ones such as
// concat(), and the many that have always ignored extra arguments).
inline constexpr size_t kAnyCount = std::numeric_limits<size_t>::max();

// One Terraform function: its name, how many arguments it needs and takes, and what runs it.
struct FunctionEntry {
  std::string_view name;
  size_t min_args;
  size_t max_args;
  Impl impl;
};

// The entries of each family; every name appears in exactly one family.
std::span<const FunctionEntry> StringFunctions();
std::span<const FunctionEntry> CollectionFunctions();
std::span<const FunctionEntry> NumericFunctions();
std::span<const FunctionEntry> NetFunctions();  // addresses, hashes, files and paths

// `v`, which must be a list; EvalError naming function `fn` otherwise.
const Value& RequireList(const Value& v, std::string_view fn);
// `v`, which must be a map or object; EvalError naming function `fn` otherwise.
const Value& RequireMap(const Value& v, std::string_view fn);
// The elements of `list` without repeats, each kept at its first position (sets are JSON arrays).
Value Distinct(const Value& list);

}  // namespace faber::reconciler::hcl::internal
