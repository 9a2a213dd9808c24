#include "reconciler/hcl/module_evaluator.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace faber::reconciler::hcl {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ModuleEvaluatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("faber_hcl_" + std::to_string(::getpid()) + "_" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }

  ResourceModel Build(const EvalOptions& opts = {}) {
    auto m = BuildResourceModel(root_.string(), opts);
    EXPECT_TRUE(m.ok()) << m.status().message();
    return m.ok() ? std::move(*m) : ResourceModel{};
  }

  fs::path root_;
};

TEST_F(ModuleEvaluatorTest, VariablesFromDefaultsTfvarsAndFlags) {
  Write("main.tf", R"(
variable "env" { default = "dev" }
variable "size" { type = number }
variable "zones" { type = list(string) }
variable "flag" { type = bool }
resource "aws_instance" "web" {
  instance_type = var.size > 2 ? "large" : "small"
  tags          = { Env = var.env, Zones = join(",", var.zones), Flag = var.flag }
}
)");
  Write("terraform.tfvars", "env = \"test\"\nsize = 1\n");
  Write("z.auto.tfvars", "zones = [\"a\", \"b\"]\n");
  EvalOptions opts;
  opts.vars = {{"size", "3"}, {"flag", "true"}};
  ResourceModel m = Build(opts);
  ASSERT_EQ(m.resources.size(), 1u);
  const Resource& r = m.resources[0];
  EXPECT_EQ(r.address, "aws_instance.web");
  EXPECT_EQ(r.attributes["instance_type"], "large");
  EXPECT_EQ(r.attributes["tags"], json({{"Env", "test"}, {"Zones", "a,b"}, {"Flag", true}}));
  EXPECT_EQ(r.source.line, 6);
  EXPECT_EQ(r.provider, "aws");
  ASSERT_EQ(m.variables.size(), 4u);
  EXPECT_EQ(m.variables[1].value, 3);
}

TEST_F(ModuleEvaluatorTest, MissingVariableIsUnknownWithAWarning) {
  Write("main.tf", "variable \"name\" {}\nresource \"aws_s3_bucket\" \"b\" { bucket = var.name }\n");
  ResourceModel m = Build();
  ASSERT_EQ(m.resources.size(), 1u);
  EXPECT_EQ(m.resources[0].attributes["bucket"], MakeUnknown("var.name"));
  ASSERT_FALSE(m.warnings.empty());
  EXPECT_NE(m.warnings[0].message.find("no value for required variable"), std::string::npos);
}

TEST_F(ModuleEvaluatorTest, CountAndForEachExpandIntoInstances) {
  Write("main.tf", R"(
locals {
  buckets = { logs = "private", site = "public-read" }
  n       = length(local.names)
  names   = ["a", "b"]
}
resource "aws_s3_bucket" "b" {
  for_each = local.buckets
  bucket   = "${each.key}-bucket"
  acl      = each.value
}
resource "aws_subnet" "s" {
  count      = local.n
  cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
}
resource "aws_eip" "e" {
  for_each = toset(local.names)
  tags     = { Name = each.key }
}
resource "aws_instance" "maybe" {
  count = 0
}
resource "aws_instance" "later" {
  count = length(data.aws_availability_zones.all.names)
  ami   = "ami-1"
}
)");
  ResourceModel m = Build();
  std::vector<std::string> addrs;
  for (const auto& r : m.resources) addrs.push_back(r.address);
  EXPECT_EQ(addrs, (std::vector<std::string>{"aws_s3_bucket.b[\"logs\"]", "aws_s3_bucket.b[\"site\"]", "aws_subnet.s[0]",
                                             "aws_subnet.s[1]", "aws_eip.e[\"a\"]", "aws_eip.e[\"b\"]",
                                             "aws_instance.later[*]"}));
  EXPECT_EQ(m.Find("aws_s3_bucket.b[\"site\"]")->attributes["acl"], "public-read");
  EXPECT_EQ(m.Find("aws_subnet.s[1]")->attributes["cidr_block"], "10.0.1.0/24");
  EXPECT_EQ(m.Find("aws_subnet.s[1]")->index, 1);
  const Resource* later = m.Find("aws_instance.later[*]");
  ASSERT_NE(later, nullptr);
  EXPECT_TRUE(IsUnknown(later->index));
  EXPECT_EQ(later->attributes["ami"], "ami-1");
}

TEST_F(ModuleEvaluatorTest, DynamicBlocksAndNestedBlocks) {
  Write("main.tf", R"(
variable "rules" {
  default = [{ port = 80 }, { port = 443 }]
}
resource "aws_security_group" "sg" {
  name = "web"
  dynamic "ingress" {
    for_each = var.rules
    iterator = rule
    content {
      from_port = rule.value.port
      to_port   = rule.value.port
      index     = rule.key
    }
  }
  egress {
    from_port = 0
  }
  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags]
  }
}
)");
  ResourceModel m = Build();
  ASSERT_EQ(m.resources.size(), 1u);
  const json& a = m.resources[0].attributes;
  EXPECT_EQ(a["ingress"], json::parse(R"([{"from_port":80,"to_port":80,"index":0},{"from_port":443,"to_port":443,"index":1}])"));
  EXPECT_EQ(a["egress"], json::parse(R"([{"from_port":0}])"));
  // Only lifecycle's literal switches are values; ignore_changes names attributes, it has none.
  EXPECT_EQ(a["lifecycle"], json::parse(R"([{"create_before_destroy":true}])"));
  EXPECT_TRUE(m.warnings.empty());
}

TEST_F(ModuleEvaluatorTest, ProvidersDefaultTagsAndAliases) {
  Write("main.tf", R"(
provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = { Owner = "team", Env = "dev" }
  }
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
resource "aws_s3_bucket" "a" {
  tags = { Env = "prod" }
}
resource "aws_s3_bucket" "b" {
  provider = aws.west
}
)");
  ResourceModel m = Build();
  ASSERT_EQ(m.providers.size(), 2u);
  EXPECT_EQ(m.providers[0].default_tags, json({{"Owner", "team"}, {"Env", "dev"}}));
  EXPECT_EQ(m.providers[1].alias, "west");
  const Resource* a = m.Find("aws_s3_bucket.a");
  EXPECT_EQ(EffectiveTags(*a), json({{"Owner", "team"}, {"Env", "prod"}}));
  const Resource* b = m.Find("aws_s3_bucket.b");
  EXPECT_EQ(b->provider, "aws.west");
  EXPECT_TRUE(b->default_tags.is_null());
}

TEST_F(ModuleEvaluatorTest, LocalModulesAreEvaluatedRecursively) {
  Write("main.tf", R"(
provider "aws" {
  default_tags { tags = { Team = "core" } }
}
module "net" {
  source = "./modules/net"
  cidr   = "10.1.0.0/16"
  names  = ["a", "b"]
}
module "per_env" {
  source   = "./modules/net"
  for_each = { dev = "10.2.0.0/16" }
  cidr     = each.value
  names    = ["x"]
}
module "remote" {
  source = "terraform-aws-modules/vpc/aws"
}
resource "aws_route53_zone" "z" {
  name    = module.net.first_subnet
  comment = module.remote.vpc_id
}
output "subnets" { value = module.net.subnet_cidrs }
)");
  Write("modules/net/main.tf", R"(
variable "cidr" { type = string }
variable "names" { type = list(string) }
resource "aws_vpc" "this" { cidr_block = var.cidr }
resource "aws_subnet" "this" {
  count      = length(var.names)
  vpc_id     = aws_vpc.this.id
  cidr_block = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)
  tags       = { Name = var.names[count.index] }
}
output "first_subnet" { value = aws_subnet.this[0].cidr_block }
output "subnet_cidrs" { value = aws_subnet.this[*].cidr_block }
)");
  ResourceModel m = Build();
  std::vector<std::string> addrs;
  for (const auto& r : m.resources) addrs.push_back(r.address);
  EXPECT_EQ(addrs, (std::vector<std::string>{"aws_route53_zone.z", "module.net.aws_vpc.this", "module.net.aws_subnet.this[0]",
                                             "module.net.aws_subnet.this[1]", "module.per_env[\"dev\"].aws_vpc.this",
                                             "module.per_env[\"dev\"].aws_subnet.this[0]"}));
  const Resource* s1 = m.Find("module.net.aws_subnet.this[1]");
  EXPECT_EQ(s1->module_path, "module.net");
  EXPECT_EQ(s1->attributes["cidr_block"], "10.1.1.0/24");
  EXPECT_EQ(s1->attributes["vpc_id"], MakeUnknown("aws_vpc.this.id"));
  EXPECT_EQ(s1->default_tags, json({{"Team", "core"}}));
  EXPECT_EQ(m.Find("aws_route53_zone.z")->attributes["name"], "10.1.0.0/24");
  EXPECT_EQ(m.Find("aws_route53_zone.z")->attributes["comment"], MakeUnknown("module.remote.vpc_id"));
  EXPECT_EQ(m.Find("module.per_env[\"dev\"].aws_subnet.this[0]")->attributes["cidr_block"], "10.2.0.0/24");
  bool found = false;
  for (const auto& o : m.outputs) {
    if (o.name == "subnets" && o.module_path.empty()) {
      found = true;
      EXPECT_EQ(o.value, json({"10.1.0.0/24", "10.1.1.0/24"}));
    }
  }
  EXPECT_TRUE(found);
  bool warned = false;
  for (const auto& w : m.warnings) warned |= w.message.find("remote source") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST_F(ModuleEvaluatorTest, OptionalObjectAttributesGetDefaults) {
  Write("main.tf", R"(
variable "cfg" {
  type = object({
    name = string
    size = optional(number, 10)
    tags = optional(map(string))
  })
  default = { name = "x" }
}
resource "aws_ebs_volume" "v" {
  size = var.cfg.size
  tags = var.cfg.tags
}
)");
  ResourceModel m = Build();
  EXPECT_EQ(m.resources[0].attributes["size"], 10);
  EXPECT_TRUE(m.resources[0].attributes["tags"].is_null());
}

TEST_F(ModuleEvaluatorTest, SyntaxErrorsInTheRootAreAnError) {
  // HashiCorp's parser points an unclosed block at its opening brace.
  Write("main.tf", "resource \"a\" \"b\" {\n");
  auto m = BuildResourceModel(root_.string());
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("main.tf:1:18"), std::string::npos) << m.status().message();
}

TEST_F(ModuleEvaluatorTest, JsonSyntaxFilesAreEvaluated) {
  Write("main.tf.json", R"({"resource": {"aws_s3_bucket": {"j": {"bucket": "${upper(\"j\")}-x", "count": 1}}}})");
  ResourceModel m = Build();
  ASSERT_EQ(m.resources.size(), 1u);
  EXPECT_EQ(m.resources[0].address, "aws_s3_bucket.j[0]");
  EXPECT_EQ(m.resources[0].attributes["bucket"], "J-x");
}

// The real modules of the corpus: every resource block becomes instances with addresses.
TEST(ModuleEvaluatorCorpusTest, S3BucketCompleteExample) {
  fs::path dir = fs::path(FABER_SOURCE_DIR) / "../shared/corpus/tf-real/terraform-aws-s3-bucket/examples/complete";
  if (!fs::exists(dir)) GTEST_SKIP();
  auto m = BuildResourceModel(dir.string());
  ASSERT_TRUE(m.ok()) << m.status().message();
  const Resource* bucket = m->Find("module.s3_bucket.aws_s3_bucket.this[0]");
  ASSERT_NE(bucket, nullptr);
  EXPECT_EQ(bucket->attributes["force_destroy"], true);
  EXPECT_EQ(bucket->attributes["tags"], json({{"Owner", "Anton"}}));
  EXPECT_TRUE(IsUnknown(bucket->attributes["bucket"]));
  const Resource* pab = m->Find("module.s3_bucket.aws_s3_bucket_public_access_block.this[0]");
  ASSERT_NE(pab, nullptr);
  EXPECT_EQ(pab->attributes["block_public_acls"], true);
  EXPECT_NE(m->Find("module.s3_bucket.aws_s3_bucket_intelligent_tiering_configuration.this[\"general\"]"), nullptr);
  EXPECT_EQ(m->Find("module.disabled.aws_s3_bucket.this[0]"), nullptr);  // create_bucket = false
  for (const auto& w : m->warnings) EXPECT_NE(w.message.find("remote source"), std::string::npos) << w.message;
}

TEST(ModuleEvaluatorCorpusTest, EveryExampleEvaluates) {
  fs::path corpus = fs::path(FABER_SOURCE_DIR) / "../shared/corpus/tf-real";
  if (!fs::exists(corpus)) GTEST_SKIP();
  size_t examples = 0, resources = 0;
  for (const auto& repo : fs::directory_iterator(corpus)) {
    if (!fs::is_directory(repo.path() / "examples")) continue;
    for (const auto& ex : fs::directory_iterator(repo.path() / "examples")) {
      if (!ex.is_directory()) continue;
      auto m = BuildResourceModel(ex.path().string());
      ASSERT_TRUE(m.ok()) << ex.path() << ": " << m.status().message();
      ++examples;
      resources += m->resources.size();
      for (const auto& r : m->resources) {
        EXPECT_FALSE(r.address.empty());
        EXPECT_GT(r.source.line, 0);
      }
    }
  }
  EXPECT_GT(examples, 25u);
  EXPECT_GT(resources, 800u);
}

}  // namespace
}  // namespace faber::reconciler::hcl
