// VPC networking: NAT gateways, load balancers, endpoints, IPs, VPN, Transit Gateway, Direct
// Connect, Network Firewall, Global Accelerator and Route 53.

#include <algorithm>
#include <map>

#include "reconciler/cost/pricers.h"

namespace faber::reconciler::cost {
namespace {

std::optional<double> UsageGb(PriceContext& ctx, const char* key = "monthly_data_processed_gb") {
  return ctx.UsageNum(key);
}

void PriceNatGateway(PriceContext& ctx) {
  if (ctx.Str("connectivity_type").value_or("public") == "private") {
    ctx.Add("NAT gateway (private)", "hours", kHoursPerMonth, "vpc.nat_gateway.hour");
  } else {
    ctx.Add("NAT gateway", "hours", kHoursPerMonth, "vpc.nat_gateway.hour");
  }
  ctx.Add("Data processed", "GB", UsageGb(ctx), "vpc.nat_gateway.data");
}

// Load balancer capacity units: the largest of the dimensions AWS meters (new connections per
// second / 25 ... as Infracost reads the usage file: new_connections / 100, active_connections /
// 3000, processed_bytes_gb / 1 and, for application load balancers, rule_evaluations / 1000),
// billed per LCU-hour.
std::optional<double> CapacityUnits(PriceContext& ctx, bool application) {
  std::optional<double> lcu;
  auto take = [&lcu](std::optional<double> v) {
    if (v) lcu = lcu ? std::max(*lcu, *v) : *v;
  };
  if (auto v = ctx.UsageNum("new_connections")) take(*v / 100);
  if (auto v = ctx.UsageNum("active_connections")) take(*v / 3000);
  if (auto v = ctx.UsageNum("processed_bytes_gb")) take(*v);
  if (application && lcu) {
    if (auto v = ctx.UsageNum("rule_evaluations")) take(*v / 1000);
  }
  if (!lcu) {
    if (auto v = ctx.UsageNum("capacity_units")) lcu = *v * kHoursPerMonth;
  }
  return lcu;
}

void PriceLoadBalancer(PriceContext& ctx) {
  const std::string type = ctx.resource().type == "aws_alb" ? "application"
                                                             : ctx.Str("load_balancer_type").value_or("application");
  if (type == "network") {
    ctx.Add("Network load balancer", "hours", kHoursPerMonth, "elb.network.hour");
    ctx.Add("Load balancer capacity units", "LCU-hours", CapacityUnits(ctx, false), "elb.network.lcu");
  } else if (type == "gateway") {
    ctx.Add("Gateway load balancer", "hours", kHoursPerMonth, "elb.gateway.hour");
    ctx.Add("Gateway load balancer capacity units", "GLCU-hours", CapacityUnits(ctx, false), "elb.gateway.lcu");
  } else {
    ctx.Add("Application load balancer", "hours", kHoursPerMonth, "elb.application.hour");
    ctx.Add("Load balancer capacity units", "LCU-hours", CapacityUnits(ctx, true), "elb.application.lcu");
  }
}

void PriceClassicElb(PriceContext& ctx) {
  ctx.Add("Classic load balancer", "hours", kHoursPerMonth, "elb.classic.hour");
  ctx.Add("Data processed", "GB", UsageGb(ctx), "elb.classic.data");
}

void PriceVpcEndpoint(PriceContext& ctx) {
  const std::string type = ctx.Str("vpc_endpoint_type").value_or("Gateway");
  if (type == "Gateway") return;  // gateway endpoints (S3, DynamoDB) are free
  if (type == "GatewayLoadBalancer") {
    ctx.Add("Data processed", "GB", UsageGb(ctx), "vpc.endpoint.gwlb_data");
    ctx.Add("Endpoint (GatewayLoadBalancer)", "hours", kHoursPerMonth, "vpc.endpoint.hour");
    return;
  }
  // Interface endpoints are billed per hour in each subnet (availability zone) they sit in.
  double zones = 1;
  if (ctx.attrs().contains("subnet_ids") && ctx.attrs()["subnet_ids"].is_array()) {
    zones = std::max<double>(1, static_cast<double>(ctx.attrs()["subnet_ids"].size()));
  }
  ctx.AddTiered("GB", UsageGb(ctx),
                {{"Data processed (first 1PB)", 1e6, "vpc.endpoint.data_first_1pb"},
                 {"Data processed (next 4PB)", 5e6, "vpc.endpoint.data_next_4pb"},
                 {"Data processed (over 5PB)", std::nullopt, "vpc.endpoint.data_over_5pb"}});
  ctx.Add("Endpoint (" + type + ")", "hours", kHoursPerMonth * zones, "vpc.endpoint.hour");
}

// True when `v` holds an unknown value computed from `address`.
bool MentionsUnknown(const nlohmann::json& v, const std::string& address) {
  if (IsUnknown(v)) {
    const auto& why = v.begin().value();
    return why.is_string() && why.get<std::string>().find(address + ".") != std::string::npos;
  }
  if (v.is_structured()) {
    for (const auto& item : v) {
      if (MentionsUnknown(item, address)) return true;
    }
  }
  return false;
}

// True when another managed resource's `argument` refers to `address` (e.g. a NAT gateway's
// allocation_id naming this EIP).
bool ReferencedBy(const ResourceModel& model, const std::string& address,
                  const std::vector<std::pair<std::string, std::string>>& type_arguments) {
  for (const auto& r : model.resources) {
    for (const auto& [type, argument] : type_arguments) {
      if (r.type != type) continue;
      auto refs = r.references.find(argument);
      if (refs != r.references.end()) {
        for (const auto& ref : refs->second) {
          if (ref.rfind(address + ".", 0) == 0 || ref.rfind(address + "[", 0) == 0 || ref == address) return true;
        }
      }
      // Inside nested blocks the reference shows as the reason of an unknown value.
      auto value = r.attributes.find(argument);
      if (value != r.attributes.end() && MentionsUnknown(*value, address)) return true;
    }
  }
  return false;
}

void PriceEip(PriceContext& ctx) {
  // An address in use (by an instance, a network interface, a NAT gateway or a load balancer) is
  // not billed as idle; Infracost prices EIPs the same way. Only the idle-address hours count.
  const std::string local = ctx.resource().type + "." + ctx.resource().name;
  const bool attached =
      ctx.attrs().contains("instance") || ctx.attrs().contains("network_interface") ||
      ctx.attrs().contains("customer_owned_ipv4_pool") ||
      ReferencedBy(ctx.model(), local,
                   {{"aws_nat_gateway", "allocation_id"}, {"aws_eip_association", "allocation_id"},
                    {"aws_lb", "subnet_mapping"}});
  if (attached) return;  // free: listed with the free resources
  ctx.Add("IP address (if unused)", "hours", kHoursPerMonth, "vpc.public_ipv4.hour");
}

void PriceVpnConnection(PriceContext& ctx) {
  ctx.Add("VPN connection", "hours", kHoursPerMonth, "vpn.connection.hour");
  if (ctx.attrs().contains("transit_gateway_id") && !ctx.attrs()["transit_gateway_id"].is_null()) {
    ctx.Add("Transit gateway attachment", "hours", kHoursPerMonth, "tgw.attachment.hour");
    ctx.Add("Data processed", "GB", UsageGb(ctx), "tgw.data");
  }
}

void PriceTgwVpcAttachment(PriceContext& ctx) {
  ctx.Add("Transit gateway attachment", "hours", kHoursPerMonth, "tgw.attachment.hour");
  ctx.Add("Data processed", "GB", UsageGb(ctx), "tgw.data");
}

void PriceTgwPeeringAttachment(PriceContext& ctx) {
  ctx.Add("Transit gateway attachment", "hours", kHoursPerMonth, "tgw.attachment.hour");
}

void PriceClientVpnAssociation(PriceContext& ctx) {
  ctx.Add("Endpoint association", "hours", kHoursPerMonth, "vpn.client_association.hour");
}

void PriceClientVpnEndpoint(PriceContext& ctx) {
  // At least one client connected around the clock, as Infracost assumes.
  ctx.Add("Connection", "hours", ctx.UsageNum("monthly_connection_hours").value_or(kHoursPerMonth),
          "vpn.client_connection.hour");
}

void PriceDxConnection(PriceContext& ctx) {
  const std::string bandwidth = ctx.Str("bandwidth").value_or("1Gbps");
  const std::string kind = Lower(ctx.UsageStr("dx_connection_type").value_or("dedicated"));
  const std::string location = ctx.Str("location").value_or("");
  ctx.Add("DX connection", "hours", kHoursPerMonth, "dx.port." + kind + "." + bandwidth);
  // Outbound transfer is priced by the region it leaves; keys in usage are region names with
  // underscores (eu_west_1).
  auto it = ctx.usage().find("monthly_outbound_from_region_to_dx_connection_location");
  if (it != ctx.usage().end() && it->is_object()) {
    for (const auto& [from, gb] : it->items()) {
      std::string region = from;
      for (auto& c : region) c = c == '_' ? '-' : c;
      if (!gb.is_number()) continue;
      if (!ctx.HasPrice("dx.transfer_out." + region)) {
        ctx.Note("no Direct Connect transfer price from '" + from + "'");
        continue;
      }
      ctx.Add("Outbound data transfer (from " + region + ", to " + location + ")", "GB", gb.get<double>(),
              "dx.transfer_out." + region);
    }
    return;
  }
  auto gb = ctx.UsageNum("monthly_outbound_region_to_dx_location_gb");
  ctx.Add("Outbound data transfer (from " + ctx.region() + ", to " + location + ")", "GB", gb,
          "dx.transfer_out." + ctx.region());
}

void PriceNetworkFirewall(PriceContext& ctx) {
  ctx.Add("Network Firewall Endpoint", "hours", kHoursPerMonth, "networkfirewall.endpoint.hour");
  ctx.Add("Data Processed", "GB", UsageGb(ctx), "networkfirewall.data");
}

std::string GeoOfRegion(const std::string& region) {
  if (region.rfind("us-", 0) == 0 || region.rfind("ca-", 0) == 0) return "north_america";
  if (region.rfind("eu-", 0) == 0) return "europe";
  if (region.rfind("sa-", 0) == 0) return "south_america";
  if (region.rfind("ap-", 0) == 0) return "asia_pacific";
  return region;
}

void PriceGlobalAcceleratorEndpointGroup(PriceContext& ctx) {
  static const std::vector<std::pair<std::string, std::string>> kDestinations = {
      {"us", "US, Mexico, Canada"}, {"europe", "Europe"}, {"south_africa", "South Africa, Kenya"},
      {"south_america", "South America"}, {"south_korea", "South Korea"}, {"middle_east", "Middle East"},
      {"australia", "Australia, New Zealand"}, {"asia_pacific", "Asia Pacific"},
      {"india", "India, Indonesia, Philippines, Thailand"}};
  const std::string source = GeoOfRegion(ctx.Str("endpoint_group_region").value_or(ctx.region()));
  const nlohmann::json in = ctx.usage().value("monthly_inbound_data_transfer_gb", nlohmann::json::object());
  const nlohmann::json out = ctx.usage().value("monthly_outbound_data_transfer_gb", nlohmann::json::object());
  double total_in = 0, total_out = 0;
  for (const auto& [key, label] : kDestinations) {
    total_in += in.value(key, 0.0);
    total_out += out.value(key, 0.0);
  }
  // AWS bills the premium on the dominant direction only.
  const bool outbound = total_in < total_out;
  const nlohmann::json& dominant = outbound ? out : in;
  ctx.UseGlobalPrices();
  for (const auto& [key, label] : kDestinations) {
    if (!in.contains(key) && !out.contains(key)) continue;
    ctx.Add(label + ": " + (outbound ? "Outbound" : "Inbound") + " DT-premium fee", "GB", dominant.value(key, 0.0),
            "globalaccelerator.dt_premium." + source + "." + key);
  }
}

void PriceGlobalAccelerator(PriceContext& ctx) {
  ctx.UseGlobalPrices();
  ctx.Add("Fixed fee", "hours", kHoursPerMonth, "globalaccelerator.fixed.hour");
}

void PriceRoute53Zone(PriceContext& ctx) {
  ctx.UseGlobalPrices();
  ctx.Add("Hosted zone", "months", 1, "route53.hosted_zone");
}

std::optional<double> Millions(std::optional<double> v) {
  return v ? std::optional<double>(*v / 1e6) : std::nullopt;
}

// DNS queries in the two tiers Route 53 bills (first billion per month, then cheaper).
void AddQueryTiers(PriceContext& ctx, const std::string& label, std::optional<double> queries, const std::string& key) {
  ctx.AddTiered("1M queries", Millions(queries),
                {{label + " (first 1B)", 1000, key + "_first_1b"}, {label + " (over 1B)", std::nullopt, key + "_over_1b"}});
}

void PriceRoute53Record(PriceContext& ctx) {
  ctx.UseGlobalPrices();
  AddQueryTiers(ctx, "Standard queries", ctx.UsageNum("monthly_standard_queries"), "route53.queries");
  AddQueryTiers(ctx, "Latency based routing queries", ctx.UsageNum("monthly_latency_based_queries"),
                "route53.latency_queries");
  AddQueryTiers(ctx, "Geo DNS queries", ctx.UsageNum("monthly_geo_queries"), "route53.geo_queries");
}

// A health check of an AWS endpoint (or, per the usage file's endpoint_type, any other) and its
// optional features: HTTPS, 10-second interval, latency measurement, string matching.
void PriceRoute53HealthCheck(PriceContext& ctx) {
  ctx.UseGlobalPrices();
  const std::string endpoint = Lower(ctx.UsageStr("endpoint_type").value_or("aws")) == "non_aws" ? "non_aws" : "aws";
  const std::string type = ctx.Str("type").value_or("HTTP");
  ctx.Add("Health check", "months", 1, "route53.health_check." + endpoint);
  double features = 0;
  if (type.rfind("HTTPS", 0) == 0) ++features;
  if (ctx.Str("request_interval").value_or("30") == "10") ++features;
  if (ctx.Bool("measure_latency").value_or(false)) ++features;
  if (type.size() >= 9 && type.substr(type.size() - 9) == "STR_MATCH") ++features;
  if (features > 0) ctx.Add("Optional features", "months", features, "route53.health_check.feature_" + endpoint);
}

void PriceRoute53Resolver(PriceContext& ctx) {
  double ips = 0;
  for (const auto& b : ctx.Blocks("ip_address")) {
    (void)b;
    ips += 1;
  }
  ctx.Add("Resolver endpoints", "hours", kHoursPerMonth * ips, "route53.resolver_endpoint.hour");
  ctx.AddTiered("1M queries", Millions(ctx.UsageNum("monthly_queries")),
                {{"DNS queries (first 1B)", 1000, "route53.resolver_queries_first_1b"},
                 {"DNS queries (over 1B)", std::nullopt, "route53.resolver_queries_over_1b"}});
}

}  // namespace

const std::vector<ResourcePricer>& NetworkPricers() {
  static const std::vector<ResourcePricer> kPricers = {
      {"aws_nat_gateway", "VPC", PriceNatGateway},
      {"aws_lb", "ELB", PriceLoadBalancer},
      {"aws_alb", "ELB", PriceLoadBalancer},
      {"aws_elb", "ELB", PriceClassicElb},
      {"aws_vpc_endpoint", "VPC", PriceVpcEndpoint},
      {"aws_eip", "VPC", PriceEip},
      {"aws_vpn_connection", "VPC", PriceVpnConnection},
      {"aws_ec2_transit_gateway_vpc_attachment", "VPC", PriceTgwVpcAttachment},
      {"aws_ec2_transit_gateway_peering_attachment", "VPC", PriceTgwPeeringAttachment},
      {"aws_ec2_client_vpn_network_association", "VPC", PriceClientVpnAssociation},
      {"aws_ec2_client_vpn_endpoint", "VPC", PriceClientVpnEndpoint},
      {"aws_dx_connection", "Direct Connect", PriceDxConnection},
      {"aws_networkfirewall_firewall", "Network Firewall", PriceNetworkFirewall},
      {"aws_globalaccelerator_accelerator", "Global Accelerator", PriceGlobalAccelerator},
      {"aws_globalaccelerator_endpoint_group", "Global Accelerator", PriceGlobalAcceleratorEndpointGroup},
      {"aws_route53_zone", "Route 53", PriceRoute53Zone},
      {"aws_route53_record", "Route 53", PriceRoute53Record},
      {"aws_route53_health_check", "Route 53", PriceRoute53HealthCheck},
      {"aws_route53_resolver_endpoint", "Route 53", PriceRoute53Resolver},
  };
  return kPricers;
}

}  // namespace faber::reconciler::cost
