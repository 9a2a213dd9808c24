// The table of priced and free resource types.

#include <algorithm>
#include <map>
#include <set>

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

const std::map<std::string, const ResourcePricer*>& Table() {
  static const auto* table = [] {
    auto* t = new std::map<std::string, const ResourcePricer*>();
    for (const auto* list : {&ComputePricers(), &DatabasePricers(), &NetworkPricers(), &StoragePricers(),
                             &ServerlessPricers(), &ManagementPricers(), &OperationsPricers()}) {
      for (const auto& p : *list) (*t)[std::string(p.type)] = &p;
    }
    return t;
  }();
  return *table;
}

// Types AWS does not bill for by themselves (their cost, if any, shows on what uses them).
const std::set<std::string>& FreeTypes() {
  static const std::set<std::string> kFree = {
      "aws_acm_certificate_validation", "aws_appautoscaling_policy", "aws_appautoscaling_target",
      "aws_autoscaling_policy", "aws_cloudwatch_event_rule", "aws_cloudwatch_event_target",
      "aws_cloudwatch_log_metric_filter", "aws_cloudwatch_log_resource_policy", "aws_cloudwatch_log_subscription_filter",
      "aws_db_parameter_group", "aws_db_subnet_group", "aws_db_option_group", "aws_default_network_acl",
      "aws_default_route_table", "aws_default_security_group", "aws_default_vpc", "aws_docdb_cluster_parameter_group",
      "aws_docdb_subnet_group", "aws_dynamodb_table_item", "aws_ec2_transit_gateway_route",
      "aws_ec2_transit_gateway_route_table", "aws_ecr_lifecycle_policy", "aws_ecr_repository_policy",
      "aws_ecs_cluster", "aws_ecs_task_definition", "aws_efs_access_point", "aws_efs_mount_target",
      "aws_egress_only_internet_gateway", "aws_eip_association", "aws_elasticache_parameter_group",
      "aws_elasticache_subnet_group", "aws_flow_log", "aws_iam_access_key", "aws_iam_group",
      "aws_iam_group_membership", "aws_iam_group_policy", "aws_iam_group_policy_attachment", "aws_iam_instance_profile",
      "aws_iam_openid_connect_provider", "aws_iam_policy", "aws_iam_policy_attachment", "aws_iam_role",
      "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_saml_provider", "aws_iam_service_linked_role",
      "aws_iam_user", "aws_iam_user_group_membership", "aws_iam_user_policy", "aws_iam_user_policy_attachment",
      "aws_internet_gateway", "aws_key_pair", "aws_kms_alias", "aws_kms_grant", "aws_lambda_alias",
      "aws_lambda_event_source_mapping", "aws_lambda_layer_version", "aws_lambda_permission",
      "aws_launch_configuration", "aws_launch_template", "aws_lb_listener", "aws_lb_listener_rule",
      "aws_lb_target_group", "aws_lb_target_group_attachment", "aws_main_route_table_association",
      "aws_mq_configuration", "aws_neptune_cluster_parameter_group", "aws_neptune_subnet_group", "aws_network_acl",
      "aws_network_acl_rule", "aws_network_interface", "aws_placement_group", "aws_rds_cluster_parameter_group",
      "aws_route", "aws_route53_zone_association", "aws_route_table", "aws_route_table_association",
      "aws_s3_bucket_acl", "aws_s3_bucket_cors_configuration", "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_logging", "aws_s3_bucket_notification", "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning", "aws_s3_bucket_website_configuration", "aws_secretsmanager_secret_policy",
      "aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_version", "aws_security_group",
      "aws_security_group_rule", "aws_sns_topic_policy", "aws_sqs_queue_policy", "aws_ssm_document",
      "aws_subnet", "aws_vpc", "aws_vpc_dhcp_options", "aws_vpc_dhcp_options_association",
      "aws_vpc_endpoint_route_table_association", "aws_vpc_ipv4_cidr_block_association", "aws_vpc_peering_connection",
      "aws_vpc_security_group_egress_rule", "aws_vpc_security_group_ingress_rule", "aws_vpn_gateway",
      "aws_vpn_gateway_attachment", "aws_customer_gateway", "aws_wafv2_ip_set", "aws_wafv2_regex_pattern_set",
      "aws_wafv2_rule_group", "aws_wafv2_web_acl_association",       "aws_api_gateway_deployment", "aws_api_gateway_integration", "aws_api_gateway_method",
      "aws_api_gateway_resource", "aws_apigatewayv2_integration", "aws_apigatewayv2_route",
      "aws_apigatewayv2_stage", "aws_ec2_transit_gateway", "aws_eks_addon", "aws_ecs_capacity_provider",
      "aws_sfn_activity", "aws_ssm_association", "aws_grafana_license_association", "aws_waf_ipset",
      "aws_waf_rule", "aws_ecs_cluster_capacity_providers", "aws_ecs_task_set", "aws_elastic_beanstalk_application",
  };
  return kFree;
}

}  // namespace

const ResourcePricer* FindPricer(const std::string& type) {
  auto it = Table().find(type);
  return it == Table().end() ? nullptr : it->second;
}

bool IsFreeType(const std::string& type) {
  // Non-AWS providers' logical resources (random, null, tls, local, time, terraform_data) cost nothing.
  static const std::set<std::string> kLogicalProviders = {"random", "null", "tls", "local", "time", "terraform"};
  return FreeTypes().count(type) > 0 || kLogicalProviders.count(type.substr(0, type.find('_'))) > 0;
}

std::vector<std::string> PricedResourceTypes() {
  std::vector<std::string> out;
  for (const auto& [type, p] : Table()) out.push_back(type);
  return out;
}

std::vector<std::string> FreeResourceTypes() { return {FreeTypes().begin(), FreeTypes().end()}; }

}  // namespace faber::reconciler::cost
