#include "webhooks/comment_renderer.h"

#include <algorithm>
#include <optional>

namespace faber::webhooks {
namespace {

// Room kept in every piece for its marker line and a continuation note.
constexpr size_t kPieceReserve = 200;
// Output longer than this many lines is collapsed when the section did not fail.
constexpr size_t kExpandedOutputLines = 25;
constexpr const char* kDetailsClose = "</details>\n";
constexpr const char* kContinued = "_(continued from the previous comment)_\n\n";

struct Fence {
  char symbol;
  size_t length;
  std::string opener;  // the opening line as written, e.g. "```text"
};

// A fence line: up to three spaces, then three or more backticks or tildes.
std::optional<Fence> FenceOf(const std::string& line) {
  size_t i = 0;
  while (i < line.size() && i < 3 && line[i] == ' ') ++i;
  if (i >= line.size() || (line[i] != '`' && line[i] != '~')) return std::nullopt;
  char symbol = line[i];
  size_t start = i;
  while (i < line.size() && line[i] == symbol) ++i;
  if (i - start < 3) return std::nullopt;
  std::string opener = line;
  while (!opener.empty() && (opener.back() == '\n' || opener.back() == '\r')) opener.pop_back();
  return Fence{symbol, i - start, opener};
}

bool Closes(const Fence& open, const std::string& line) {
  auto fence = FenceOf(line);
  if (!fence || fence->symbol != open.symbol || fence->length < open.length) return false;
  // A closing fence has nothing after its run but blanks.
  return fence->opener.find_first_not_of(" `~") == std::string::npos;
}

// Longest run of backticks in `text`, so a code block around it can use a longer fence.
size_t LongestBacktickRun(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

std::string CodeBlock(const std::string& output) {
  std::string fence(std::max<size_t>(3, LongestBacktickRun(output) + 1), '`');
  std::string body = output;
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + "text\n" + body + fence + "\n";
}

// Cuts a line too long for any piece, never inside a UTF-8 character.
std::vector<std::string> CutLine(const std::string& line, size_t max) {
  std::vector<std::string> pieces;
  size_t pos = 0;
  while (line.size() - pos > max) {
    size_t end = pos + max;
    while (end > pos && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    pieces.push_back(line.substr(pos, end - pos) + "\n");
    pos = end;
  }
  pieces.push_back(line.substr(pos));
  return pieces;
}

std::string Short(const std::string& commit) { return commit.substr(0, 7); }

int Rank(SectionStatus status) {
  if (status == SectionStatus::kFailed) return 0;
  if (status == SectionStatus::kWarned) return 1;
  return 2;
}

// A section and its output; a long output of a section that did not fail is collapsed, and so is
// a plan's raw output when its summary is shown.
void AppendSection(std::string& out, const ReportSection& s, bool collapse) {
  out += "#### " + s.title + ": " + SectionStatusName(s.status) + (s.summary.empty() ? "" : " (" + s.summary + ")") + "\n\n";
  if (s.output.empty()) return;
  size_t lines = static_cast<size_t>(std::count(s.output.begin(), s.output.end(), '\n'));
  if (collapse || (Rank(s.status) > 0 && lines > kExpandedOutputLines)) {
    out += "<details><summary>" + s.title + " output (" + std::to_string(lines) + (lines == 1 ? " line" : " lines") +
           ")</summary>\n\n" +
           CodeBlock(s.output) + "\n" + kDetailsClose + "\n";
  } else {
    out += CodeBlock(s.output) + "\n";
  }
}

// The opening line of a <details> block outside code, e.g. "<details><summary>x</summary>".
bool OpensDetails(const std::string& line) {
  size_t i = line.find_first_not_of(' ');
  return i != std::string::npos && line.compare(i, 8, "<details") == 0 && line.find("</details>") == std::string::npos;
}

bool ClosesDetails(const std::string& line) {
  size_t i = line.find_first_not_of(' ');
  return i != std::string::npos && line.compare(i, 10, "</details>") == 0;
}

}  // namespace

std::string EchoText(const std::string& text) {
  std::string line;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      line += ' ';
    } else if (c == '`') {
      line += '\'';  // a backtick would end the code span early
    } else {
      line += c;
    }
  }
  if (line.size() > kMaxEchoedBytes) {
    size_t end = kMaxEchoedBytes;
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    line = line.substr(0, end) + "\u2026";
  }
  // An empty span ("``") would be literal backticks; a space inside keeps it a span.
  if (line.empty()) line = " ";
  return "`" + line + "`";
}

std::string CommentMarkerPrefix(const std::string& environment, int pull_request) {
  return std::string("<!-- faber:env=") + environment + " pr=" + std::to_string(pull_request) + " part=";
}

std::string CommentMarker(const std::string& environment, int pull_request, int part) {
  return CommentMarkerPrefix(environment, pull_request) + std::to_string(part) + " -->";
}

const char* SectionStatusName(SectionStatus status) {
  switch (status) {
    case SectionStatus::kPassed: return "passed";
    case SectionStatus::kWarned: return "warned";
    case SectionStatus::kFailed: return "failed";
    case SectionStatus::kSkipped: return "skipped";
    case SectionStatus::kNotRun: return "not_run";
  }
  return "failed";
}

const char* ReportStatusName(ReportStatus status) {
  switch (status) {
    case ReportStatus::kSucceeded: return "succeeded";
    case ReportStatus::kWarned: return "warned";
    case ReportStatus::kFailed: return "failed";
    case ReportStatus::kPending: return "pending";
    case ReportStatus::kAborted: return "aborted";
    case ReportStatus::kInterrupted: return "interrupted";
    case ReportStatus::kInSync: return "in_sync";
    case ReportStatus::kDrifted: return "drifted";
  }
  return "failed";
}

const char* RunKindTitle(manifests::RunKind kind) {
  switch (kind) {
    case manifests::RunKind::kPreview: return "checks and plan";
    case manifests::RunKind::kDrift: return "drift check";
    case manifests::RunKind::kDeploy: return "deploy";
  }
  return "deploy";
}

std::string RenderReport(const RunReport& report, const common::Redactor& redactor) {
  std::string out = "### faber: " + report.environment + ", " + RunKindTitle(report.kind) + " of `" + Short(report.commit) +
                    "` " + ReportStatusName(report.status) + "\n\n";
  if (!report.headline.empty()) out += report.headline + "\n\n";
  if (!report.sections.empty()) {
    out += "| stage | result | |\n|---|---|---|\n";
    for (const auto& s : report.sections) out += "| " + s.title + " | " + SectionStatusName(s.status) + " | " + s.summary + " |\n";
    out += "\n";
  }
  // A person opens the comment to see what went wrong: failures, then the fix, then the rest.
  std::vector<const ReportSection*> ordered;
  for (const auto& s : report.sections) ordered.push_back(&s);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const ReportSection* a, const ReportSection* b) { return Rank(a->status) < Rank(b->status); });
  // The plan's summary comes after what failed and the fix: it is what a reviewer reads next.
  bool proposal_written = report.proposal_markdown.empty();
  bool plan_written = report.plan_markdown.empty();
  auto write_pending = [&] {
    if (!proposal_written) out += "#### What faber proposes\n\n" + report.proposal_markdown + "\n\n";
    if (!plan_written) {
      out += report.plan_markdown;
      while (out.size() < 2 || out.compare(out.size() - 2, 2, "\n\n") != 0) out += "\n";
    }
    proposal_written = plan_written = true;
  };
  for (const ReportSection* s : ordered) {
    if (Rank(s->status) > 0) write_pending();
    if (s->status == SectionStatus::kNotRun || (s->output.empty() && Rank(s->status) > 0)) continue;
    AppendSection(out, *s, s->plan_output && !report.plan_markdown.empty());
  }
  write_pending();
  out += "<sub>Comment `/faber help` for what faber can do on this pull request.</sub>\n";
  return redactor.Redact(out);
}

std::vector<std::string> SplitMarkdown(const std::string& markdown, size_t limit) {
  size_t budget = limit > 2 * kPieceReserve ? limit - kPieceReserve : limit / 2;
  std::vector<std::string> pieces;
  std::string current;
  size_t prefix_size = 0;
  std::optional<Fence> fence;
  std::vector<std::string> details;  // the openers of the <details> blocks open here, outermost first
  // What a piece cut here must end with: the open fence closed, then the open <details> blocks.
  auto closing = [&] {
    std::string text = fence ? std::string(fence->length, fence->symbol) + "\n" : "";
    for (size_t i = 0; i < details.size(); ++i) text += std::string("\n") + kDetailsClose;
    return text;
  };
  auto flush = [&] {
    current += closing();
    pieces.push_back(std::move(current));
    current = kContinued;
    for (const auto& opener : details) current += opener + "\n\n";
    if (fence) current += fence->opener + "\n";
    prefix_size = current.size();
  };
  size_t start = 0;
  while (start < markdown.size()) {
    size_t end = markdown.find('\n', start);
    end = end == std::string::npos ? markdown.size() : end + 1;
    std::string line = markdown.substr(start, end - start);
    start = end;
    // A piece restarts with a note and maybe a fence opener: leave room for them.
    for (const std::string& piece : CutLine(line, budget / 2)) {
      if (current.size() + piece.size() + closing().size() > budget && current.size() > prefix_size) flush();
      current += piece;
    }
    if (fence) {
      if (Closes(*fence, line)) fence.reset();
    } else if (OpensDetails(line)) {
      std::string opener = line;
      while (!opener.empty() && (opener.back() == '\n' || opener.back() == '\r')) opener.pop_back();
      // A summary written on a later line is not repeated: the reopened block gets a plain one.
      if (opener.find("</summary>") == std::string::npos) opener = "<details><summary>(continued)</summary>";
      details.push_back(opener);
    } else if (ClosesDetails(line)) {
      if (!details.empty()) details.pop_back();
    } else {
      fence = FenceOf(line);
    }
  }
  if (current.size() > prefix_size || pieces.empty()) {
    current += closing();
    pieces.push_back(std::move(current));
  }
  return pieces;
}

std::vector<std::string> RenderComments(const RunReport& report, const common::Redactor& redactor, size_t limit) {
  std::vector<std::string> pieces = SplitMarkdown(RenderReport(report, redactor), limit);
  for (size_t i = 0; i < pieces.size(); ++i) {
    std::string marker = CommentMarker(report.environment, report.pull_request, static_cast<int>(i + 1));
    std::string note = pieces.size() > 1 ? "_(part " + std::to_string(i + 1) + " of " + std::to_string(pieces.size()) + ")_\n" : "";
    pieces[i] = marker + "\n" + note + pieces[i];
  }
  return pieces;
}

}  // namespace faber::webhooks
