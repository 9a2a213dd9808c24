#include "reconciler/checks/external/scanner_output.h"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/json_parse.h"
#include "reconciler/checks/external/scanner_ids.h"

namespace faber::reconciler::checks::external {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Parses the whole text as JSON. Tools sometimes print a banner or warnings before the document on
// stdout, so a parse failure is retried from the first line that opens an object or array.
common::Result<json> ParseJson(const std::string& tool, const std::string& text) {
  json doc = common::ParseJson(text);
  if (!doc.is_discarded()) return doc;
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    if (at + 1 < text.size() && (text[at + 1] == '{' || text[at + 1] == '[')) {
      doc = json::parse(text.substr(at + 1), nullptr, false);
      if (!doc.is_discarded()) return doc;
      break;
    }
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return common::InvalidInput(tool + " printed no JSON (empty output)");
  }
  try {
    json strict = json::parse(text);  // only for the position of the error
    (void)strict;
  } catch (const json::parse_error& e) {
    return common::InvalidInput(tool + " printed invalid JSON (" + std::to_string(text.size()) +
                                " bytes): parse error at byte " + std::to_string(e.byte));
  }
  return common::InvalidInput(tool + " printed invalid JSON");
}

std::string Str(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

int Int(const json& obj, const char* key) {
  if (!obj.is_object()) return 0;
  auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// A tool's path as a file faber can point at: absolute paths that exist are kept, others are taken
// as relative to the scanned directory. Checkov writes paths relative to the scanned directory with
// a leading '/' (`always_relative`).
std::string ResolveFile(const std::string& path, const std::string& module_dir, bool always_relative = false) {
  if (path.empty()) return "";
  std::error_code ec;
  if (path[0] == '/' && !always_relative && fs::exists(path, ec)) return path;
  std::string rel = path;
  while (!rel.empty() && rel[0] == '/') rel.erase(0, 1);
  if (rel.rfind("./", 0) == 0) rel.erase(0, 2);
  fs::path joined = fs::path(module_dir) / rel;
  if (path[0] == '/' && !always_relative && !fs::exists(joined, ec)) return path;  // another machine's path
  return joined.lexically_normal().string();
}

// Maps a tool's severity word; false for none or one faber does not know (UNKNOWN, empty).
bool MapSeverity(std::string text, Severity* out) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  if (text == "ERROR") text = "HIGH";          // tfsec before 0.40
  else if (text == "WARNING") text = "MEDIUM";
  else if (text == "INFO") text = "LOW";
  return ParseSeverity(text, out);
}

void SetSeverity(ExternalFinding& e, const std::string& text) {
  e.severity_known = MapSeverity(text, &e.finding.severity);
  if (!e.severity_known) e.finding.severity = Severity::kMedium;
}

// Records the other ids the tool printed for the same check (long id, legacy id, AVD id), in
// canonical spelling; merging adds the equivalent ids of other scanners and faber's rules.
void AddEquivalents(Finding& f, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    if (id.empty()) continue;
    std::string canonical = CanonicalId(id);
    if (canonical != f.rule_id && std::find(f.equivalents.begin(), f.equivalents.end(), canonical) == f.equivalents.end()) {
      f.equivalents.push_back(canonical);
    }
  }
}

std::string ResourceType(const std::string& address) {
  // The last "type.name" pair of module.a.aws_s3_bucket.b[0] or data.aws_iam_policy_document.p.
  std::string plain = address.substr(0, address.find('['));
  size_t dot = plain.rfind('.');
  if (dot == std::string::npos || dot == 0) return "";
  size_t start = plain.rfind('.', dot - 1);
  return plain.substr(start == std::string::npos ? 0 : start + 1, dot - (start == std::string::npos ? 0 : start + 1));
}

// --- Checkov ----------------------------------------------------------------------------------

void ReadCheckovChecks(const json& checks, FindingStatus status, const std::string& module_dir, ParsedOutput& out) {
  if (!checks.is_array()) return;
  for (const auto& c : checks) {
    if (!c.is_object() || Str(c, "check_id").empty()) {
      out.problems.push_back("checkov: an entry without check_id was not read");
      continue;
    }
    ExternalFinding e;
    Finding& f = e.finding;
    f.source = "checkov";
    f.category = "security";
    f.status = status;
    f.rule_id = Str(c, "check_id");
    f.title = Str(c, "check_name");
    // resource_address (Checkov 2.3+) carries module paths; `resource` is the block's own address.
    f.address = Str(c, "resource_address").empty() ? Str(c, "resource") : Str(c, "resource_address");
    f.resource_type = ResourceType(f.address);
    std::string abs = Str(c, "file_abs_path");
    std::error_code ec;
    f.file = !abs.empty() && fs::exists(abs, ec) ? abs : ResolveFile(Str(c, "file_path"), module_dir, true);
    auto range = c.find("file_line_range");
    if (range != c.end() && range->is_array() && !range->empty() && (*range)[0].is_number_integer()) {
      f.line = (*range)[0].get<int>();
    }
    SetSeverity(e, Str(c, "severity"));
    if (status == FindingStatus::kSkipped) {
      std::string reason = Str(c, "suppress_comment");
      f.message = "skipped in checkov" + (reason.empty() ? std::string() : ": " + reason);
    } else if (status == FindingStatus::kFailed) {
      f.message = f.title;
    }
    f.recommendation = Str(c, "guideline");
    AddEquivalents(f, {f.rule_id, Str(c, "bc_check_id")});
    out.findings.push_back(std::move(e));
  }
}

void ReadCheckovReport(const json& report, const std::string& module_dir, ParsedOutput& out) {
  const json& results = report["results"];
  ReadCheckovChecks(results.value("failed_checks", json::array()), FindingStatus::kFailed, module_dir, out);
  ReadCheckovChecks(results.value("passed_checks", json::array()), FindingStatus::kPassed, module_dir, out);
  ReadCheckovChecks(results.value("skipped_checks", json::array()), FindingStatus::kSkipped, module_dir, out);
  auto errors = results.find("parsing_errors");
  if (errors != results.end() && errors->is_array()) {
    for (const auto& file : *errors) {
      out.problems.push_back("checkov could not parse " + (file.is_string() ? file.get<std::string>() : file.dump()));
    }
  }
}

bool IsCheckovSummary(const json& doc) {
  return doc.is_object() && doc.contains("passed") && doc.contains("failed") && !doc.contains("results");
}

// --- tfsec ------------------------------------------------------------------------------------

// tfsec before 1.0 had no `resource` field: "Resource 'module.a:aws_s3_bucket.b' ..." or
// "Block 'x.y' ..." in the description names it, module levels joined by ':'.
std::string ResourceFromDescription(const std::string& description) {
  for (const char* lead : {"Resource '", "Block '"}) {
    size_t at = description.find(lead);
    if (at == std::string::npos) continue;
    size_t start = at + std::string(lead).size();
    size_t end = description.find('\'', start);
    if (end == std::string::npos) continue;
    std::string address = description.substr(start, end - start);
    std::replace(address.begin(), address.end(), ':', '.');
    return address;
  }
  return "";
}

FindingStatus TfsecStatus(const json& r) {
  auto status = r.find("status");
  if (status != r.end() && status->is_number_integer()) {
    // tfsec 1.x scan.Status: 0 failed, 1 passed, 2 ignored.
    switch (status->get<int>()) {
      case 1: return FindingStatus::kPassed;
      case 2: return FindingStatus::kSkipped;
      default: return FindingStatus::kFailed;
    }
  }
  if (status != r.end() && status->is_string()) {
    std::string s = status->get<std::string>();
    if (s == "passed") return FindingStatus::kPassed;
    if (s == "ignored") return FindingStatus::kSkipped;
    return FindingStatus::kFailed;
  }
  auto passed = r.find("passed");
  if (passed != r.end() && passed->is_boolean() && passed->get<bool>()) return FindingStatus::kPassed;
  return FindingStatus::kFailed;
}

// --- Trivy ------------------------------------------------------------------------------------

FindingStatus TrivyStatus(const std::string& status) {
  if (status == "PASS") return FindingStatus::kPassed;
  if (status == "EXCEPTION") return FindingStatus::kSkipped;
  return FindingStatus::kFailed;
}

}  // namespace

common::Result<ParsedOutput> ParseCheckovOutput(const std::string& text, const std::string& module_dir) {
  auto doc = ParseJson("checkov", text);
  if (!doc.ok()) return doc.status();
  ParsedOutput out;
  if (IsCheckovSummary(*doc)) {
    if (Int(*doc, "failed") > 0) {
      out.problems.push_back("checkov: its summary counts " + std::to_string(Int(*doc, "failed")) +
                             " failed checks but lists none");
    }
    return out;
  }
  std::vector<const json*> reports;
  if (doc->is_object()) reports.push_back(&*doc);
  if (doc->is_array()) {
    for (const auto& r : *doc) reports.push_back(&r);
  }
  if (reports.empty()) return common::InvalidInput("checkov printed JSON that is not a Checkov report");
  for (const json* r : reports) {
    if (IsCheckovSummary(*r)) continue;
    if (!r->is_object() || !(*r)["results"].is_object()) {
      if (doc->is_object()) return common::InvalidInput("checkov printed JSON without results: not a Checkov report");
      out.problems.push_back("checkov: a report without results was not read");
      continue;
    }
    ReadCheckovReport(*r, module_dir, out);
  }
  return out;
}

common::Result<ParsedOutput> ParseTfsecOutput(const std::string& text, const std::string& module_dir) {
  auto doc = ParseJson("tfsec", text);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object() || !doc->contains("results")) {
    return common::InvalidInput("tfsec printed JSON without results: not a tfsec report");
  }
  ParsedOutput out;
  const json& results = (*doc)["results"];
  if (results.is_null()) return out;  // tfsec's "nothing found"
  if (!results.is_array()) {
    return common::InvalidInput("tfsec printed JSON whose results is " + std::string(results.type_name()) +
                                ": not a tfsec report");
  }
  for (const auto& r : results) {
    if (!r.is_object() || (Str(r, "rule_id").empty() && Str(r, "long_id").empty())) {
      out.problems.push_back("tfsec: an entry without rule_id was not read");
      continue;
    }
    ExternalFinding e;
    Finding& f = e.finding;
    f.source = "tfsec";
    f.category = "security";
    f.status = TfsecStatus(r);
    f.rule_id = Str(r, "rule_id").empty() ? Str(r, "long_id") : Str(r, "rule_id");
    f.title = Str(r, "rule_description");
    f.message = Str(r, "description");
    f.address = Str(r, "resource").empty() ? ResourceFromDescription(f.message) : Str(r, "resource");
    f.resource_type = ResourceType(f.address);
    const json& location = r.value("location", json::object());
    f.file = ResolveFile(Str(location, "filename"), module_dir);
    f.line = Int(location, "start_line");
    SetSeverity(e, Str(r, "severity"));
    f.recommendation = Str(r, "resolution");
    std::string link = Str(r, "link");  // before 0.40: "See https://... for more information."
    auto links = r.find("links");
    if (links != r.end() && links->is_array() && !links->empty() && (*links)[0].is_string()) {
      link = (*links)[0].get<std::string>();
    }
    if (!link.empty()) f.recommendation += (f.recommendation.empty() ? "" : " (") + link + (f.recommendation.empty() ? "" : ")");
    AddEquivalents(f, {f.rule_id, Str(r, "long_id"), Str(r, "legacy_rule_id")});
    out.findings.push_back(std::move(e));
  }
  return out;
}

common::Result<ParsedOutput> ParseTrivyOutput(const std::string& text, const std::string& module_dir) {
  auto doc = ParseJson("trivy", text);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object() || (!doc->contains("SchemaVersion") && !doc->contains("Results"))) {
    return common::InvalidInput("trivy printed JSON without SchemaVersion or Results: not a Trivy report");
  }
  ParsedOutput out;
  auto results = doc->find("Results");
  if (results == doc->end() || results->is_null()) return out;  // nothing found
  if (!results->is_array()) {
    return common::InvalidInput("trivy printed JSON whose Results is " + std::string(results->type_name()) +
                                ": not a Trivy report");
  }
  for (const auto& result : *results) {
    if (!result.is_object()) continue;
    const std::string target = Str(result, "Target");
    if (Str(result, "Class") != "config") {
      for (const char* list : {"Vulnerabilities", "Secrets", "Licenses", "Misconfigurations"}) {
        if (result.contains(list) && result[list].is_array() && !result[list].empty()) {
          out.problems.push_back("trivy: " + std::to_string(result[list].size()) + " " + list + " in " + target +
                                 " (class " + Str(result, "Class") + ") are not configuration checks and were not read");
        }
      }
      continue;
    }
    const json& misconfigurations = result.value("Misconfigurations", json::array());
    if (!misconfigurations.is_array()) continue;
    for (const auto& m : misconfigurations) {
      std::string id = Str(m, "ID"), avd = Str(m, "AVDID");
      if (id.empty() && avd.empty()) {
        out.problems.push_back("trivy: a misconfiguration without ID in " + target + " was not read");
        continue;
      }
      ExternalFinding e;
      Finding& f = e.finding;
      f.source = "trivy";
      f.category = "security";
      f.status = TrivyStatus(Str(m, "Status"));
      // Some releases print a long id ("s3-bucket-logging") in ID and the AVD id beside it.
      bool id_is_avd = !id.empty() && CanonicalId(id).rfind("AVD-", 0) == 0;
      f.rule_id = id_is_avd || avd.empty() ? id : avd;
      f.title = Str(m, "Title");
      f.message = Str(m, "Message").empty() ? Str(m, "Description") : Str(m, "Message");
      const json& cause = m.value("CauseMetadata", json::object());
      f.address = Str(cause, "Resource");
      f.resource_type = ResourceType(f.address);
      f.file = ResolveFile(target, module_dir);
      f.line = Int(cause, "StartLine");
      SetSeverity(e, Str(m, "Severity"));
      f.recommendation = Str(m, "Resolution");
      std::string url = Str(m, "PrimaryURL");
      if (!url.empty()) f.recommendation += (f.recommendation.empty() ? "" : " (") + url + (f.recommendation.empty() ? "" : ")");
      if (f.status == FindingStatus::kSkipped) f.message = "exception in trivy: " + f.message;
      AddEquivalents(f, {id, avd});
      out.findings.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace faber::reconciler::checks::external
