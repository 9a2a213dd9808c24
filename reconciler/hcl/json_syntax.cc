// The JSON syntax (.tf.json): the JSON document is mapped onto the same Body/Block/Attribute tree
// as the native syntax, following Terraform's schema for which keys are blocks and how many labels
// they take. Strings are templates, parsed from a copy appended after the JSON text so that every
// expression still has a range into the file's source.

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "common/json_parse.h"
#include "reconciler/hcl/parser.h"

namespace faber::reconciler::hcl {
namespace {

using nlohmann::json;

int TopLevelLabels(const std::string& type) {
  if (type == "resource" || type == "data") return 2;
  if (type == "module" || type == "variable" || type == "output" || type == "provider") return 1;
  return 0;  // locals, terraform, moved, import, check...
}

// Nested keys that are blocks rather than object-valued arguments, with their label counts.
int NestedBlockLabels(const std::string& key) {
  static const std::set<std::string> kNoLabel = {"lifecycle", "connection", "validation", "required_providers",
                                                 "precondition", "postcondition", "default_tags", "assume_role"};
  if (kNoLabel.count(key)) return 0;
  if (key == "provisioner" || key == "backend" || key == "dynamic") return 1;
  return -1;
}

class JsonBuilder {
 public:
  explicit JsonBuilder(File& f) : f_(f) {}

  // Collects every string so the appended template region can be laid out before parsing.
  void Collect(const json& v) {
    if (v.is_string()) {
      strings_.push_back(v.get<std::string>());
    } else if (v.is_structured()) {
      for (const auto& item : v) Collect(item);
    }
  }
  const std::vector<std::string>& strings() const { return strings_; }
  void SetRegionStart(uint32_t start) { next_ = start; }

  Body* TopBody(const json& doc) {
    std::vector<Attribute> attrs;
    std::vector<Block*> blocks;
    for (const auto& [key, value] : doc.items()) {
      int labels = TopLevelLabels(key);
      AddBlocks(key, value, labels, {}, &blocks);
    }
    Body* b = f_.New<Body>();
    b->attributes = f_.Store(attrs);
    b->blocks = f_.Store(blocks);
    return b;
  }

 private:
  void AddBlocks(const std::string& type, const json& v, int labels, std::vector<std::string_view> have,
                 std::vector<Block*>* out) {
    if (labels > 0 && v.is_object()) {
      for (const auto& [label, inner] : v.items()) {
        std::vector<std::string_view> next = have;
        next.push_back(f_.StoreString(label));
        AddBlocks(type, inner, labels - 1, next, out);
      }
      return;
    }
    if (v.is_array()) {
      for (const auto& item : v) AddBlocks(type, item, 0, have, out);
      return;
    }
    Block* b = f_.New<Block>();
    b->type = f_.StoreString(type);
    b->labels = f_.Store(have);
    // JSON values carry no source positions: every label gets the block's (empty) range, so code
    // that reports a label's position finds one per label as for native syntax.
    b->label_ranges = f_.Store(std::vector<Range>(have.size(), b->type_range));
    b->body = BodyOf(v);
    out->push_back(b);
  }

  Body* BodyOf(const json& v) {
    std::vector<Attribute> attrs;
    std::vector<Block*> blocks;
    if (!v.is_object()) Skip(v);  // keeps the string layout in step with Collect()
    if (v.is_object()) {
      for (const auto& [key, value] : v.items()) {
        int labels = NestedBlockLabels(key);
        if (labels >= 0 && (value.is_object() || value.is_array())) {
          AddBlocks(key, value, labels, {}, &blocks);
          continue;
        }
        Attribute a{};
        a.name = f_.StoreString(key);
        a.expr = Value(value);
        attrs.push_back(a);
      }
    }
    Body* b = f_.New<Body>();
    b->attributes = f_.Store(attrs);
    b->blocks = f_.Store(blocks);
    return b;
  }

  void Skip(const json& v) {
    if (v.is_string()) {
      next_ += static_cast<uint32_t>(v.get_ref<const std::string&>().size()) + 1;
    } else if (v.is_structured()) {
      for (const auto& item : v) Skip(item);
    }
  }

  Expr* Value(const json& v) {
    Expr* e = f_.New<Expr>();
    e->kind = ExprKind::kLiteral;
    if (v.is_string()) {
      std::string s = v.get<std::string>();
      Range r{next_, next_ + static_cast<uint32_t>(s.size())};
      next_ = r.end + 1;
      return ParseTemplateRegion(f_, r);
    }
    if (v.is_boolean()) {
      e->lit = LitKind::kBool;
      e->boolean = v.get<bool>();
    } else if (v.is_number()) {
      e->lit = LitKind::kNumber;
      e->number = v.get<double>();
      e->str = f_.StoreString(v.dump());
    } else if (v.is_array()) {
      e->kind = ExprKind::kTuple;
      std::vector<Expr*> items;
      for (const auto& item : v) items.push_back(Value(item));
      e->items = f_.Store(items);
    } else if (v.is_object()) {
      e->kind = ExprKind::kObject;
      std::vector<Expr*> items;
      for (const auto& [key, value] : v.items()) {
        Expr* k = f_.New<Expr>();
        k->kind = ExprKind::kLiteral;
        k->lit = LitKind::kString;
        k->str = f_.StoreString(key);
        Expr* wrapper = f_.New<Expr>();
        wrapper->kind = ExprKind::kObjectKey;
        wrapper->a = k;
        items.push_back(wrapper);
        items.push_back(Value(value));
      }
      e->items = f_.Store(items);
    }
    return e;
  }

  File& f_;
  std::vector<std::string> strings_;
  uint32_t next_ = 0;
};

}  // namespace

std::unique_ptr<File> ParseJsonConfig(std::string name, std::string text) {
  std::string why;
  json doc = common::ParseJson(text, &why);
  if (doc.is_discarded() || !doc.is_object()) {
    auto file = std::make_unique<File>(SourceFile(name, text));
    file->json_syntax = true;
    file->body = file->New<Body>();
    Diagnostic d;
    d.summary = doc.is_discarded() ? "Invalid JSON" : "Root value must be object";
    d.detail = doc.is_discarded() ? why : "A .tf.json file must hold one JSON object.";
    d.file = name;
    file->diags.push_back(d);
    return file;
  }
  // Lay out the appended region first: the File's text cannot change once it exists.
  std::vector<std::string> strings;
  {
    File probe{SourceFile("", "")};
    JsonBuilder collector(probe);
    collector.Collect(doc);
    strings = collector.strings();
  }
  std::string combined = text;
  combined += '\n';
  uint32_t region = static_cast<uint32_t>(combined.size());
  for (const std::string& s : strings) {
    combined += s;
    combined += '\n';
  }
  auto file = std::make_unique<File>(SourceFile(std::move(name), std::move(combined)));
  file->json_syntax = true;
  JsonBuilder builder(*file);
  builder.SetRegionStart(region);
  file->body = builder.TopBody(doc);
  return file;
}

}  // namespace faber::reconciler::hcl
