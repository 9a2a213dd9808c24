#include "reconciler/hcl/functions.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl {
namespace {

using nlohmann::json;

// The result of CallFunction, or {"error": message} when it throws EvalError.
json Call(std::string_view name, std::vector<Value> args, const FunctionContext& ctx = {}) {
  try {
    return CallFunction(name, args, ctx);
  } catch (const EvalError& e) {
    return json{{"error", e.message}};
  }
}

json Error(const std::string& message) { return json{{"error", message}}; }

// Every function the evaluator accepted before the table, by Terraform's documentation groups.
const char* const kKnownFunctions[] = {
    "abs", "ceil", "floor", "log", "max", "min", "parseint", "pow", "signum",
    "chomp", "endswith", "format", "formatlist", "indent", "join", "lower", "regex", "regexall", "replace", "split",
    "startswith", "strcontains", "strrev", "substr", "title", "trim", "trimprefix", "trimspace", "trimsuffix", "upper",
    "alltrue", "anytrue", "chunklist", "coalesce", "coalescelist", "compact", "concat", "contains", "distinct",
    "element", "flatten", "index", "keys", "length", "lookup", "matchkeys", "merge", "one", "range", "reverse",
    "setintersection", "setproduct", "setsubtract", "setunion", "slice", "sort", "sum", "transpose", "values", "zipmap",
    "base64decode", "base64encode", "jsondecode", "jsonencode", "textencodebase64", "urlencode", "yamlencode",
    "abspath", "basename", "dirname", "file", "fileexists", "filebase64", "pathexpand", "templatefile",
    "formatdate", "plantimestamp", "timeadd", "timestamp",
    "base64sha256", "bcrypt", "md5", "sha1", "sha256", "sha512", "uuid", "uuidv5",
    "cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets",
    "nonsensitive", "sensitive", "tobool", "tolist", "tomap", "tonumber", "toset", "tostring", "type",
};

TEST(FunctionsTest, EveryKnownFunctionIsInTheTable) {
  EXPECT_EQ(std::size(kKnownFunctions), 100u);
  for (const char* name : kKnownFunctions) {
    EXPECT_TRUE(HasFunction(name)) << name;
    // Called with no arguments each one answers, or names its own problem: none is missing.
    json got = Call(name, {});
    if (got.is_object() && got.contains("error")) {
      EXPECT_EQ(got["error"].get<std::string>().rfind("unsupported function", 0), std::string::npos) << name;
    }
  }
}

TEST(FunctionsTest, TryAndCanAreKnownButLeftToTheEvaluator) {
  EXPECT_TRUE(HasFunction("try"));
  EXPECT_TRUE(HasFunction("can"));
  EXPECT_EQ(Call("try", {1}), Error("unsupported function try()"));
}

TEST(FunctionsTest, UnknownNamesAreRejected) {
  EXPECT_FALSE(HasFunction("nosuchfunction"));
  EXPECT_FALSE(HasFunction("Upper"));  // names are case-sensitive
  EXPECT_FALSE(HasFunction(""));
  EXPECT_EQ(Call("nosuchfunction", {1}), Error("unsupported function nosuchfunction()"));
}

// One error, from the table, for a call with fewer arguments than the function needs.
TEST(FunctionsTest, TooFewArgumentsNameTheFunction) {
  EXPECT_EQ(Call("upper", {}), Error("not enough arguments in call to upper()"));
  EXPECT_EQ(Call("substr", {"abc", 1}), Error("not enough arguments in call to substr()"));
  EXPECT_EQ(Call("formatlist", {}), Error("not enough arguments in call to formatlist()"));
  EXPECT_EQ(Call("lookup", {json::object()}), Error("not enough arguments in call to lookup()"));
  EXPECT_EQ(Call("matchkeys", {json::array(), json::array()}), Error("not enough arguments in call to matchkeys()"));
  EXPECT_EQ(Call("min", {}), Error("not enough arguments in call to min()"));
  EXPECT_EQ(Call("pow", {2}), Error("not enough arguments in call to pow()"));
  EXPECT_EQ(Call("cidrsubnet", {"10.0.0.0/16", 8}), Error("not enough arguments in call to cidrsubnet()"));
  EXPECT_EQ(Call("jsonencode", {}), Error("not enough arguments in call to jsonencode()"));
  EXPECT_EQ(Call("tostring", {}), Error("not enough arguments in call to tostring()"));
  EXPECT_EQ(Call("basename", {}), Error("not enough arguments in call to basename()"));
  // The count is checked before any argument is looked at.
  EXPECT_EQ(Call("substr", {json::object()}), Error("not enough arguments in call to substr()"));
}

TEST(FunctionsTest, FunctionsWithoutRequiredArgumentsAnswerWithNone) {
  EXPECT_EQ(Call("concat", {}), json::array());
  EXPECT_EQ(Call("merge", {}), json::object());
  EXPECT_EQ(Call("coalescelist", {}), json::array());
  EXPECT_EQ(Call("setproduct", {}), json::array({json::array()}));
  EXPECT_EQ(Call("coalesce", {}), Error("coalesce: no non-null, non-empty-string arguments"));
  EXPECT_TRUE(IsUnknown(Call("timestamp", {})));
  EXPECT_EQ(Call("uuid", {}), MakeUnknown("uuid()"));
}

// Only the functions that always refused extra arguments refuse them; the others still ignore
// them, as before the table.
TEST(FunctionsTest, TooManyArgumentsOnlyWhereTheyWereRefusedBefore) {
  EXPECT_EQ(Call("upper", {"a", "b"}), Error("wrong number of arguments to upper()"));
  EXPECT_EQ(Call("lower", {"A", "B"}), Error("wrong number of arguments to lower()"));
  EXPECT_EQ(Call("length", {json::array(), 1}), Error("wrong number of arguments to length()"));
  EXPECT_EQ(Call("lookup", {json{{"a", 1}}, "a", 0, 1}), Error("wrong number of arguments to lookup()"));
  EXPECT_EQ(Call("lookup", {json{{"a", 1}}, "b", 7}), 7);
  EXPECT_EQ(Call("title", {"ab cd", "ignored"}), "Ab Cd");
  EXPECT_EQ(Call("abs", {-2, 5}), 2);
  EXPECT_EQ(Call("md5", {"abc", "ignored"}), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(FunctionsTest, VariadicFunctionsUseEveryArgument) {
  EXPECT_EQ(Call("concat", {json::array({1}), json::array({2, 3}), json::array()}), json({1, 2, 3}));
  EXPECT_EQ(Call("join", {"-", json::array({"a"}), json::array({"b", "c"})}), "a-b-c");
  EXPECT_EQ(Call("format", {"%s=%d", "a", 1}), "a=1");
  EXPECT_EQ(Call("min", {3, 1, 2}), 1);
  EXPECT_EQ(Call("setunion", {json::array({"a"}), json::array({"b"}), json::array({"a", "c"})}), json({"a", "b", "c"}));
  EXPECT_EQ(Call("setintersection", {json::array({1, 2, 3}), json::array({2, 3}), json::array({3})}), json({3}));
  EXPECT_EQ(Call("cidrsubnets", {"10.0.0.0/8", 8, 8}), json({"10.0.0.0/16", "10.1.0.0/16"}));
}

TEST(FunctionsTest, ArgumentErrorsNameTheFunction) {
  EXPECT_EQ(Call("keys", {json::array()}), Error("keys() requires a map, got tuple"));
  EXPECT_EQ(Call("distinct", {"x"}), Error("distinct() requires a list, got string"));
  EXPECT_EQ(Call("join", {",", "x"}), Error("join() requires a list, got string"));
}

// functions_net.cc calls back into the table by name for base64.
TEST(FunctionsTest, HashAndFileFunctionsReuseBase64Encode) {
  EXPECT_EQ(Call("base64encode", {"hello"}), "aGVsbG8=");
  EXPECT_EQ(Call("base64sha256", {"abc"}), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("faber_functions_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "greeting.txt") << "hello";
  FunctionContext ctx{dir.string(), nullptr};
  EXPECT_EQ(Call("filebase64", {"greeting.txt"}, ctx), "aGVsbG8=");
  EXPECT_EQ(Call("file", {"greeting.txt"}, ctx), "hello");
  EXPECT_EQ(Call("fileexists", {"greeting.txt"}, ctx), true);
  EXPECT_EQ(Call("fileexists", {"missing.txt"}, ctx), false);
  EXPECT_EQ(Call("file", {"missing.txt"}, ctx), Error("file: no file exists at missing.txt"));
  EXPECT_EQ(Call("templatefile", {"greeting.txt"}, ctx), Error("templatefile: not available here"));
  std::filesystem::remove_all(dir);
}

TEST(FunctionsTest, PathFunctions) {
  EXPECT_EQ(Call("basename", {"a/b/c.txt"}), "c.txt");
  EXPECT_EQ(Call("dirname", {"a/b/c.txt"}), "a/b");
  EXPECT_EQ(Call("dirname", {"c.txt"}), ".");
}

TEST(FunctionsTest, ToMapReturnsTheMapAndRefusesOtherValues) {
  EXPECT_EQ(Call("tomap", {json{{"a", 1}, {"b", "x"}}}), (json{{"a", 1}, {"b", "x"}}));
  EXPECT_EQ(Call("tomap", {json::array({1, 2})}), Error("tomap: a map is required"));
}

}  // namespace
}  // namespace faber::reconciler::hcl
