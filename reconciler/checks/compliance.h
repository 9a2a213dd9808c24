#pragma once

#include <vector>

#include "reconciler/checks/finding.h"
#include "reconciler/checks/scanner.h"

namespace faber::reconciler::checks {

// The organisation's own gates, run in the same pass as the security rules:
//  - FABER_TAGS_REQUIRED: every taggable AWS resource carries options.required_tags, counting the
//    provider's default_tags;
//  - FABER_NAMING: a resource's name attribute (name, bucket, function_name, ...) matches
//    options.naming_pattern;
//  - FABER_PREVENT_DESTROY: in production, stateful resources (databases, buckets, volumes, file
//    systems, tables, keys) have lifecycle.prevent_destroy;
//  - FABER_PROVIDER_CREDENTIALS: no access or secret key written into a provider block.
std::vector<Finding> ComplianceFindings(const ResourceModel& model, const ScanOptions& options);

// True for AWS resource types that take `tags` (types that attach, associate or configure another
// resource do not).
bool IsTaggable(const std::string& type);

}  // namespace faber::reconciler::checks
