#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "reconciler/debugger/issue_log.h"

namespace faber::reconciler::debugger {

// A compact binary form of IssueLogEntry for the local issue-log cache: decoding it is far
// cheaper than parsing the JSON the log is stored in (which stays the record). Every field is
// listed once, in VisitEntryFields (issue_entry_codec.cc), so encoder and decoder cannot drift.

// Appends `entry` to `out`.
void EncodeEntry(const IssueLogEntry& entry, std::string& out);

// Decodes one entry at the front of `in` and advances past it; nullopt when `in` is truncated or
// not an encoded entry (the caller then treats the whole cache as absent).
std::optional<IssueLogEntry> DecodeEntry(std::string_view& in);

}  // namespace faber::reconciler::debugger
