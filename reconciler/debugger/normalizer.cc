#include "reconciler/debugger/normalizer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include <re2/re2.h>

namespace faber::reconciler::debugger {
namespace {

// `placeholder` with $N group references in RE2's rewrite syntax (\N) and other backslashes escaped.
std::string Rewrite(const std::string& placeholder) {
  std::string out;
  for (size_t i = 0; i < placeholder.size(); ++i) {
    const char c = placeholder[i];
    if (c == '$' && i + 1 < placeholder.size() && std::isdigit(static_cast<unsigned char>(placeholder[i + 1]))) {
      out += '\\';
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

MaskPattern Compile(const std::string& name, const std::string& regex, const std::string& placeholder) {
  RE2::Options options;
  options.set_log_errors(false);
  auto compiled = std::make_shared<const RE2>(regex, options);
  if (!compiled->ok()) throw std::invalid_argument("normalizer pattern " + name + ": " + compiled->error());
  return MaskPattern{name, std::move(compiled), Rewrite(placeholder)};
}

}  // namespace

Normalizer::Normalizer() {
  // Order matters: whole structured values first, then their parts.
  const std::vector<std::array<const char*, 3>> kDefaults = {
      {"encoded_message", R"(Encoded authorization failure message: [A-Za-z0-9_\-]+)", "Encoded authorization failure message: <encoded>"},
      {"request_line", R"((status code|StatusCode):? \d{3},? (request id|RequestID):? (\[[^\]]*\]|[\w\-]+)(, host id: \S+)?)", "status code: <status>, request id: <request-id>"},
      {"request_id", R"((request id|RequestID|RequestId|HostID|host id):? ?[\w+/=\-]{8,})", "$1: <request-id>"},
      {"arn", R"(arn:aws[a-z\-]*:[a-z0-9\-]*:[a-z0-9\-]*:\d{0,12}:[^\s"',)\]]+)", "<arn>"},
      {"url", R"(https?://[^\s"']+)", "<url>"},
      {"uuid", R"(\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b)", "<uuid>"},
      {"timestamp", R"(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?( ?[+-]\d{2}:?\d{2}| ?Z| UTC)?( [+-]\d{4} UTC)?)", "<timestamp>"},
      {"aws_id", R"(\b(ami|i|sg|subnet|vpc|vol|snap|eni|igw|nat|rtb|acl|eipalloc|eipassoc|lt|tgw|vpce|pcx|dopt|r|fs|fsap|key)-[0-9a-f]{8,17}\b)", "<$1-id>"},
      {"cidr", R"(\b\d{1,3}(\.\d{1,3}){3}/\d{1,2}\b)", "<cidr>"},
      {"ip_port", R"(\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b)", "<ip>"},
      {"account_id", R"(\b\d{12}\b)", "<account>"},
      {"hex_id", R"(\b[0-9a-fA-F]{16,}\b)", "<hex>"},
      {"quoted", R"("[^"\n]{1,200}"|'[^'\n]{1,200}')", "<name>"},
      {"parenthesized_name", R"(\(([A-Za-z0-9._\-]+)\))", "(<name>)"},
      {"number", R"(\b\d+(\.\d+)?\b)", "<n>"},
  };
  for (const auto& [name, regex, placeholder] : kDefaults) patterns_.push_back(Compile(name, regex, placeholder));
}

void Normalizer::Add(const std::string& name, const std::string& regex, const std::string& placeholder) {
  custom_.push_back(Compile(name, regex, placeholder));
}

std::string Normalizer::Normalize(const std::string& text) const {
  std::string out = text;
  for (const auto& p : custom_) RE2::GlobalReplace(&out, *p.pattern, p.rewrite);
  for (const auto& p : patterns_) RE2::GlobalReplace(&out, *p.pattern, p.rewrite);
  std::string collapsed;
  bool space = false;
  for (char c : out) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !collapsed.empty();
      continue;
    }
    if (space) collapsed += ' ';
    space = false;
    collapsed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return collapsed;
}

std::vector<std::string> Tokens(const std::string& normalized) {
  std::vector<std::string> out;
  ForEachToken(normalized, [&](std::string_view word) { out.emplace_back(word); });
  return out;
}

}  // namespace faber::reconciler::debugger
