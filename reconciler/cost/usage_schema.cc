// The usage schema table: for each priced resource type, the keys its pricer reads (see the
// *_pricers.cc file named in each section), checked against Infracost's infracost-usage-example.yml.
// A pricer that starts reading a key declares it here; usage_schema_test holds the two in step.

#include "reconciler/cost/usage_schema.h"

#include <initializer_list>
#include <map>

namespace faber::reconciler::cost {
namespace {

UsageKey Num(std::string_view name) { return {name, UsageValue::kNumber, {}, {}, true}; }
UsageKey Str(std::string_view name, std::vector<std::string_view> allowed) {
  return {name, UsageValue::kString, std::move(allowed), {}, true};
}
UsageKey Obj(std::string_view name, UsageSchema fields) {
  return {name, UsageValue::kObject, {}, std::move(fields), true};
}
UsageKey NumMap(std::string_view name) { return {name, UsageValue::kNumberMap, {}, {}, true}; }
UsageKey Unpriced(UsageKey key) {
  key.priced = false;
  return key;
}
UsageSchema Nums(std::initializer_list<std::string_view> names) {
  UsageSchema out;
  for (auto n : names) out.push_back(Num(n));
  return out;
}
UsageSchema Join(std::initializer_list<UsageSchema> parts) {
  UsageSchema out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

const std::vector<std::string_view> kTerms = {"1_year", "3_year", "1yr", "3yr", "1", "3"};  // ReservedTerm
const std::vector<std::string_view> kPayments = {"no_upfront", "partial_upfront", "all_upfront"};

// PriceEc2Instances (ec2_pricing.cc): hours, reservations, CPU credits.
UsageSchema Ec2Usage() {
  return Join({Nums({"monthly_hrs"}),
               {Str("reserved_instance_type", {"standard", "convertible"}), Str("reserved_instance_term", kTerms),
                Str("reserved_instance_payment_option", kPayments)},
               Nums({"monthly_cpu_credit_hrs", "vcpu_count"})});
}
// PriceEbsVolume (ec2_pricing.cc): I/O of magnetic volumes.
UsageSchema EbsUsage() { return Nums({"monthly_standard_io_requests"}); }
// Instances that pick an operating system and run EC2 hours with EBS volumes (compute_pricers.cc).
UsageSchema InstancesUsage(bool counted) {
  UsageSchema os = {Str("operating_system", {"linux", "windows", "rhel", "suse"})};
  return Join({counted ? Nums({"instances"}) : UsageSchema{}, os, Ec2Usage(), EbsUsage()});
}
// PriceRdsInstanceCore (rds_pricing.cc).
UsageSchema RdsCoreUsage() {
  return Join({Nums({"monthly_hrs"}),
               {Str("reserved_instance_term", kTerms), Str("reserved_instance_payment_option", kPayments)},
               Nums({"monthly_cpu_credit_hrs", "vcpu_count", "monthly_additional_performance_insights_requests"})});
}
// PriceS3Bucket's storage classes (storage_pricers.cc S3Classes), each a nested map.
UsageSchema S3Usage() {
  const UsageSchema select = Nums({"monthly_select_data_scanned_gb", "monthly_select_data_returned_gb"});
  const UsageSchema requests = Nums({"monthly_tier_1_requests", "monthly_tier_2_requests"});
  const UsageSchema lifecycle = Nums({"monthly_lifecycle_transition_requests"});
  const UsageSchema ia = Join({Nums({"storage_gb"}), requests, lifecycle, Nums({"monthly_data_retrieval_gb"}), select});
  return {
      Num("object_tags"),
      Obj("standard", Join({Nums({"storage_gb"}), requests, select})),
      Obj("intelligent_tiering",
          Join({Nums({"frequent_access_storage_gb", "infrequent_access_storage_gb", "archive_access_storage_gb",
                      "deep_archive_access_storage_gb", "monitored_objects"}),
                requests, lifecycle, select, Nums({"early_delete_gb"})})),
      Obj("standard_infrequent_access", ia),
      Obj("one_zone_infrequent_access", ia),
      Obj("glacier_flexible_retrieval",
          Join({Nums({"storage_gb"}), requests, lifecycle,
                Nums({"monthly_standard_data_retrieval_requests", "monthly_standard_data_retrieval_gb",
                      "monthly_standard_select_data_scanned_gb", "monthly_standard_select_data_returned_gb",
                      "monthly_expedited_data_retrieval_requests", "monthly_expedited_data_retrieval_gb",
                      "monthly_expedited_select_data_scanned_gb", "monthly_expedited_select_data_returned_gb",
                      "monthly_bulk_select_data_scanned_gb", "monthly_bulk_select_data_returned_gb",
                      "early_delete_gb"})})),
      Obj("glacier_deep_archive",
          Join({Nums({"storage_gb"}), requests, lifecycle,
                Nums({"monthly_standard_data_retrieval_requests", "monthly_standard_data_retrieval_gb",
                      "monthly_bulk_data_retrieval_requests", "monthly_bulk_data_retrieval_gb", "early_delete_gb"})})),
  };
}
// PriceGlobalAcceleratorEndpointGroup's destinations (network_pricers.cc kDestinations).
UsageSchema AcceleratorDestinations() {
  return Nums({"us", "europe", "south_africa", "south_america", "south_korea", "middle_east", "australia",
               "asia_pacific", "india"});
}

std::map<std::string, UsageSchema, std::less<>> BuildTable() {
  const UsageSchema none;
  const UsageSchema data_processed = Nums({"monthly_data_processed_gb"});
  const UsageSchema lb =
      Nums({"new_connections", "active_connections", "processed_bytes_gb", "rule_evaluations", "capacity_units"});
  const UsageSchema config_rule = Nums({"monthly_rule_evaluations"});
  const UsageSchema stack = Nums({"monthly_handler_operations", "monthly_duration_secs"});
  const UsageSchema backup = Nums({"backup_storage_gb"});
  const UsageSchema kinesis_analytics = Nums({"kinesis_processing_units", "durable_application_backup_gb"});
  const UsageSchema lambda = Join(
      {{Str("architecture", {"x86_64", "arm64"})}, Nums({"memory_mb", "monthly_requests", "request_duration_ms"})});
  const UsageSchema cache_nodes = {Str("reserved_instance_term", kTerms),
                                   Str("reserved_instance_payment_option", kPayments)};
  // Infracost's payment options of legacy ElastiCache reservations, which faber has no prices for.
  const UsageSchema cache_legacy_payments = {Unpriced(
      Str("reserved_instance_payment_option", {"heavy_utilization", "medium_utilization", "light_utilization"}))};
  return {
      // compute_pricers.cc
      {"aws_instance", InstancesUsage(false)},
      {"aws_ebs_volume", Join({Nums({"storage_gb"}), EbsUsage()})},
      {"aws_ebs_snapshot", Nums({"monthly_storage_gb", "fast_snapshot_restore_hours", "monthly_list_block_requests",
                                 "monthly_get_block_requests", "monthly_put_block_requests"})},
      {"aws_ebs_snapshot_copy", Nums({"monthly_storage_gb"})},
      {"aws_ebs_snapshot_import", Nums({"monthly_storage_gb"})},
      {"aws_ec2_host",
       Join({Nums({"monthly_hrs"}),
             {Str("reserved_instance_term", kTerms), Str("reserved_instance_payment_option", kPayments)}})},
      {"aws_autoscaling_group", InstancesUsage(true)},
      {"aws_eks_node_group", InstancesUsage(true)},
      {"aws_eks_cluster", none},
      {"aws_eks_fargate_profile", Nums({"monthly_pods", "pod_duration_hrs", "vcpu", "memory_gb"})},
      {"aws_ecs_service", none},
      {"aws_lightsail_instance", none},
      // database_pricers.cc, rds_pricing.cc
      {"aws_db_instance",
       Join({RdsCoreUsage(), Nums({"monthly_standard_io_requests", "additional_backup_storage_gb"})})},
      {"aws_rds_cluster_instance", Join({RdsCoreUsage(), Nums({"capacity_units_per_hr"})})},
      {"aws_rds_cluster", Join({Nums({"capacity_units_per_hr", "storage_gb", "monthly_io_requests",
                                      "backup_snapshot_size_gb", "average_statements_per_hr"}),
                                {Unpriced(Num("write_requests_per_sec")), Unpriced(Num("read_requests_per_sec")),
                                 Unpriced(Num("change_records_per_statement")), Unpriced(Num("backtrack_window_hrs")),
                                 Unpriced(Num("snapshot_export_size_gb"))}})},
      {"aws_docdb_cluster_instance", Nums({"data_storage_gb", "monthly_io_requests", "monthly_cpu_credit_hrs"})},
      {"aws_docdb_cluster", backup},
      {"aws_docdb_cluster_snapshot", backup},
      {"aws_neptune_cluster", Nums({"storage_gb", "monthly_io_requests", "backup_storage_gb"})},
      {"aws_neptune_cluster_instance", Nums({"monthly_cpu_credit_hrs"})},
      {"aws_neptune_cluster_snapshot", backup},
      {"aws_dynamodb_table",
       Nums({"monthly_write_request_units", "monthly_read_request_units", "storage_gb", "pitr_backup_storage_gb",
             "on_demand_backup_storage_gb", "monthly_data_restored_gb", "monthly_streams_read_request_units"})},
      // Read by the DynamoDB and ElastiCache pricers for the capacity a target sets (ScalableCapacity).
      {"aws_appautoscaling_target", Nums({"capacity"})},
      {"aws_elasticache_cluster", Join({cache_nodes, cache_legacy_payments, Nums({"snapshot_storage_size_gb"})})},
      {"aws_elasticache_replication_group",
       Join({cache_nodes, cache_legacy_payments, {Unpriced(Num("snapshot_storage_size_gb"))}})},
      {"aws_opensearch_domain", none},
      {"aws_elasticsearch_domain", none},
      // management_pricers.cc
      {"aws_kms_key", Nums({"monthly_requests", "monthly_ecc_requests", "monthly_rsa_requests"})},
      {"aws_kms_external_key", none},
      {"aws_secretsmanager_secret", Nums({"monthly_requests"})},
      {"aws_ssm_parameter", Join({Nums({"parameter_storage_hrs", "monthly_api_interactions"}),
                                  {Str("api_throughput_limit", {"standard", "advanced", "higher"})}})},
      {"aws_config_configuration_recorder", Nums({"monthly_config_items", "monthly_custom_config_items"})},
      {"aws_config_config_rule", config_rule},
      {"aws_config_organization_custom_rule", config_rule},
      {"aws_config_organization_managed_rule", config_rule},
      {"aws_cloudformation_stack", stack},
      {"aws_cloudformation_stack_set", stack},
      {"aws_acm_certificate", none},
      {"aws_acmpca_certificate_authority", Nums({"monthly_requests"})},
      {"aws_directory_service_directory", Nums({"additional_domain_controllers", "shared_accounts"})},
      {"aws_wafv2_web_acl", Nums({"rule_group_rules", "managed_rule_group_rules", "monthly_requests"})},
      {"aws_glue_catalog_database", Nums({"monthly_objects", "monthly_requests"})},
      {"aws_mq_broker", Nums({"storage_size_gb"})},
      {"aws_cloudhsm_v2_hsm", Nums({"monthly_hrs"})},
      // network_pricers.cc
      {"aws_nat_gateway", data_processed},
      {"aws_lb", lb},
      {"aws_alb", lb},
      {"aws_elb", data_processed},
      {"aws_vpc_endpoint", data_processed},
      {"aws_eip", none},
      {"aws_vpn_connection", data_processed},
      {"aws_ec2_transit_gateway_vpc_attachment", data_processed},
      {"aws_ec2_transit_gateway_peering_attachment", none},
      {"aws_ec2_client_vpn_network_association", none},
      {"aws_ec2_client_vpn_endpoint", Nums({"monthly_connection_hours"})},
      {"aws_dx_connection",
       {Str("dx_connection_type", {"dedicated", "hosted"}),
        NumMap("monthly_outbound_from_region_to_dx_connection_location"),
        Num("monthly_outbound_region_to_dx_location_gb"),
        Unpriced(Str("dx_virtual_interface_type", {"private", "public"}))}},
      {"aws_networkfirewall_firewall", data_processed},
      {"aws_globalaccelerator_accelerator", none},
      {"aws_globalaccelerator_endpoint_group",
       {Obj("monthly_inbound_data_transfer_gb", AcceleratorDestinations()),
        Obj("monthly_outbound_data_transfer_gb", AcceleratorDestinations())}},
      {"aws_route53_zone", none},
      {"aws_route53_record",
       Nums({"monthly_standard_queries", "monthly_latency_based_queries", "monthly_geo_queries"})},
      {"aws_route53_health_check", {Str("endpoint_type", {"aws", "non_aws"})}},
      {"aws_route53_resolver_endpoint", Nums({"monthly_queries"})},
      // operations_pricers.cc
      {"aws_cloudtrail",
       Nums({"monthly_additional_management_events", "monthly_data_events", "monthly_insight_events"})},
      {"aws_cloudfront_function", Nums({"monthly_requests"})},
      {"aws_s3_bucket_analytics_configuration", Nums({"monthly_monitored_objects"})},
      {"aws_s3_bucket_inventory", Nums({"monthly_listed_objects"})},
      {"aws_ec2_traffic_mirror_session", none},
      {"aws_dx_gateway_association", data_processed},
      {"aws_transfer_server", Nums({"monthly_data_downloaded_gb", "monthly_data_uploaded_gb"})},
      {"aws_ssm_activation", Join({{Str("instance_tier", {"standard", "advanced"})}, Nums({"instances"})})},
      {"aws_glue_crawler", Nums({"monthly_hours"})},
      {"aws_glue_job", Nums({"monthly_hours"})},
      {"aws_grafana_workspace", Nums({"editors_administrator_licenses", "viewer_licenses"})},
      {"aws_waf_web_acl", Nums({"rule_group_rules", "monthly_requests"})},
      {"aws_codebuild_project", Nums({"monthly_build_mins"})},
      {"aws_dms_replication_instance", none},
      {"aws_mwaa_environment", Nums({"additional_workers", "additional_schedulers", "meta_database_gb"})},
      {"aws_redshift_cluster", Nums({"managed_storage_gb", "excess_concurrency_scaling_secs",
                                     "spectrum_data_scanned_tb", "backup_storage_gb"})},
      {"aws_backup_vault",
       Nums({"monthly_efs_warm_backup_gb", "monthly_efs_cold_backup_gb", "monthly_efs_warm_restore_gb",
             "monthly_efs_cold_restore_gb", "monthly_efs_item_restore_requests", "monthly_ebs_snapshot_gb",
             "monthly_rds_snapshot_gb", "monthly_dynamodb_backup_gb", "monthly_dynamodb_restore_gb",
             "monthly_aurora_snapshot_gb", "monthly_fsx_windows_backup_gb", "monthly_fsx_lustre_backup_gb"})},
      {"aws_fsx_windows_file_system", backup},
      {"aws_fsx_openzfs_file_system", Nums({"compression_savings_percent", "backup_storage_gb"})},
      // storage_pricers.cc
      {"aws_s3_bucket", S3Usage()},
      {"aws_efs_file_system", Nums({"storage_gb", "infrequent_access_storage_gb", "monthly_infrequent_access_read_gb",
                                    "monthly_infrequent_access_write_gb"})},
      {"aws_ecr_repository", Nums({"storage_gb"})},
      // serverless_pricers.cc
      {"aws_lambda_function", lambda},
      {"aws_lambda_provisioned_concurrency_config", Join({lambda, Nums({"monthly_duration_hrs"})})},
      {"aws_sfn_state_machine", Nums({"monthly_transitions", "monthly_requests", "workflow_duration_ms", "memory_mb"})},
      {"aws_sqs_queue", Nums({"monthly_requests", "request_size_kb"})},
      {"aws_sns_topic", Nums({"monthly_requests", "request_size_kb", "http_subscriptions", "email_subscriptions",
                              "kinesis_subscriptions", "mobile_push_subscriptions", "macos_subscriptions",
                              "sms_notification_price", "sms_subscriptions"})},
      {"aws_sns_topic_subscription", Nums({"monthly_requests", "request_size_kb"})},
      {"aws_api_gateway_rest_api", Nums({"monthly_requests"})},
      {"aws_apigatewayv2_api",
       Nums({"monthly_messages", "message_size_kb", "monthly_connection_mins", "monthly_requests", "request_size_kb"})},
      {"aws_api_gateway_stage", none},
      {"aws_kinesis_stream",
       Nums({"monthly_on_demand_data_in_gb", "monthly_on_demand_data_out_gb", "monthly_on_demand_efo_data_out_gb",
             "monthly_on_demand_extended_retention_gb", "monthly_on_demand_long_term_retention_gb",
             "monthly_provisioned_put_units", "monthly_provisioned_extended_retention_gb",
             "monthly_provisioned_long_term_retention_gb", "monthly_provisioned_long_term_retrieval_gb",
             "monthly_provisioned_efo_data_out_gb", "monthly_provisioned_efo_consumer_hours"})},
      {"aws_kinesis_firehose_delivery_stream", Nums({"monthly_data_ingested_gb"})},
      {"aws_kinesis_analytics_application", kinesis_analytics},
      {"aws_kinesisanalyticsv2_application", kinesis_analytics},
      {"aws_kinesisanalyticsv2_application_snapshot", Nums({"durable_application_backup_gb"})},
      {"aws_cloudwatch_log_group", Nums({"monthly_data_ingested_gb", "storage_gb", "monthly_data_scanned_gb"})},
      {"aws_cloudwatch_metric_alarm", none},
      {"aws_cloudwatch_dashboard", none},
      {"aws_cloudwatch_event_bus",
       Nums({"monthly_custom_events", "monthly_third_party_events", "monthly_archive_processing_gb",
             "archive_storage_gb", "monthly_schema_discovery_events"})},
      {"aws_msk_cluster", none},
  };
}

const std::map<std::string, UsageSchema, std::less<>>& Table() {
  static const auto* table = new std::map<std::string, UsageSchema, std::less<>>(BuildTable());
  return *table;
}

}  // namespace

const UsageSchema* UsageSchemaOf(const std::string& type) {
  auto it = Table().find(type);
  return it == Table().end() ? nullptr : &it->second;
}

std::vector<std::string> UsageSchemaTypes() {
  std::vector<std::string> out;
  for (const auto& [type, schema] : Table()) out.push_back(type);
  return out;
}

std::string DescribeUsageValue(const UsageKey& key) {
  auto list = [](const auto& items, auto name_of) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + std::string(name_of(i));
    return out;
  };
  switch (key.value) {
    case UsageValue::kNumber:
      return "a number";
    case UsageValue::kString:
      return key.allowed.empty() ? "text" : "one of: " + list(key.allowed, [](std::string_view s) { return s; });
    case UsageValue::kObject:
      return "a map of: " + list(key.fields, [](const UsageKey& k) { return k.name; });
    case UsageValue::kNumberMap:
      return "a map of names to numbers";
  }
  return "";
}

}  // namespace faber::reconciler::cost
