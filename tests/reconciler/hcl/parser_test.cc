#include "reconciler/hcl/parser.h"

#include <gtest/gtest.h>

namespace faber::reconciler::hcl {
namespace {

// A compact rendering of an expression tree, to assert its shape.
std::string Show(const File& f, const Expr* e) {
  auto op = [](Op o) {
    static const char* kNames[] = {"", "||", "&&", "==", "!=", ">", ">=", "<", "<=", "+", "-", "*", "/", "%", "neg", "!"};
    return std::string(kNames[static_cast<int>(o)]);
  };
  std::string s;
  switch (e->kind) {
    case ExprKind::kLiteral:
      if (e->lit == LitKind::kString) return "'" + std::string(e->str) + "'";
      return std::string(f.source.Slice(e->range));
    case ExprKind::kScopeTraversal:
    case ExprKind::kRelativeTraversal:
    case ExprKind::kFunctionCall:
    case ExprKind::kIndex:
      return std::string(f.source.Slice(e->range));
    case ExprKind::kBinary: return "(" + Show(f, e->a) + " " + op(e->op) + " " + Show(f, e->b) + ")";
    case ExprKind::kUnary: return "(" + op(e->op) + " " + Show(f, e->a) + ")";
    case ExprKind::kConditional: return "(" + Show(f, e->a) + " ? " + Show(f, e->b) + " : " + Show(f, e->c) + ")";
    case ExprKind::kParens: return "[" + Show(f, e->a) + "]";
    case ExprKind::kTemplate:
      s = "tmpl(";
      for (const Expr* p : e->items) s += Show(f, p) + ",";
      return s + ")";
    case ExprKind::kTemplateWrap: return "wrap(" + Show(f, e->a) + ")";
    case ExprKind::kTemplateJoin: return "join(" + Show(f, e->a) + ")";
    case ExprKind::kFor:
      return std::string("for(") + std::string(e->key_var) + "," + std::string(e->val_var) + " in " + Show(f, e->a) +
             (e->b ? " key " + Show(f, e->b) : "") + " val " + Show(f, e->c) + (e->d ? " if " + Show(f, e->d) : "") +
             (e->flag ? " ..." : "") + (e->boolean ? " obj" : "") + ")";
    case ExprKind::kSplat: return "splat(" + Show(f, e->a) + " each " + Show(f, e->b) + ")";
    case ExprKind::kAnonSymbol: return "*";
    default: return std::string(f.source.Slice(e->range));
  }
}

std::string ShowAttr(const std::string& expr) {
  auto f = ParseConfig("t.tf", "x = " + expr + "\n");
  EXPECT_FALSE(f->HasErrors()) << expr << ": " << (f->diags.empty() ? "" : FormatDiagnostic(f->diags[0]));
  if (f->HasErrors() || f->body->attributes.empty()) return "<error>";
  return Show(*f, f->body->attributes[0].expr);
}

TEST(ParserTest, OperatorPrecedenceFollowsTheSpec) {
  EXPECT_EQ(ShowAttr("1 + 2 * 3"), "(1 + (2 * 3))");
  EXPECT_EQ(ShowAttr("a || b && c == d"), "(a || (b && (c == d)))");
  EXPECT_EQ(ShowAttr("a < b == c > d"), "((a < b) == (c > d))");
  EXPECT_EQ(ShowAttr("1 - 2 - 3"), "((1 - 2) - 3)");
  EXPECT_EQ(ShowAttr("-a * b"), "((neg a) * b)");
  EXPECT_EQ(ShowAttr("!a.b && c"), "((! a.b) && c)");
  EXPECT_EQ(ShowAttr("(1 + 2) % 3"), "([(1 + 2)] % 3)");
}

TEST(ParserTest, ConditionalsNestToTheRight) {
  EXPECT_EQ(ShowAttr("a ? b : c ? d : e"), "(a ? b : (c ? d : e))");
  EXPECT_EQ(ShowAttr("a == 1 ? b + 1 : c"), "((a == 1) ? (b + 1) : c)");
}

TEST(ParserTest, ForExpressions) {
  EXPECT_EQ(ShowAttr("[for x in xs : x if x != \"\"]"), "for(,x in xs val x if (x != tmpl('',)))");
  EXPECT_EQ(ShowAttr("{for k, v in m : v => k...}"), "for(k,v in m key v val k ... obj)");
  EXPECT_EQ(ShowAttr("{for s in l : s.id => s if s.on}"), "for(,s in l key s.id val s if s.on obj)");
}

TEST(ParserTest, SplatsAndTraversals) {
  EXPECT_EQ(ShowAttr("a.b[*].c.d"), "splat(a.b each [*].c.d)");
  EXPECT_EQ(ShowAttr("a.*.id"), "splat(a each .id)");
  EXPECT_EQ(ShowAttr("a[0].b[\"k\"]"), "a[0].b[\"k\"]");
  EXPECT_EQ(ShowAttr("a[var.i]"), "a[var.i]");
  auto f = ParseConfig("t.tf", "x = a.b[0].c\n");
  const Expr* e = f->body->attributes[0].expr;
  ASSERT_EQ(e->kind, ExprKind::kScopeTraversal);
  EXPECT_EQ(e->name, "a");
  ASSERT_EQ(e->traversal.size(), 3u);
  EXPECT_FALSE(e->traversal[1].is_attr);
  EXPECT_EQ(e->traversal[2].name, "c");
}

TEST(ParserTest, FunctionCallsWithExpansionAndNamespaces) {
  auto f = ParseConfig("t.tf", "x = merge(a, [b]...)\ny = provider::aws::arn_parse(\"x\")\n");
  ASSERT_FALSE(f->HasErrors());
  const Expr* call = f->body->attributes[0].expr;
  EXPECT_EQ(call->kind, ExprKind::kFunctionCall);
  EXPECT_TRUE(call->flag);
  EXPECT_EQ(call->items.size(), 2u);
  EXPECT_EQ(f->body->attributes[1].expr->name, "provider::aws::arn_parse");
}

TEST(ParserTest, NestedTemplatesAndDirectives) {
  EXPECT_EQ(ShowAttr("\"a ${\"b ${c}\"} d\""), "tmpl('a ',tmpl('b ',c,),' d',)");
  EXPECT_EQ(ShowAttr("\"${x}\""), "wrap(x)");
  EXPECT_EQ(ShowAttr("\"%{if a}y%{else}n%{endif}\""), "tmpl((a ? tmpl('y',) : tmpl('n',)),)");
  EXPECT_EQ(ShowAttr("\"%{for v in l}${v},%{endfor}\""), "tmpl(join(for(,v in l val tmpl(v,',',))),)");
}

TEST(ParserTest, StripMarkersTrimAdjacentLiterals) {
  EXPECT_EQ(ShowAttr("\"a   ${~ b ~}   c\""), "tmpl('a',b,'c',)");
  EXPECT_EQ(ShowAttr("\"x \\n %{~ if a ~} y %{~ endif ~} z\""), "tmpl('x',(a ? tmpl('y',) : tmpl('',)),'z',)");
}

TEST(ParserTest, HeredocIndentationIsRemovedForFlushHeredocs) {
  EXPECT_EQ(ShowAttr("<<-EOT\n    a\n      b\n\n    c\n    EOT\n"), "tmpl('a\n  b\n\nc\n',)");
  EXPECT_EQ(ShowAttr("<<EOT\n  a\nEOT\n"), "tmpl('  a\n',)");
  // A line starting with an interpolation has no indentation, so nothing is removed.
  EXPECT_EQ(ShowAttr("<<-EOT\n${a}\n  b\nEOT\n"), "tmpl(a,'\n  b\n',)");
}

TEST(ParserTest, EscapesAreDecoded) {
  EXPECT_EQ(ShowAttr("\"\\t\\\"\\\\\\u00e9\\U0001F600$${x}%%{y}\""), "tmpl('\t\"\\\xC3\xA9\xF0\x9F\x98\x80${x}%{y}',)");
}

TEST(ParserTest, BlocksLabelsAndPositions) {
  auto f = ParseConfig("main.tf", "resource \"aws_s3_bucket\" b {\n  bucket = \"x\"\n  versioning { enabled = true }\n}\n");
  ASSERT_FALSE(f->HasErrors());
  ASSERT_EQ(f->body->blocks.size(), 1u);
  const Block* b = f->body->blocks[0];
  EXPECT_EQ(b->type, "resource");
  ASSERT_EQ(b->labels.size(), 2u);
  EXPECT_EQ(b->labels[1], "b");
  EXPECT_EQ(b->body->blocks.size(), 1u);
  EXPECT_EQ(b->body->blocks[0]->body->attributes[0].name, "enabled");
  Pos p = f->source.PosAt(b->body->attributes[0].expr->range.start);
  EXPECT_EQ(p.line, 2u);
  EXPECT_EQ(p.column, 12u);
  EXPECT_EQ(p.byte, 40u);
}

TEST(ParserTest, NewlinesEndItemsOutsideBrackets) {
  EXPECT_TRUE(ParseConfig("t.tf", "x = a +\n  b\n")->HasErrors());
  EXPECT_FALSE(ParseConfig("t.tf", "x = (a +\n  b)\n")->HasErrors());
  EXPECT_FALSE(ParseConfig("t.tf", "x = f(a,\n  b,\n)\n")->HasErrors());
  EXPECT_FALSE(ParseConfig("t.tf", "x = {\n  a = 1, b = 2\n  c = [\n    1,\n  ]\n}\n")->HasErrors());
}

TEST(ParserTest, RecoveryReportsLaterErrorsToo) {
  auto f = ParseConfig("t.tf", "a = 1 +\nb = 2\nc = [1 2]\n");
  ASSERT_GE(f->diags.size(), 2u);
  EXPECT_EQ(f->diags[0].start.line, 1u);
  EXPECT_EQ(f->diags[1].start.line, 3u);
}

TEST(ParserTest, DeeplyNestedInputDoesNotCrash) {
  std::string deep(5000, '[');
  auto f = ParseConfig("t.tf", "x = " + deep + "\n");
  EXPECT_TRUE(f->HasErrors());
}

TEST(ParserTest, JsonSyntaxMapsOntoBlocks) {
  auto f = ParseJsonConfig("main.tf.json", R"({
    "resource": {"aws_s3_bucket": {"b": {"bucket": "logs-${var.env}", "count": 2,
                 "lifecycle": {"prevent_destroy": true}}}},
    "variable": {"env": {"default": "dev"}},
    "locals": {"a": [1, {"k": "v"}]}
  })");
  ASSERT_FALSE(f->HasErrors());
  ASSERT_EQ(f->body->blocks.size(), 3u);
  const Block* res = f->body->blocks[1];
  EXPECT_EQ(res->type, "resource");
  ASSERT_EQ(res->labels.size(), 2u);
  EXPECT_EQ(res->body->blocks.size(), 1u);  // lifecycle
  bool found = false;
  for (const Attribute& a : res->body->attributes) {
    if (a.name == "bucket") {
      found = true;
      EXPECT_EQ(a.expr->kind, ExprKind::kTemplate);
      EXPECT_EQ(f->source.Slice(a.expr->items[1]->range), "var.env");
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace faber::reconciler::hcl
