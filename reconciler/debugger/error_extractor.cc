#include "reconciler/debugger/error_extractor.h"

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <array>
#include <memory>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include "common/json_parse.h"

namespace faber::reconciler::debugger {
namespace {

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  size_t b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Removes the "│ " boxes of Terraform 0.15+ diagnostics and joins `terraform -json` diagnostics
// into plain text, so every later rule reads one form.
std::string Unframe(const std::string& output) {
  std::istringstream in(output);
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.front() == '{') {
      auto j = common::ParseJson(line);
      if (j.is_object() && j.contains("diagnostic")) {
        const auto& d = j["diagnostic"];
        out += "Error: " + d.value("summary", "") + "\n" + d.value("detail", "") + "\n";
        if (d.contains("address")) out += "with " + d["address"].get<std::string>() + ",\n";
        continue;
      }
    }
    for (const char* frame : {"│ ", "│", "╷", "╵"}) {
      if (line.rfind(frame, 0) == 0) line = line.substr(std::string(frame).size());
    }
    out += line + "\n";
  }
  return out;
}

// Words that end in ':' in Terraform output without being error codes.
bool IsNotACode(const std::string& word) {
  static const std::set<std::string> kWords = {
      "Error", "Warning", "Info", "Operation", "Path", "Who", "Version", "Created", "Note", "StatusCode",
      "RequestID", "HostID", "Caused", "Please", "Lock", "Detail", "Summary", "Details", "Message", "Reason"};
  if (kWords.count(word)) return true;
  bool lower = false, upper = false;
  for (char c : word) {
    lower |= std::islower(static_cast<unsigned char>(c)) != 0;
    upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
  }
  return !(lower && upper);
}

std::string FindCode(const std::string& text) {
  static const RE2 kApiError(R"(api error ([A-Za-z][A-Za-z0-9.]*):)");
  std::string api_code;
  if (RE2::PartialMatch(text, kApiError, &api_code)) return api_code;
  // "Code: message": a CamelCase word (dotted segments allowed) that opens a clause (at a line
  // start, or after ": ", ", ", "* " or "["), then ':'. Words inside a phrase ("creating EC2
  // Instance: ...") are the provider's wording, not codes.
  // The ":" after the word is matched, then the next search starts right after the word (not
  // after the ":"), so "A: B: text" still offers B.
  static const RE2 kCode(R"re((^|\n|: |, |\* |\[)\s*([A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*):(?:\s|$))re");
  const re2::StringPiece whole(text);
  re2::StringPiece groups[3];
  size_t from = 0;
  while (from <= text.size() && kCode.Match(whole, from, text.size(), RE2::UNANCHORED, groups, 3)) {
    const std::string word(groups[2].data(), groups[2].size());
    if (!IsNotACode(word)) return word;
    from = static_cast<size_t>(groups[2].data() + groups[2].size() - text.data());
  }
  return "";
}

int FindHttpStatus(const std::string& text) {
  static const RE2 kStatus(R"((?:status code|StatusCode):? (\d{3}))");
  int status = 0;
  return RE2::PartialMatch(text, kStatus, &status) ? status : 0;
}

// The resource address Terraform names: "with aws_x.y,", "* aws_x.y.0:", "in resource "t" "n"".
std::string FindAddress(const std::string& text, std::string* type) {
  static const RE2 kWith(R"(with ((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*([a-z][a-z0-9]*_[a-z0-9_]+)\.[\w-]+(?:\[[^\]]*\])?),)");
  static const RE2 kStar(R"(\* ((?:module\.[\w-]+\.)*([a-z][a-z0-9]*_[a-z0-9_]+)\.[\w-]+(?:\.\d+)?):)");
  static const RE2 kIn(R"re(in resource "([a-z][a-z0-9]*_[a-z0-9_]+)" "([\w-]+)")re");
  static const RE2 kModule(R"re(in module "([\w-]+)")re");
  std::string address, name;
  if (RE2::PartialMatch(text, kWith, &address, type) || RE2::PartialMatch(text, kStar, &address, type)) return address;
  if (RE2::PartialMatch(text, kIn, type, &name)) return *type + "." + name;
  if (RE2::PartialMatch(text, kModule, &name)) {
    *type = "module";
    return "module." + name;
  }
  // Any resource address in the text ("When expanding the plan for module.x.aws_y.z[0] ...").
  static const RE2 kAny(
      R"(\b((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*([a-z][a-z0-9]*_[a-z0-9_]+)\.[A-Za-z_][\w-]*(?:\[[^\]]*\])?))");
  if (RE2::PartialMatch(text, kAny, &address, type)) return address;
  return "";
}

// When no address is named, what the text says about the thing that failed. The phrases are
// those of the AWS provider's error wrapping ("creating EC2 Instance", "Error creating S3 bucket")
// and of Terraform itself (backends, provisioner connections).
std::string InferType(const std::string& text) {
  static const std::vector<std::pair<std::unique_ptr<RE2>, std::string>> kRules = [] {
    std::vector<std::pair<const char*, const char*>> raw = {
        {R"(provider\.aws|AWS Provider|provider credentials|credential sources)", "provider.aws"},
        {R"(locking state|state lock|refreshing state|tfstate|backend "s3"|S3 backend)", "backend.s3"},
        {R"(loading state|state snapshot|backend)", "backend"},
        {R"(timeout - last error|ssh: handshake|connection: |provisioner)", "connection"},
        {R"(EC2 Instance|source instance|instance settings|RunInstances|Instance Type)", "aws_instance"},
        {R"(requested more instances|Auto ?Scaling [Gg]roup)", "aws_autoscaling_group"},
        {R"(DynamoDB [Tt]able)", "aws_dynamodb_table"},
        {R"(S3 [Bb]ucket|CreateBucket|BucketAlreadyExists|BucketAlreadyOwnedByYou)", "aws_s3_bucket"},
        {R"(IAM role policy|PutRolePolicy)", "aws_iam_role_policy"},
        {R"(PolicySize|IAM [Pp]olicy|CreatePolicy)", "aws_iam_policy"},
        {R"(IAM [Rr]ole|CreateRole)", "aws_iam_role"},
        {R"(\bEIP\b|Elastic IP|AddressLimitExceeded)", "aws_eip"},
        {R"(ACM [Cc]ertificate|acm\.[a-z0-9-]+\.amazonaws)", "aws_acm_certificate"},
        {R"(execution role|Lambda [Ff]unction|lambda\.)", "aws_lambda_function"},
        {R"(elasticmapreduce\.|EMR [Cc]luster)", "aws_emr_cluster"},
        {R"([Ss]ecurity [Gg]roup [Rr]ule)", "aws_security_group_rule"},
        {R"([Ss]ecurity [Gg]roup|\bsg-[0-9a-f]+)", "aws_security_group"},
        {R"([Ss]ubnet)", "aws_subnet"},
        {R"(NAT [Gg]ateway)", "aws_nat_gateway"},
        {R"(\bVPC\b)", "aws_vpc"},
        {R"(RDS|DB [Ii]nstance)", "aws_db_instance"},
        {R"(EKS [Cc]luster)", "aws_eks_cluster"},
        {R"(KMS [Kk]ey)", "aws_kms_key"},
        {R"(CloudWatch [Ll]og [Gg]roup)", "aws_cloudwatch_log_group"},
        {R"(Route ?53|hosted zone)", "aws_route53_record"},
        {R"(ECS [Ss]ervice)", "aws_ecs_service"},
        {R"(SQS [Qq]ueue)", "aws_sqs_queue"},
        {R"(SNS [Tt]opic)", "aws_sns_topic"},
        {R"([Nn]etwork ACL)", "aws_network_acl"},
        {R"(CodeBuild)", "aws_codebuild_project"},
    };
    std::vector<std::pair<std::unique_ptr<RE2>, std::string>> out;
    for (const auto& [pattern, type] : raw) out.emplace_back(std::make_unique<RE2>(pattern), type);
    return out;
  }();
  for (const auto& [pattern, type] : kRules) {
    if (RE2::PartialMatch(text, *pattern)) return type;
  }
  return "";
}

// The first "Error: ..." paragraph (or "* x: ..." line, or the first non-empty line).
std::string CoreMessage(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  size_t start = lines.size();
  for (size_t i = 0; i < lines.size() && start == lines.size(); ++i) {
    std::string t = Trim(lines[i]);
    if (t.rfind("Error:", 0) == 0 || t.rfind("* ", 0) == 0 || t.rfind("Error ", 0) == 0) start = i;
  }
  if (start == lines.size()) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!Trim(lines[i]).empty()) {
        start = i;
        break;
      }
    }
  }
  std::string out;
  static const RE2 kContext(R"re(^(with [\w.\[\]"-]+,|on .+ line \d+.*:|\d+:\s|status code: \d+))re");
  for (size_t i = start; i < lines.size(); ++i) {
    std::string t = Trim(lines[i]);
    if (t.empty() && !out.empty()) break;
    // "with aws_x.y," and "on main.tf line 3, in resource ...:" are where, not what; the SDK's
    // "status code: 400, request id: ..." line is read for the status, not kept in the message.
    if (t.empty() || RE2::PartialMatch(t, kContext)) continue;
    out += (out.empty() ? "" : " ") + t;
  }
  return out;
}

}  // namespace

ExtractedError ExtractError(const std::string& output, const std::string& operation) {
  ExtractedError e;
  e.operation = operation;
  const std::string text = Unframe(output);
  e.message = CoreMessage(text);
  e.code = FindCode(text);
  e.http_status = FindHttpStatus(text);
  e.address = FindAddress(text, &e.resource_type);
  static const RE2 kLockId(R"re(Lock Info:\s*\n\s*ID:\s*(\S+))re");
  RE2::PartialMatch(text, kLockId, &e.lock_id);
  if (e.resource_type.empty()) e.resource_type = InferType(text);
  return e;
}

}  // namespace faber::reconciler::debugger
