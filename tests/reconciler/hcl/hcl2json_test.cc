// Unit tests of the hcl2json conversion, one rule at a time; conformance_test.cc compares whole
// files with the reference converter's output.

#include "reconciler/hcl/hcl2json.h"

#include <gtest/gtest.h>

#include "reconciler/hcl/parser.h"

namespace faber::reconciler::hcl {
namespace {

using nlohmann::json;

// The conversion of native-syntax `text`; a parse error or a conversion error as {"error": ...}.
json Convert(const std::string& text) {
  auto file = ParseConfig("main.tf", text);
  if (file->HasErrors()) return json{{"error", FormatDiagnostic(file->diags[0])}};
  auto converted = ToHcl2Json(*file);
  if (!converted.ok()) return json{{"error", converted.status().message()}};
  return *converted;
}

// The converted value of the single attribute `x = <expr>`.
json ConvertExpr(const std::string& expr) {
  json body = Convert("x = " + expr + "\n");
  if (body.contains("error")) return body;
  return body.at("x");
}

TEST(Hcl2JsonTest, BlocksNestByTypeThenLabelsAndEndInArraysOfBodies) {
  json got = Convert(R"(
resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
resource "aws_s3_bucket" "data" {
  bucket = "data"
}
resource "aws_iam_role" "ci" {}
module "net" {
  source = "./net"
}
)");
  json want = {
      {"resource",
       {{"aws_s3_bucket", {{"logs", json::array({{{"bucket", "logs"}}})}, {"data", json::array({{{"bucket", "data"}}})}}},
        {"aws_iam_role", {{"ci", json::array({json::object()})}}}}},
      {"module", {{"net", json::array({{{"source", "./net"}}})}}},
  };
  EXPECT_EQ(got, want);
}

TEST(Hcl2JsonTest, RepeatedBlocksWithoutLabelsBecomeOneArray) {
  EXPECT_EQ(Convert("locals {\n  a = 1\n}\nlocals {\n  b = 2\n}\n"),
            json({{"locals", json::array({{{"a", 1}}, {{"b", 2}}})}}));
}

TEST(Hcl2JsonTest, NestedBlocksAreArraysInsideTheirParentBody) {
  json got = Convert(R"(
resource "aws_instance" "web" {
  ami = "ami-1"
  ebs_block_device {
    volume_size = 10
  }
  ebs_block_device {
    volume_size = 20
  }
  dynamic "tag" {
    for_each = var.tags
    content {
      key = tag.key
    }
  }
}
)");
  json body = got.at("resource").at("aws_instance").at("web").at(0);
  EXPECT_EQ(body.at("ami"), "ami-1");
  EXPECT_EQ(body.at("ebs_block_device"), json::array({{{"volume_size", 10}}, {{"volume_size", 20}}}));
  json dynamic = {{"tag", json::array({{{"for_each", "${var.tags}"}, {"content", json::array({{{"key", "${tag.key}"}}})}}})}};
  EXPECT_EQ(body.at("dynamic"), dynamic);
}

TEST(Hcl2JsonTest, LiteralsStayJsonValues) {
  EXPECT_EQ(ConvertExpr("\"text\""), "text");
  EXPECT_EQ(ConvertExpr("true"), true);
  EXPECT_EQ(ConvertExpr("null"), nullptr);
  EXPECT_EQ(ConvertExpr("42"), 42);
  EXPECT_TRUE(ConvertExpr("42").is_number_integer());
  EXPECT_EQ(ConvertExpr("1.5"), 1.5);
  EXPECT_EQ(ConvertExpr("1e3"), 1000);
  EXPECT_TRUE(ConvertExpr("1e3").is_number_integer());
  EXPECT_EQ(ConvertExpr("1e400"), nullptr);  // out of range, as a JSON reader reads it
  EXPECT_EQ(ConvertExpr("[1, \"a\", [true]]"), json({1, "a", json::array({true})}));
  EXPECT_EQ(ConvertExpr("{ a = 1, \"b c\" = \"d\" }"), json({{"a", 1}, {"b c", "d"}}));
}

TEST(Hcl2JsonTest, OtherExpressionsBecomeTheirSourceTextInterpolated) {
  EXPECT_EQ(ConvertExpr("var.region"), "${var.region}");
  EXPECT_EQ(ConvertExpr("1 + 2"), "${1 + 2}");
  EXPECT_EQ(ConvertExpr("upper(var.name)"), "${upper(var.name)}");
  EXPECT_EQ(ConvertExpr("var.on ? \"a\" : \"b\""), "${var.on ? \"a\" : \"b\"}");
  EXPECT_EQ(ConvertExpr("[for s in var.list : upper(s)]"), "${[for s in var.list : upper(s)]}");
  EXPECT_EQ(ConvertExpr("aws_instance.web[*].id"), "${aws_instance.web[*].id}");
  // Inside collections only the non-literal items are wrapped.
  EXPECT_EQ(ConvertExpr("[1, local.x]"), json({1, "${local.x}"}));
  EXPECT_EQ(ConvertExpr("{ k = var.v }"), json({{"k", "${var.v}"}}));
}

TEST(Hcl2JsonTest, ObjectKeysFromNamesStringsAndTemplates) {
  EXPECT_EQ(ConvertExpr("{ name = 1 }"), json({{"name", 1}}));
  EXPECT_EQ(ConvertExpr("{ \"quoted key\" = 1 }"), json({{"quoted key", 1}}));
  EXPECT_EQ(ConvertExpr("{ \"${var.p}-x\" = 1 }"), json({{"${var.p}-x", 1}}));
}

TEST(Hcl2JsonTest, UnaryOperatorsOverLiteralsAreFolded) {
  EXPECT_EQ(ConvertExpr("-3"), -3);
  EXPECT_EQ(ConvertExpr("-2.5"), -2.5);
  EXPECT_EQ(ConvertExpr("!true"), false);
  EXPECT_EQ(ConvertExpr("!false"), true);
  EXPECT_EQ(ConvertExpr("-var.n"), "${-var.n}");
  // A quoted string is a template, not a literal, so it is not folded.
  EXPECT_EQ(ConvertExpr("-\"4\""), "${-\"4\"}");
  EXPECT_EQ(ConvertExpr("-true"), json({{"error", "a number is required for unary minus"}}));
  EXPECT_EQ(ConvertExpr("!1"), json({{"error", "a bool is required for logical not"}}));
  EXPECT_EQ(ConvertExpr("!null"), json({{"error", "a bool is required for logical not"}}));
}

TEST(Hcl2JsonTest, TemplatesKeepInterpolationsAndDirectives) {
  EXPECT_EQ(ConvertExpr("\"pre-${var.x}-post\""), "pre-${var.x}-post");
  EXPECT_EQ(ConvertExpr("\"%{if var.on}yes%{else}no%{endif}\""), "%{if var.on}yes%{else}no%{endif}");
  EXPECT_EQ(ConvertExpr("\"%{if var.on}yes%{endif}\""), "%{if var.on}yes%{endif}");
  EXPECT_EQ(ConvertExpr("\"%{for k, v in var.m}${k}=${v},%{endfor}\""), "%{for k, v in var.m}${k}=${v},%{endfor}");
  // Literal parts of a template are printed as HCL prints them.
  EXPECT_EQ(ConvertExpr("\"n=${1.50} b=${true}\""), "n=1.5 b=true");
}

// An escaped "$${" decodes to "${", which must be escaped again to stay literal in the output.
TEST(Hcl2JsonTest, LiteralTemplateSequencesStayEscaped) {
  EXPECT_EQ(ConvertExpr("\"cost $${x} and %%{y}\""), "cost $${x} and %%{y}");
  EXPECT_EQ(ConvertExpr("\"$5 and 100%\""), "$5 and 100%");
}

TEST(Hcl2JsonTest, Heredocs) {
  json got = Convert("a = <<EOT\nline one\n  indented ${var.x}\nEOT\nb = <<-EOT\n    deep\n      deeper\n    EOT\n");
  EXPECT_EQ(got.at("a"), "line one\n  indented ${var.x}\n");
  EXPECT_EQ(got.at("b"), "deep\n  deeper\n");
}

TEST(Hcl2JsonTest, BlockTypeWithAndWithoutLabelsIsRefused) {
  // The reference converter refuses both orders, with a different message for each.
  EXPECT_EQ(Convert("thing {}\nthing \"a\" {}\n"), json({{"error", "Unable to convert Block to JSON: thing"}}));
  EXPECT_EQ(Convert("thing \"a\" {}\nthing {}\n"),
            json({{"error", "invalid HCL detected for \"thing\" block, cannot have blocks with and without labels"}}));
}

// ToHcl2Json takes only files without syntax errors: bad input is reported by the parser, with the
// file, line and column, before any conversion (as `faber hcl2json` does).
TEST(Hcl2JsonTest, SyntaxErrorsAreReportedWithFileLineAndColumnBeforeConversion) {
  json got = Convert("resource \"a\" \"b\" {\n  ok = 1\n  bad = = 2\n}\n");
  ASSERT_TRUE(got.contains("error"));
  EXPECT_EQ(got["error"].get<std::string>().rfind("main.tf:3:9: Invalid expression", 0), 0u) << got;
}

// A .tf.json file parsed with the JSON syntax converts to the same shape as its native twin.
TEST(Hcl2JsonTest, JsonSyntaxConvertsLikeTheNativeSyntax) {
  auto json_file = ParseJsonConfig("main.tf.json", R"({
    "resource": {"aws_s3_bucket": {"b": {"bucket": "logs-${var.env}", "count": 2,
                 "lifecycle": {"prevent_destroy": true}}}},
    "variable": {"env": {"default": "dev"}},
    "locals": {"a": [1, {"k": "v"}]}
  })");
  ASSERT_FALSE(json_file->HasErrors());
  auto from_json = ToHcl2Json(*json_file);
  ASSERT_TRUE(from_json.ok()) << from_json.status().message();
  json native = Convert(R"(
resource "aws_s3_bucket" "b" {
  bucket = "logs-${var.env}"
  count  = 2
  lifecycle {
    prevent_destroy = true
  }
}
variable "env" {
  default = "dev"
}
locals {
  a = [1, { k = "v" }]
}
)");
  EXPECT_EQ(*from_json, native);
  EXPECT_EQ(native.at("resource").at("aws_s3_bucket").at("b").at(0).at("bucket"), "logs-${var.env}");
}

TEST(Hcl2JsonTest, NumberLiteralTextPrintsPlainDecimals) {
  EXPECT_EQ(NumberLiteralText("1e3"), "1000");
  EXPECT_EQ(NumberLiteralText("1.50"), "1.5");
  EXPECT_EQ(NumberLiteralText("007"), "7");
  EXPECT_EQ(NumberLiteralText("0.000"), "0");
  EXPECT_EQ(NumberLiteralText("1.5e-3"), "0.0015");
  EXPECT_EQ(NumberLiteralText("12E-1"), "1.2");
  EXPECT_EQ(NumberLiteralText("2.5e1"), "25");
  EXPECT_EQ(NumberLiteralText("100"), "100");
}

}  // namespace
}  // namespace faber::reconciler::hcl
