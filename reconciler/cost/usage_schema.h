#pragma once

// The usage keys each resource type accepts in a usage file: what its pricer reads, plus keys
// Infracost documents for the type that faber does not price yet (so a team's Infracost usage
// file keeps working). A usage file is checked against these, never against what one run read:
// pricers read some keys only for some configurations.

#include <string>
#include <string_view>
#include <vector>

namespace faber::reconciler::cost {

enum class UsageValue {
  kNumber,     // a count or an amount
  kString,     // one of `allowed` (case-insensitive), or any text when `allowed` is empty
  kObject,     // a map of the keys in `fields`
  kNumberMap,  // a map from any name (a region: us_east_1) to a number
};

struct UsageKey {
  std::string_view name;
  UsageValue value = UsageValue::kNumber;
  std::vector<std::string_view> allowed;  // kString
  std::vector<UsageKey> fields;           // kObject
  bool priced = true;                     // false: Infracost documents it, faber ignores it
};

using UsageSchema = std::vector<UsageKey>;

// The usage keys of resource type `type`, or nullptr when faber reads no usage for it.
const UsageSchema* UsageSchemaOf(const std::string& type);
// The resource types that have a usage schema, sorted.
std::vector<std::string> UsageSchemaTypes();
// "number", "one of: a, b", "a map of: x, y" or "a map of names to numbers", for messages.
std::string DescribeUsageValue(const UsageKey& key);

}  // namespace faber::reconciler::cost
