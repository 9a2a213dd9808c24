#include "reconciler/checks/external/scanner_ids.h"

#include <algorithm>
#include <map>

namespace faber::reconciler::checks::external {
namespace {

// Each row names one check as the scanners spell it: Checkov id, AVD id, Trivy/tfsec long id, and
// where known the legacy tfsec id or an older long id. From the table of the AWS checks every
// scanner has (Checkov and Trivy ids side by side); one AVD id may cover several Checkov checks
// (AVD-AWS-0107 is Checkov's SSH, RDP and all-ports rules at once).
const std::vector<std::vector<const char*>>& Rows() {
  static const std::vector<std::vector<const char*>> rows = {
    {"CKV_AWS_19", "AVD-AWS-0088", "aws-s3-enable-bucket-encryption", "AWS017"},
    {"CKV_AWS_145", "AVD-AWS-0132", "aws-s3-encryption-customer-key"},
    {"CKV_AWS_20", "AVD-AWS-0092", "aws-s3-no-public-access-with-acl", "AWS001"},
    {"CKV_AWS_57", "AVD-AWS-0092", "aws-s3-no-public-access-with-acl", "AWS001"},
    {"CKV_AWS_21", "AVD-AWS-0090", "aws-s3-enable-versioning", "AWS077"},
    {"CKV_AWS_18", "AVD-AWS-0089", "aws-s3-enable-logging", "AWS002", "aws-s3-enable-bucket-logging"},
    {"CKV2_AWS_6", "AVD-AWS-0094", "aws-s3-specify-public-access-block"},
    {"CKV_AWS_53", "AVD-AWS-0086", "aws-s3-block-public-acls"},
    {"CKV_AWS_54", "AVD-AWS-0087", "aws-s3-block-public-policy"},
    {"CKV_AWS_55", "AVD-AWS-0091", "aws-s3-ignore-public-acls"},
    {"CKV_AWS_56", "AVD-AWS-0093", "aws-s3-no-public-buckets"},
    {"CKV_AWS_24", "AVD-AWS-0107", "aws-ec2-no-public-ingress-sgr", "AWS006"},
    {"CKV_AWS_25", "AVD-AWS-0107", "aws-ec2-no-public-ingress-sgr", "AWS006"},
    {"CKV_AWS_277", "AVD-AWS-0107", "aws-ec2-no-public-ingress-sgr", "AWS006"},
    {"CKV_AWS_382", "AVD-AWS-0104", "aws-ec2-no-public-egress-sgr", "AWS007"},
    {"CKV_AWS_23", "AVD-AWS-0099", "aws-ec2-add-description-to-security-group", "AWS018"},
    {"CKV2_AWS_12", "AVD-AWS-0173", "aws-ec2-restrict-all-in-default-sg"},
    {"CKV2_AWS_11", "AVD-AWS-0178", "aws-ec2-require-vpc-flow-logs-for-all-vpcs"},
    {"CKV_AWS_16", "AVD-AWS-0080", "aws-rds-encrypt-instance-storage-data"},
    {"CKV_AWS_17", "AVD-AWS-0180", "aws-rds-enable-public-access"},
    {"CKV_AWS_133", "AVD-AWS-0077", "aws-rds-specify-backup-retention"},
    {"CKV_AWS_293", "AVD-AWS-0177", "aws-rds-enable-deletion-protection"},
    {"CKV_AWS_161", "AVD-AWS-0176", "aws-rds-enable-iam-auth"},
    {"CKV_AWS_3", "AVD-AWS-0026", "aws-ec2-enable-volume-encryption"},
    {"CKV_AWS_8", "AVD-AWS-0131", "aws-ec2-enable-at-rest-encryption"},
    {"CKV_AWS_79", "AVD-AWS-0028", "aws-ec2-enforce-http-token-imds"},
    {"CKV_AWS_88", "AVD-AWS-0009", "aws-ec2-no-public-ip"},
    {"CKV_AWS_46", "AVD-AWS-0029", "aws-ec2-no-secrets-in-user-data"},
    {"CKV_AWS_7", "AVD-AWS-0065", "aws-kms-auto-rotate-keys"},
    {"CKV_AWS_36", "AVD-AWS-0016", "aws-cloudtrail-enable-log-validation"},
    {"CKV_AWS_67", "AVD-AWS-0014", "aws-cloudtrail-enable-all-regions"},
    {"CKV_AWS_62", "AVD-AWS-0057", "aws-iam-no-policy-wildcards"},
    {"CKV_AWS_10", "AVD-AWS-0063", "aws-iam-set-minimum-password-length"},
    {"CKV_AWS_158", "AVD-AWS-0017", "aws-cloudwatch-log-group-customer-key"},
    {"CKV_AWS_39", "AVD-AWS-0040", "aws-eks-no-public-cluster-access"},
    {"CKV_AWS_38", "AVD-AWS-0041", "aws-eks-no-public-cluster-access-to-cidr"},
    {"CKV_AWS_58", "AVD-AWS-0039", "aws-eks-encrypt-secrets"},
    {"CKV_AWS_2", "AVD-AWS-0054", "aws-elb-http-not-used"},
    {"CKV_AWS_131", "AVD-AWS-0052", "aws-elb-drop-invalid-headers"},
    {"CKV_AWS_103", "AVD-AWS-0047", "aws-elb-use-secure-tls-policy"},
    {"CKV_AWS_34", "AVD-AWS-0012", "aws-cloudfront-enforce-https"},
    {"CKV_AWS_174", "AVD-AWS-0013", "aws-cloudfront-use-secure-tls-policy"},
    {"CKV_AWS_27", "AVD-AWS-0096", "aws-sqs-enable-queue-encryption"},
    {"CKV_AWS_26", "AVD-AWS-0095", "aws-sns-enable-topic-encryption"},
    {"CKV_AWS_28", "AVD-AWS-0024", "aws-dynamodb-enable-recovery"},
    {"CKV_AWS_51", "AVD-AWS-0031", "aws-ecr-enforce-immutable-repository"},
    {"CKV_AWS_163", "AVD-AWS-0030", "aws-ecr-enable-image-scans"},
    {"CKV_AWS_42", "AVD-AWS-0037", "aws-efs-enable-at-rest-encryption"},
    {"CKV_AWS_148", "AVD-AWS-0101", "aws-ec2-no-default-vpc"},
    {"CKV_AWS_130", "AVD-AWS-0164", "aws-ec2-no-public-ip-subnet"},
  };
  return rows;
}

const std::multimap<std::string, size_t>& RowsById() {
  static const std::multimap<std::string, size_t> index = [] {
    std::multimap<std::string, size_t> out;
    for (size_t i = 0; i < Rows().size(); ++i) {
      for (const char* id : Rows()[i]) out.emplace(id, i);
    }
    return out;
  }();
  return index;
}

bool IsDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string CanonicalId(const std::string& id) {
  // Trivy 0.5x+ prints "AWS-0086" where earlier versions and tfsec print "AVD-AWS-0086".
  size_t dash = id.find('-');
  if (dash != std::string::npos && dash > 0 && id.rfind("AVD-", 0) != 0 && IsDigits(id.substr(dash + 1))) {
    std::string provider = id.substr(0, dash);
    if (std::all_of(provider.begin(), provider.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      return "AVD-" + id;
    }
  }
  // tfsec before 1.0 filed security group and network ACL checks under "vpc"; they moved to "ec2".
  if (id.rfind("aws-vpc-", 0) == 0) return "aws-ec2-" + id.substr(8);
  return id;
}

std::vector<std::string> EquivalentIds(const std::string& id) {
  std::string canonical = CanonicalId(id);
  std::vector<std::string> out = {canonical};
  auto [begin, end] = RowsById().equal_range(canonical);
  for (auto it = begin; it != end; ++it) {
    for (const char* other : Rows()[it->second]) {
      if (std::find(out.begin(), out.end(), other) == out.end()) out.emplace_back(other);
    }
  }
  return out;
}

std::vector<std::string> BroaderIds(const std::string& id) {
  std::string canonical = CanonicalId(id);
  bool from_checkov = canonical.rfind("CKV", 0) == 0;
  std::vector<std::string> out = {canonical};
  auto [begin, end] = RowsById().equal_range(canonical);
  for (auto it = begin; it != end; ++it) {
    for (const char* other : Rows()[it->second]) {
      if (!from_checkov && std::string(other).rfind("CKV", 0) == 0) continue;
      if (std::find(out.begin(), out.end(), other) == out.end()) out.emplace_back(other);
    }
  }
  return out;
}

}  // namespace faber::reconciler::checks::external
