#include "reconciler/hcl/evaluator.h"

#include <gtest/gtest.h>

#include "reconciler/hcl/parser.h"
#include "reconciler/model/resource_model.h"

namespace faber::reconciler::hcl {
namespace {

using nlohmann::json;

// var.* from a fixed object; aws_* references are unknown, as before apply.
class TestScope : public Scope {
 public:
  json vars = {{"env", "prod"}, {"n", 3}, {"list", {"a", "b", "c"}}, {"map", {{"x", 1}, {"y", 2}}}, {"on", true}};
  Value Resolve(std::string_view root, std::span<const Traverser> steps, size_t* consumed, std::string_view text) override {
    *consumed = 1;
    if (root == "var") return vars.at(std::string(steps[0].name));
    *consumed = steps.size();
    if (root.rfind("aws_", 0) == 0) return MakeUnknown(std::string(text));
    throw EvalError{"unknown " + std::string(root)};
  }
};

json Eval(const std::string& expr) {
  auto f = ParseConfig("t.tf", "x = " + expr + "\n");
  EXPECT_FALSE(f->HasErrors()) << expr;
  TestScope scope;
  Evaluator ev(*f, &scope, FunctionContext{"/tmp", nullptr});
  try {
    return ev.Eval(f->body->attributes[0].expr);
  } catch (const EvalError& e) {
    return json{{"error", e.message}};
  }
}

TEST(EvaluatorTest, ArithmeticAndLogic) {
  EXPECT_EQ(Eval("1 + 2 * 3"), 7);
  EXPECT_EQ(Eval("7 / 2"), 3.5);
  EXPECT_EQ(Eval("7 % 3"), 1);
  EXPECT_EQ(Eval("\"3\" + 1"), 4);
  EXPECT_EQ(Eval("var.n > 2 && !false"), true);
  EXPECT_EQ(Eval("[1, \"a\"] == [1, \"a\"]"), true);
  EXPECT_EQ(Eval("var.on ? \"yes\" : \"no\""), "yes");
  EXPECT_TRUE(Eval("1 / 0").contains("error"));
}

TEST(EvaluatorTest, TemplatesForAndSplat) {
  EXPECT_EQ(Eval("\"${var.env}-${var.n}\""), "prod-3");
  EXPECT_EQ(Eval("\"%{for i, v in var.list}${i}${v}%{endfor}\""), "0a1b2c");
  EXPECT_EQ(Eval("\"%{if var.on}on%{else}off%{endif}\""), "on");
  EXPECT_EQ(Eval("[for v in var.list : upper(v) if v != \"b\"]"), json({"A", "C"}));
  EXPECT_EQ(Eval("{for k, v in var.map : v => k}"), json({{"1", "x"}, {"2", "y"}}));
  EXPECT_EQ(Eval("{for v in [\"a\", \"b\", \"a\"] : v => v...}"), json({{"a", {"a", "a"}}, {"b", {"b"}}}));
  EXPECT_EQ(Eval("[{a = 1}, {a = 2}][*].a"), json({1, 2}));
  EXPECT_EQ(Eval("{a = 1}[*].a"), json({1}));
  EXPECT_EQ(Eval("var.map[\"y\"]"), 2);
  EXPECT_EQ(Eval("var.list[var.n - 1]"), "c");
}

TEST(EvaluatorTest, UnknownsPropagateAndAreNeverGuessed) {
  EXPECT_EQ(Eval("aws_kms_key.k.arn"), MakeUnknown("aws_kms_key.k.arn"));
  EXPECT_EQ(Eval("\"arn/${aws_kms_key.k.id}\""), MakeUnknown("\"arn/${aws_kms_key.k.id}\""));
  json obj = Eval("{a = 1, b = aws_x.y.id}");
  EXPECT_EQ(obj["a"], 1);
  EXPECT_TRUE(IsUnknown(obj["b"]));
  EXPECT_TRUE(IsUnknown(Eval("aws_x.y.n + 1")));
  EXPECT_TRUE(IsUnknown(Eval("aws_x.y.on ? 1 : 2")));
  EXPECT_EQ(Eval("length([aws_x.y.id, 2])"), 2);
  EXPECT_TRUE(IsUnknown(Eval("upper(aws_x.y.id)")));
  EXPECT_TRUE(IsUnknown(Eval("timestamp()")));
}

TEST(EvaluatorTest, TryAndCan) {
  EXPECT_EQ(Eval("try(var.map.z, \"fallback\")"), "fallback");
  EXPECT_EQ(Eval("try(var.map.x, 0)"), 1);
  EXPECT_EQ(Eval("can(var.map.z)"), false);
  EXPECT_EQ(Eval("can(regex(\"^p\", var.env))"), true);
  EXPECT_EQ(Eval("lookup(var.map, \"z\", 9)"), 9);
}

TEST(EvaluatorTest, StringFunctions) {
  EXPECT_EQ(Eval("format(\"%s-%03d-%.1f-%q\", \"a\", 7, 1.25, \"q\")"), "a-007-1.2-\"q\"");
  EXPECT_EQ(Eval("join(\",\", split(\"-\", \"a-b-c\"))"), "a,b,c");
  EXPECT_EQ(Eval("replace(\"a.b.c\", \".\", \"/\")"), "a/b/c");
  EXPECT_EQ(Eval("replace(\"abc123\", \"/[0-9]+/\", \"#\")"), "abc#");
  EXPECT_EQ(Eval("trimspace(\"  x \")"), "x");
  EXPECT_EQ(Eval("substr(\"hello\", 1, 3)"), "ell");
  EXPECT_EQ(Eval("title(\"hello world\")"), "Hello World");
  EXPECT_EQ(Eval("formatlist(\"%s=%s\", [\"a\", \"b\"], \"v\")"), json({"a=v", "b=v"}));
  EXPECT_EQ(Eval("regexall(\"[a-z]\", \"a1b\")"), json({"a", "b"}));
  EXPECT_EQ(Eval("startswith(\"prod-x\", \"prod\")"), true);
}

TEST(EvaluatorTest, CollectionFunctions) {
  EXPECT_EQ(Eval("merge({a = 1}, {b = 2}, {a = 3})"), json({{"a", 3}, {"b", 2}}));
  EXPECT_EQ(Eval("concat([1], [2, 3])"), json({1, 2, 3}));
  EXPECT_EQ(Eval("flatten([[1, [2]], 3])"), json({1, 2, 3}));
  EXPECT_EQ(Eval("distinct([1, 1, 2])"), json({1, 2}));
  EXPECT_EQ(Eval("keys(var.map)"), json({"x", "y"}));
  EXPECT_EQ(Eval("values(var.map)"), json({1, 2}));
  EXPECT_EQ(Eval("element(var.list, 4)"), "b");
  EXPECT_EQ(Eval("zipmap([\"a\", \"b\"], [1, 2])"), json({{"a", 1}, {"b", 2}}));
  EXPECT_EQ(Eval("slice(var.list, 1, 3)"), json({"b", "c"}));
  EXPECT_EQ(Eval("range(3)"), json({0, 1, 2}));
  EXPECT_EQ(Eval("length(range(1024))"), 1024);
  // Terraform's limit, which also ends a range whose step is lost in rounding.
  EXPECT_TRUE(Eval("range(1e300, 1e301, 1)").contains("error"));
  EXPECT_EQ(Eval("contains(var.list, \"b\")"), true);
  EXPECT_EQ(Eval("coalesce(null, \"\", \"x\")"), "x");
  EXPECT_EQ(Eval("compact([\"a\", \"\", null])"), json({"a"}));
  EXPECT_EQ(Eval("one([])"), nullptr);
  EXPECT_EQ(Eval("setsubtract([1, 2, 3], [2])"), json({1, 3}));
  EXPECT_EQ(Eval("length(setproduct([1, 2], [\"a\", \"b\"]))"), 4);
  EXPECT_EQ(Eval("sort([\"b\", \"a\"])"), json({"a", "b"}));
  EXPECT_EQ(Eval("max(1, 5, 3)"), 5);
  EXPECT_EQ(Eval("sum([1, 2.5])"), 3.5);
  EXPECT_EQ(Eval("merge([{a = 1}, {b = 2}]...)"), json({{"a", 1}, {"b", 2}}));
}

TEST(EvaluatorTest, EncodingAndConversionFunctions) {
  EXPECT_EQ(Eval("jsonencode({a = [1, true]})"), "{\"a\":[1,true]}");
  EXPECT_EQ(Eval("jsondecode(\"{\\\"a\\\": 1}\").a"), 1);
  EXPECT_EQ(Eval("base64encode(\"hello\")"), "aGVsbG8=");
  EXPECT_EQ(Eval("base64decode(\"aGVsbG8=\")"), "hello");
  EXPECT_EQ(Eval("tostring(1.5)"), "1.5");
  EXPECT_EQ(Eval("tonumber(\"42\")"), 42);
  EXPECT_EQ(Eval("tobool(\"true\")"), true);
  EXPECT_EQ(Eval("toset([\"a\", \"a\"])"), json({"a"}));
  EXPECT_EQ(Eval("urlencode(\"a b/c\")"), "a%20b%2Fc");
  EXPECT_EQ(Eval("sha256(\"abc\")"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Eval("md5(\"abc\")"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(EvaluatorTest, NetworkFunctions) {
  EXPECT_EQ(Eval("cidrsubnet(\"10.0.0.0/16\", 8, 2)"), "10.0.2.0/24");
  EXPECT_EQ(Eval("cidrsubnet(\"10.1.2.0/24\", 4, 15)"), "10.1.2.240/28");
  EXPECT_EQ(Eval("cidrsubnet(\"fd00:fd12:3456:7890::/56\", 16, 162)"), "fd00:fd12:3456:7800:a200::/72");
  EXPECT_EQ(Eval("cidrhost(\"10.12.112.0/20\", 16)"), "10.12.112.16");
  EXPECT_EQ(Eval("cidrhost(\"10.12.112.0/20\", -2)"), "10.12.127.254");
  EXPECT_EQ(Eval("cidrnetmask(\"172.16.0.0/12\")"), "255.240.0.0");
  EXPECT_EQ(Eval("cidrsubnets(\"10.1.0.0/16\", 4, 4, 8, 4)"),
            json({"10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"}));
  EXPECT_TRUE(Eval("cidrsubnet(\"10.0.0.0/30\", 8, 1)").contains("error"));
  // Too few arguments is an error naming the function (found by fuzzing: it used to abort).
  EXPECT_EQ(Eval("cidrsubnet(\"10.0.0.0/16\", 8- 2)"),
            json({{"error", "not enough arguments in call to cidrsubnet()"}}));
  EXPECT_EQ(Eval("substr(\"abc\")"), json({{"error", "not enough arguments in call to substr()"}}));
}

}  // namespace
}  // namespace faber::reconciler::hcl
