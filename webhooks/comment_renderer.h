#pragma once

#include <string>
#include <vector>

#include "common/redactor.h"
#include "webhooks/notifier.h"

namespace faber::webhooks {

// The hidden first line of every part of faber's comment for (environment, pull request): how the
// comment is found again and updated in place, e.g. "<!-- faber:env=test pr=3 part=1 -->".
std::string CommentMarker(const std::string& environment, int pull_request, int part);
// The marker's beginning shared by every part of that comment.
std::string CommentMarkerPrefix(const std::string& environment, int pull_request);

// Text from a comment (or any text from outside) made safe to echo in faber's Markdown: one line
// (line breaks and control characters become spaces), at most kMaxEchoedBytes (cut at a character,
// "…" added), backticks replaced by "'" and the whole set in one code span, so GitHub-flavoured
// Markdown renders no mention, HTML, link, image or emphasis from it. For running text, not tables.
std::string EchoText(const std::string& text);
inline constexpr size_t kMaxEchoedBytes = 80;

// What a run of `kind` is called in titles: "deploy", "checks and plan", "drift check".
const char* RunKindTitle(manifests::RunKind kind);

// Renders `report` as Markdown: the title and headline, failing sections first with their output,
// then the debugger's proposal, then the plan's summary, then the sections that passed (a long
// output of a section that did not fail, and a plan's raw output next to its summary, collapsed
// in <details>). Secrets are redacted.
std::string RenderReport(const RunReport& report, const common::Redactor& redactor);

// Cuts `markdown` into pieces of at most `limit` bytes, at line ends where it can; a code fence
// open at a cut is closed at the end of one piece and opened again at the start of the next, so
// every piece renders on its own; so is a <details> block open at a cut. Room for a marker line is
// kept free in each piece.
std::vector<std::string> SplitMarkdown(const std::string& markdown, size_t limit);

// The comments of `report`, each starting with its marker and at most `limit` bytes.
std::vector<std::string> RenderComments(const RunReport& report, const common::Redactor& redactor, size_t limit);

}  // namespace faber::webhooks
