// Lambda, Step Functions, SQS, SNS, API Gateway, Kinesis and CloudWatch.

#include <cmath>

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

std::optional<double> Scaled(std::optional<double> v, double divisor) {
  return v ? std::optional<double>(*v / divisor) : std::nullopt;
}

std::string Arch(PriceContext& ctx) {
  std::string arch = Lower(ctx.UsageStr("architecture").value_or(""));
  if (arch.empty() && ctx.attrs().contains("architectures") && ctx.attrs()["architectures"].is_array() &&
      !ctx.attrs()["architectures"].empty() && ctx.attrs()["architectures"][0].is_string()) {
    arch = ctx.attrs()["architectures"][0].get<std::string>();
  }
  return arch == "arm64" ? "arm64" : "x86_64";
}

void PriceLambdaFunction(PriceContext& ctx) {
  const std::string arch = Arch(ctx);
  const double memory_gb = ctx.UsageNum("memory_mb").value_or(ctx.Num("memory_size").value_or(128)) / 1024;
  auto requests = ctx.UsageNum("monthly_requests");
  auto duration_ms = ctx.UsageNum("request_duration_ms");
  ctx.Add("Requests", "1M requests", Scaled(requests, 1e6), "lambda.requests");
  std::optional<double> gb_seconds;
  if (requests && duration_ms) gb_seconds = *requests * std::ceil(*duration_ms) / 1000 * memory_gb;
  ctx.AddTiered("GB-seconds", gb_seconds,
                {{"Duration (first 6B)", 6e9, "lambda.duration." + arch + ".tier1"},
                 {"Duration (next 9B)", 15e9, "lambda.duration." + arch + ".tier2"},
                 {"Duration (over 15B)", std::nullopt, "lambda.duration." + arch + ".tier3"}});
  auto storage_mb = ctx.Num("ephemeral_storage_size");
  for (const auto& es : ctx.Blocks("ephemeral_storage")) storage_mb = ctx.Num("size", &es);
  if (storage_mb && *storage_mb > 512 && gb_seconds) {
    ctx.Add("Ephemeral storage", "GB-seconds", *gb_seconds / memory_gb * (*storage_mb - 512) / 1024,
            "lambda.ephemeral_storage");
  }
}

void PriceLambdaProvisionedConcurrency(PriceContext& ctx) {
  const std::string arch = Arch(ctx);
  const double memory_gb = ctx.UsageNum("memory_mb").value_or(128) / 1024;
  const double concurrency = ctx.Num("provisioned_concurrent_executions").value_or(0);
  auto requests = ctx.UsageNum("monthly_requests");
  auto duration_ms = ctx.UsageNum("request_duration_ms");
  auto hours = ctx.UsageNum("monthly_duration_hrs");
  ctx.Add("Requests", "1M requests", Scaled(requests, 1e6), "lambda.requests");
  std::optional<double> pc;
  if (hours) pc = concurrency * memory_gb * *hours * 3600;
  ctx.Add("Provisioned Concurrency", "GB-seconds", pc, "lambda.provisioned_concurrency." + arch);
  std::optional<double> gbs;
  if (requests && duration_ms) gbs = *requests * *duration_ms / 1000 * memory_gb;
  ctx.Add("Duration", "GB-seconds", gbs, "lambda.provisioned_duration." + arch);
}

void PriceSfn(PriceContext& ctx) {
  if (ctx.Str("type").value_or("STANDARD") == "STANDARD") {
    ctx.Add("Transitions", "1K transitions", Scaled(ctx.UsageNum("monthly_transitions"), 1000), "sfn.transitions");
    return;
  }
  auto requests = ctx.UsageNum("monthly_requests");
  ctx.Add("Requests", "1M requests", Scaled(requests, 1e6), "sfn.express_requests");
  std::optional<double> gb_hours;
  auto duration = ctx.UsageNum("workflow_duration_ms");
  auto memory = ctx.UsageNum("memory_mb");
  if (requests && duration && memory) {
    // Express workflows bill duration in 100 ms increments and memory in 64 MB blocks.
    double billed_ms = std::max(100.0, std::ceil(*duration / 100) * 100);
    double billed_mb = std::max(64.0, std::ceil(*memory / 64) * 64);
    gb_hours = *requests * billed_ms / 1000 * billed_mb / 1024 / 3600;
  }
  ctx.AddTiered("GB-hours", gb_hours,
                {{"Duration (first 1K)", 1000, "sfn.express_duration.tier1"},
                 {"Duration (next 4K)", 5000, "sfn.express_duration.tier2"},
                 {"Duration (over 5K)", std::nullopt, "sfn.express_duration.tier3"}});
}

// SQS and SNS bill each 64 KB chunk of a message as one request.
std::optional<double> Chunked(PriceContext& ctx, const char* key) {
  auto requests = ctx.UsageNum(key);
  if (!requests) return std::nullopt;
  double chunks = std::max(1.0, std::ceil(ctx.UsageNum("request_size_kb").value_or(64) / 64));
  return *requests * chunks / 1e6;
}

void PriceSqs(PriceContext& ctx) {
  const bool fifo = ctx.Bool("fifo_queue").value_or(false);
  ctx.Add("Requests", "1M requests", Chunked(ctx, "monthly_requests"), fifo ? "sqs.fifo_requests" : "sqs.requests");
}

// Notifications to `subscribers` of `requests` messages beyond `free` a month, per `per`
// notifications; unknown (depends on usage) unless the usage file gives both, zero when either is 0.
std::optional<double> Notifications(std::optional<double> subscribers, std::optional<double> requests, double free,
                                    double per) {
  if (subscribers && requests) return std::max(0.0, *subscribers * *requests - free) / per;
  if ((subscribers && *subscribers == 0) || (requests && *requests == 0)) return 0.0;
  return std::nullopt;
}

// Standard topics: API requests beyond the first million (in 64 KB chunks) and deliveries per
// protocol beyond their free tiers, with subscriber counts from the usage file. FIFO topics:
// publish requests and payload, and per subscription (aws_sns_topic_subscription resources)
// notifications and their payload.
void PriceSnsTopic(PriceContext& ctx) {
  auto monthly = ctx.UsageNum("monthly_requests");
  if (ctx.Bool("fifo_topic").value_or(false)) {
    const double size_gb = ctx.UsageNum("request_size_kb").value_or(1) / 1e6;
    double subscriptions = 0;
    const std::string self = ctx.resource().type + "." + ctx.resource().name + ".";
    for (const Resource* sub : ctx.model().OfType("aws_sns_topic_subscription")) {
      auto refs = sub->references.find("topic_arn");
      if (refs == sub->references.end()) continue;
      for (const auto& text : refs->second) subscriptions += text.rfind(self, 0) == 0 ? 1 : 0;
    }
    ctx.Add("FIFO Publish API requests", "1M requests", Scaled(monthly, 1e6), "sns.fifo_requests");
    ctx.Add("FIFO Publish API payload", "GB", monthly ? std::optional<double>(*monthly * size_gb) : std::nullopt,
            "sns.fifo_payload");
    if (subscriptions > 0) {
      ctx.Add("FIFO notifications", "1M notifications", Scaled(monthly, 1e6 / subscriptions), "sns.fifo_notifications");
      ctx.Add("FIFO notification payload", "GB",
              monthly ? std::optional<double>(*monthly * subscriptions * size_gb) : std::nullopt,
              "sns.fifo_notification_payload");
    }
    return;
  }
  std::optional<double> requests;
  if (monthly) requests = std::ceil(ctx.UsageNum("request_size_kb").value_or(64) / 64) * *monthly;
  ctx.Add("API requests (over 1M)", "1M requests",
          requests ? std::optional<double>(std::max(0.0, *requests - 1e6) / 1e6) : std::nullopt, "sns.requests");
  ctx.Add("HTTP/HTTPS notifications (over 100k)", "100k notifications",
          Notifications(ctx.UsageNum("http_subscriptions"), requests, 1e5, 1e5), "sns.notifications.http", 0.1);
  ctx.Add("Email/Email-JSON notifications (over 1k)", "100k notifications",
          Notifications(ctx.UsageNum("email_subscriptions"), requests, 1e3, 1e5), "sns.notifications.email", 0.1);
  ctx.Add("Kinesis Firehose notifications", "1M notifications",
          Notifications(ctx.UsageNum("kinesis_subscriptions"), requests, 0, 1e6), "sns.notifications.firehose");
  ctx.Add("Mobile Push notifications", "1M notifications",
          Notifications(ctx.UsageNum("mobile_push_subscriptions"), requests, 0, 1e6), "sns.notifications.mobile_push");
  ctx.Add("MacOS notifications", "1M notifications",
          Notifications(ctx.UsageNum("macos_subscriptions"), requests, 0, 1e6), "sns.notifications.mobile_push");
  // SMS prices depend on the destination country: priced only at the usage file's price.
  if (auto sms_price = ctx.UsageNum("sms_notification_price")) {
    ctx.AddPriced("SMS notifications (over 100)", "100 notifications",
                  Notifications(ctx.UsageNum("sms_subscriptions"), requests, 100, 100), *sms_price * 100,
                  "usage file sms_notification_price");
  }
}

void PriceSnsSubscription(PriceContext& ctx) {
  std::string protocol = Lower(ctx.Str("protocol").value_or("http"));
  if (protocol == "https") protocol = "http";
  if (protocol != "http" && protocol != "email" && protocol != "sms" && protocol != "firehose") return;  // SQS, Lambda: free
  ctx.Add(protocol == "http" ? "HTTP notifications" : protocol + " notifications", "1M notifications",
          Chunked(ctx, "monthly_requests"), "sns.notifications." + protocol);
}

void PriceApiGatewayRest(PriceContext& ctx) {
  ctx.AddTiered("1M requests", Scaled(ctx.UsageNum("monthly_requests"), 1e6),
                {{"Requests (first 333M)", 333, "apigateway.rest.tier1"},
                 {"Requests (next 667M)", 1000, "apigateway.rest.tier2"},
                 {"Requests (next 19B)", 20000, "apigateway.rest.tier3"},
                 {"Requests (over 20B)", std::nullopt, "apigateway.rest.tier4"}});
}

void PriceApiGatewayV2(PriceContext& ctx) {
  if (ctx.Str("protocol_type").value_or("HTTP") == "WEBSOCKET") {
    // Messages are metered in 32 KB increments, $1.00 per million for the first billion, then $0.80.
    auto messages = ctx.UsageNum("monthly_messages");
    std::optional<double> billed;
    if (messages) billed = *messages * std::max(1.0, std::ceil(ctx.UsageNum("message_size_kb").value_or(32) / 32)) / 1e6;
    ctx.AddTiered("1M messages", billed,
                  {{"Messages (first 1B)", 1000, "apigateway.websocket.messages"},
                   {"Messages (over 1B)", std::nullopt, "apigateway.websocket.messages_over_1b"}});
    ctx.Add("Connection duration", "1M minutes", Scaled(ctx.UsageNum("monthly_connection_mins"), 1e6),
            "apigateway.websocket.minutes");
    return;
  }
  auto requests = ctx.UsageNum("monthly_requests");
  // HTTP APIs meter requests in 512 KB increments.
  std::optional<double> billed;
  if (requests) billed = *requests * std::max(1.0, std::ceil(ctx.UsageNum("request_size_kb").value_or(512) / 512)) / 1e6;
  ctx.AddTiered("1M requests", billed,
                {{"Requests (first 300M)", 300, "apigateway.http.tier1"},
                 {"Requests (over 300M)", std::nullopt, "apigateway.http.tier2"}});
}

void PriceApiGatewayStage(PriceContext& ctx) {
  if (!ctx.Bool("cache_cluster_enabled").value_or(false)) return;
  auto size = ctx.Num("cache_cluster_size");
  if (!size) return;
  std::string s = std::fmod(*size, 1.0) == 0 ? std::to_string(static_cast<int>(*size)) : ctx.Str("cache_cluster_size").value_or("");
  ctx.Add("Cache memory (" + s + " GB)", "hours", kHoursPerMonth, "apigateway.cache." + s);
}

// Kinesis Data Streams, provisioned (shard-hours, PUT payload units) or on demand (stream-hours,
// data in and out), each with retention beyond 24 hours and enhanced fan-out priced per GB.
void PriceKinesisStream(PriceContext& ctx) {
  std::string mode = "PROVISIONED";
  for (const auto& m : ctx.Blocks("stream_mode_details")) mode = ctx.Str("stream_mode", &m).value_or(mode);
  if (mode == "ON_DEMAND") {
    ctx.Add("ON_DEMAND", "hours", kHoursPerMonth, "kinesis.on_demand.stream_hour");
    ctx.Add("Data ingested", "GB", ctx.UsageNum("monthly_on_demand_data_in_gb"), "kinesis.on_demand.data_in");
    ctx.Add("Data retrieval", "GB", ctx.UsageNum("monthly_on_demand_data_out_gb"), "kinesis.on_demand.data_out");
    ctx.Add("Enhanced Fan Out (EFO) Data retrieval", "GB", ctx.UsageNum("monthly_on_demand_efo_data_out_gb"),
            "kinesis.on_demand.efo_data_out");
    ctx.Add("Extended retention (24H to 7D)", "GB", ctx.UsageNum("monthly_on_demand_extended_retention_gb"),
            "kinesis.on_demand.extended_retention");
    ctx.Add("Long term retention (7D+)", "GB", ctx.UsageNum("monthly_on_demand_long_term_retention_gb"),
            "kinesis.long_term_retention");
    return;
  }
  const double shards = ctx.Num("shard_count").value_or(1);
  ctx.Add("PROVISIONED", "hours", shards * kHoursPerMonth, "kinesis.shard_hour");
  ctx.Add("Put request unit", "1M units", Scaled(ctx.UsageNum("monthly_provisioned_put_units"), 1e6),
          "kinesis.put_payload");
  ctx.Add("Extended retention (24H to 7D)", "GB", ctx.UsageNum("monthly_provisioned_extended_retention_gb"),
          "kinesis.extended_retention");
  ctx.Add("Long term retention (7D+)", "GB", ctx.UsageNum("monthly_provisioned_long_term_retention_gb"),
          "kinesis.long_term_retention");
  ctx.Add("Extended retention retrieval (7D+)", "GB", ctx.UsageNum("monthly_provisioned_long_term_retrieval_gb"),
          "kinesis.long_term_retrieval");
  ctx.Add("Enhanced Fan Out (EFO) Data retrieval", "GB", ctx.UsageNum("monthly_provisioned_efo_data_out_gb"),
          "kinesis.efo_data_out");
  ctx.Add("Enhanced Fan Out (EFO)", "consumer-shard hours", ctx.UsageNum("monthly_provisioned_efo_consumer_hours"),
          "kinesis.efo_consumer_shard_hour");
}

// Data ingested in volume tiers; format conversion when an enabled data_format_conversion_configuration
// converts it; VPC delivery (data and hours per subnet) for destinations inside a VPC.
void PriceFirehose(PriceContext& ctx) {
  auto gb = ctx.UsageNum("monthly_data_ingested_gb");
  ctx.AddTiered("GB", gb,
                {{"Data ingested (first 500TB)", 512000, "firehose.ingest"},
                 {"Data ingested (next 1.5PB)", 2048000, "firehose.ingest_next_1_5pb"},
                 {"Data ingested (next 3PB)", 5120000, "firehose.ingest_next_3pb"},
                 {"Data ingested (over 5PB)", std::nullopt, "firehose.ingest_over_5pb"}});
  bool conversion = false;
  for (const auto& s3 : ctx.Blocks("extended_s3_configuration")) {
    for (const auto& c : ctx.Blocks("data_format_conversion_configuration", &s3)) {
      conversion = conversion || ctx.Bool("enabled", &c).value_or(true);
    }
  }
  if (conversion) ctx.Add("Format conversion", "GB", gb, "firehose.format_conversion");
  double subnets = 0;
  for (const char* dest : {"elasticsearch_configuration", "opensearch_configuration", "amazonopensearchservice_configuration"}) {
    for (const auto& d : ctx.Blocks(dest)) {
      for (const auto& vpc : ctx.Blocks("vpc_config", &d)) {
        if (vpc.contains("subnet_ids") && vpc["subnet_ids"].is_array()) subnets += vpc["subnet_ids"].size();
      }
    }
  }
  if (subnets > 0) {
    ctx.Add("VPC data", "GB", gb, "firehose.vpc_data");
    ctx.Add("VPC AZ delivery", "hours", subnets * kHoursPerMonth, "firehose.vpc_az_hour");
  }
}

// Kinesis Data Analytics: KPU-hours for processing; Flink applications also run one KPU for
// orchestration and bill 50 GB of running storage per KPU and durable backups. SQL applications
// (and the v1 aws_kinesis_analytics_application) bill processing only.
void PriceKinesisAnalyticsV2(PriceContext& ctx) {
  auto kpus = ctx.UsageNum("kinesis_processing_units");
  ctx.Add("Processing (stream)", "KPU", kpus, "kinesisanalytics.kpu_hour", kHoursPerMonth);
  const bool flink = ctx.resource().type == "aws_kinesisanalyticsv2_application" &&
                     Lower(ctx.Str("runtime_environment").value_or("")).rfind("flink", 0) == 0;
  if (!flink) return;
  ctx.Add("Processing (orchestration)", "KPU", 1, "kinesisanalytics.kpu_hour", kHoursPerMonth);
  ctx.Add("Running storage", "GB", kpus ? std::optional<double>(*kpus * 50) : std::nullopt,
          "kinesisanalytics.running_storage");
  ctx.Add("Backup", "GB", ctx.UsageNum("durable_application_backup_gb"), "kinesisanalytics.backup");
}

void PriceKinesisAnalyticsSnapshot(PriceContext& ctx) {
  ctx.Add("Backup", "GB", ctx.UsageNum("durable_application_backup_gb"), "kinesisanalytics.backup");
}

void PriceLogGroup(PriceContext& ctx) {
  ctx.Add("Data ingested", "GB", ctx.UsageNum("monthly_data_ingested_gb"), "cloudwatch.logs_ingested");
  ctx.Add("Archival Storage", "GB", ctx.UsageNum("storage_gb"), "cloudwatch.logs_storage");
  ctx.Add("Insights queries data scanned", "GB", ctx.UsageNum("monthly_data_scanned_gb"), "cloudwatch.logs_insights");
}

// One alarm metric per metric_query that reads a metric (expressions over them are free), at the
// resolution of the first metric's period; anomaly detection bands bill three metrics each.
void PriceMetricAlarm(PriceContext& ctx) {
  double metrics = 1;
  std::optional<double> period;
  const auto queries = ctx.Blocks("metric_query");
  if (!queries.empty()) {
    metrics = 0;
    for (const auto& q : queries) {
      const auto metric = ctx.Blocks("metric", &q);
      if (metric.empty()) continue;
      ++metrics;
      if (!period) period = ctx.Num("period", &metric[0]);
    }
  } else {
    period = ctx.Num("period");
  }
  const bool high_res = period.value_or(0) < 60;
  const std::string op = ctx.Str("comparison_operator").value_or("");
  const bool anomaly = op == "LessThanLowerOrGreaterThanUpperThreshold" || op == "LessThanLowerThreshold" ||
                       op == "GreaterThanUpperThreshold";
  const std::string name = std::string(high_res ? "High resolution" : "Standard resolution") +
                           (anomaly ? " anomaly detection" : "");
  ctx.Add(name, anomaly ? "alarms" : "alarm metrics", anomaly ? metrics * 3 : metrics,
          high_res ? "cloudwatch.alarm_high_resolution" : "cloudwatch.alarm_standard");
}

void PriceDashboard(PriceContext& ctx) { ctx.Add("Dashboard", "months", 1, "cloudwatch.dashboard"); }

void PriceEventBus(PriceContext& ctx) {
  ctx.Add("Custom events published", "1M events", Scaled(ctx.UsageNum("monthly_custom_events"), 1e6),
          "eventbridge.custom_events");
  ctx.Add("Third-party events published", "1M events", Scaled(ctx.UsageNum("monthly_third_party_events"), 1e6),
          "eventbridge.third_party_events");
  ctx.Add("Archive processing", "GB", ctx.UsageNum("monthly_archive_processing_gb"), "eventbridge.archive_processing");
  ctx.Add("Archive storage", "GB", ctx.UsageNum("archive_storage_gb"), "eventbridge.archive_storage");
  ctx.Add("Schema discovery", "1M events", Scaled(ctx.UsageNum("monthly_schema_discovery_events"), 1e6),
          "eventbridge.schema_discovery");
}

void PriceMsk(PriceContext& ctx) {
  for (const auto& b : ctx.Blocks("broker_node_group_info")) {
    std::string type = ctx.Str("instance_type", &b).value_or("kafka.m5.large");
    double brokers = ctx.Num("number_of_broker_nodes").value_or(3);
    ctx.Add("Instance (" + type + ")", "hours", brokers * kHoursPerMonth, "msk.broker." + type);
    double gb = ctx.Num("ebs_volume_size", &b).value_or(1000);
    for (const auto& si : ctx.Blocks("storage_info", &b)) {
      for (const auto& ebs : ctx.Blocks("ebs_storage_info", &si)) gb = ctx.Num("volume_size", &ebs).value_or(gb);
    }
    ctx.Add("Storage", "GB", gb * brokers, "msk.storage");
  }
}

}  // namespace

const std::vector<ResourcePricer>& ServerlessPricers() {
  static const std::vector<ResourcePricer> kPricers = {
      {"aws_lambda_function", "Lambda", PriceLambdaFunction},
      {"aws_lambda_provisioned_concurrency_config", "Lambda", PriceLambdaProvisionedConcurrency},
      {"aws_sfn_state_machine", "Step Functions", PriceSfn},
      {"aws_sqs_queue", "SQS", PriceSqs},
      {"aws_sns_topic", "SNS", PriceSnsTopic},
      {"aws_sns_topic_subscription", "SNS", PriceSnsSubscription},
      {"aws_api_gateway_rest_api", "API Gateway", PriceApiGatewayRest},
      {"aws_apigatewayv2_api", "API Gateway", PriceApiGatewayV2},
      {"aws_api_gateway_stage", "API Gateway", PriceApiGatewayStage},
      {"aws_kinesis_stream", "Kinesis", PriceKinesisStream},
      {"aws_kinesis_firehose_delivery_stream", "Kinesis", PriceFirehose},
      {"aws_kinesis_analytics_application", "Kinesis", PriceKinesisAnalyticsV2},
      {"aws_kinesisanalyticsv2_application", "Kinesis", PriceKinesisAnalyticsV2},
      {"aws_kinesisanalyticsv2_application_snapshot", "Kinesis", PriceKinesisAnalyticsSnapshot},
      {"aws_cloudwatch_log_group", "CloudWatch", PriceLogGroup},
      {"aws_cloudwatch_metric_alarm", "CloudWatch", PriceMetricAlarm},
      {"aws_cloudwatch_dashboard", "CloudWatch", PriceDashboard},
      {"aws_cloudwatch_event_bus", "EventBridge", PriceEventBus},
      {"aws_msk_cluster", "MSK", PriceMsk},
  };
  return kPricers;
}

}  // namespace faber::reconciler::cost
