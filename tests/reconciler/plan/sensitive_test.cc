// Sensitive values never reach a rendering: summaries, Markdown, the ResourceModel, masked documents.
#include "reconciler/plan/sensitive.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "reconciler/plan/plan_document.h"
#include "reconciler/plan/plan_markdown.h"
#include "reconciler/plan/plan_model.h"
#include "reconciler/plan/plan_summary.h"

namespace faber::reconciler::plan {
namespace {

using nlohmann::json;

const std::filesystem::path kCorpus = std::filesystem::path(FABER_SOURCE_DIR) / "../shared/corpus/tfplan";

std::string ModelText(const ResourceModel& model) {
  std::string text;
  for (const auto& r : model.resources) text += r.address + r.attributes.dump();
  for (const auto& v : model.variables) text += v.name + v.value.dump();
  for (const auto& o : model.outputs) text += o.name + o.value.dump();
  for (const auto& p : model.providers) text += p.name + p.attributes.dump();
  return text;
}

// Every way faber shows or stores a plan.
std::string AllRenderings(const PlanDocument& doc) {
  PlanSummary s = SummarizePlan(doc);
  std::string text = s.ToJson().dump() + RenderPlanMarkdown(s) + ModelText(BuildModelFromPlan(doc, "plan.json")) +
                     MaskDocument(doc.json).dump();
  for (const auto& c : s.changes) text += c.before.dump() + c.after.dump();
  return text;
}

// A plan with secrets in every place Terraform puts them: a resource attribute (before and after,
// nested), a sensitive variable and its use in configuration, a sensitive output.
json SecretPlan() {
  return json::parse(R"({
    "format_version": "1.2", "terraform_version": "1.6.0",
    "variables": {"db_password": {"value": "hunter2-pass"}, "region": {"value": "eu-west-1"}},
    "planned_values": {
      "outputs": {"conn": {"sensitive": true, "value": "postgres://admin:hunter2-pass@db"}},
      "root_module": {"resources": [{
        "address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
        "provider_name": "registry.terraform.io/hashicorp/aws",
        "values": {"identifier": "main", "password": "hunter2-pass", "auth": [{"token": "tok-9f8e7d6c"}]},
        "sensitive_values": {"password": true, "auth": [{"token": true}]}}]}},
    "resource_changes": [{
      "address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
      "change": {"actions": ["update"],
        "before": {"identifier": "main", "password": "old-secret-pw", "auth": [{"token": "tok-0a1b2c3d"}]},
        "after": {"identifier": "main", "password": "hunter2-pass", "auth": [{"token": "tok-9f8e7d6c"}]},
        "after_unknown": {},
        "before_sensitive": {"password": true, "auth": [{"token": true}]},
        "after_sensitive": {"password": true, "auth": [{"token": true}]}}}],
    "output_changes": {"conn": {"actions": ["update"], "before": "postgres://admin:old-secret-pw@db",
      "after": "postgres://admin:hunter2-pass@db", "before_sensitive": true, "after_sensitive": true}},
    "prior_state": {"values": {"root_module": {"resources": [{
        "address": "aws_db_instance.main", "type": "aws_db_instance", "name": "main", "mode": "managed",
        "values": {"password": "old-secret-pw"}, "sensitive_values": {"password": true}}]}}},
    "configuration": {"root_module": {
      "variables": {"db_password": {"sensitive": true}, "region": {}},
      "resources": [{"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
        "provider_config_key": "aws",
        "expressions": {"password": {"constant_value": "hunter2-pass"}, "identifier": {"constant_value": "main"}}}]}}
  })");
}

TEST(SensitiveTest, MaskMarkedFollowsTheMarks) {
  json value = {{"a", "x"}, {"b", {{"c", "secret"}, {"d", "open"}}}, {"list", {"one", "two"}}, {"n", nullptr}};
  json marks = {{"b", {{"c", true}}}, {"list", {false, true}}, {"n", true}};
  json masked = MaskMarked(value, marks);
  EXPECT_EQ(masked["a"], "x");
  EXPECT_EQ(masked["b"]["c"], kSensitiveMask);
  EXPECT_EQ(masked["b"]["d"], "open");
  EXPECT_EQ(masked["list"], json({"one", kSensitiveMask}));
  EXPECT_TRUE(masked["n"].is_null());
  EXPECT_EQ(MaskMarked(value, true), kSensitiveMask);
  EXPECT_EQ(MaskMarked(value, false), value);
}

TEST(SensitiveTest, CollectsEverySensitiveValue) {
  auto values = CollectSensitiveValues(SecretPlan());
  for (const char* secret : {"hunter2-pass", "old-secret-pw", "tok-9f8e7d6c", "tok-0a1b2c3d",
                             "postgres://admin:hunter2-pass@db", "postgres://admin:old-secret-pw@db"}) {
    EXPECT_NE(std::find(values.begin(), values.end(), secret), values.end()) << secret;
  }
  EXPECT_EQ(std::find(values.begin(), values.end(), "main"), values.end());
  EXPECT_EQ(std::find(values.begin(), values.end(), "eu-west-1"), values.end());
}

TEST(SensitiveTest, NoSecretReachesAnyRendering) {
  auto doc = ParsePlanDocument(SecretPlan().dump(), "plan.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::string text = AllRenderings(*doc);
  for (const char* secret : {"hunter2", "old-secret-pw", "tok-9f8e7d6c", "tok-0a1b2c3d"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
  }
  // What is not sensitive stays readable.
  EXPECT_NE(text.find("eu-west-1"), std::string::npos);
  PlanSummary s = SummarizePlan(*doc);
  ASSERT_EQ(s.changes.size(), 1u);
  EXPECT_EQ(s.changes[0].after["password"], kSensitiveMask);
  // A secret that changes is a change, named but not shown.
  EXPECT_EQ(s.changes[0].changed_attributes, std::vector<std::string>({"auth", "password"}));
  EXPECT_EQ(s.output_changes, std::vector<std::string>({"conn"}));
}

TEST(SensitiveTest, SecretsPlantedInRealPlansAreMaskedEverywhere) {
  // plan_booleans marks boot_disk[0].disk_encryption_key_raw sensitive; give it a value.
  auto doc = ReadPlanFile((kCorpus / "checkov__parser__resources__plan_booleans__tfplan.json").string());
  ASSERT_TRUE(doc.ok());
  const std::string secret = "csek-Zm9vYmFyYmF6cXV4";
  doc->json["resource_changes"][0]["change"]["after"]["boot_disk"][0]["disk_encryption_key_raw"] = secret;
  auto& planned = doc->json["planned_values"]["root_module"]["resources"][0];
  planned["values"]["boot_disk"][0]["disk_encryption_key_raw"] = secret;
  std::string text = AllRenderings(*doc);
  EXPECT_EQ(text.find(secret), std::string::npos);
  EXPECT_NE(text.find("debian-cloud/debian-9"), std::string::npos);
}

TEST(SensitiveTest, NoCorpusRenderingHoldsAValueItsPlanMarksSensitive) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    auto doc = ReadPlanFile(entry.path().string());
    if (!doc.ok()) continue;
    std::string text = AllRenderings(*doc);
    for (const auto& secret : CollectSensitiveValues(doc->json)) {
      if (secret.size() < 4) continue;
      EXPECT_EQ(text.find(secret), std::string::npos) << entry.path() << ": " << secret;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 43);
}

TEST(SensitiveTest, StateDocumentsAreMaskedToo) {
  json state = json::parse(R"({"format_version":"1.0","values":{
    "outputs":{"key":{"sensitive":true,"value":"sk-live-0123456789"}},
    "root_module":{"resources":[{"address":"random_password.p","mode":"managed","type":"random_password","name":"p",
      "values":{"result":"Zx9-long-random","length":16},"sensitive_values":{"result":true}}]}}})");
  ResourceModel model = BuildModelFromState(state);
  std::string text = ModelText(model) + MaskDocument(state).dump();
  EXPECT_EQ(text.find("sk-live-0123456789"), std::string::npos);
  EXPECT_EQ(text.find("Zx9-long-random"), std::string::npos);
  ASSERT_EQ(model.resources.size(), 1u);
  EXPECT_EQ(model.resources[0].attributes["length"], 16);
}

}  // namespace
}  // namespace faber::reconciler::plan
