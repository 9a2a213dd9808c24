terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}
provider "aws" {
  region = "eu-west-1"
  default_tags { tags = { Team = "infra" } }
}
resource "aws_security_group" "web" {
  count = 2
  name  = "web-${count.index}"
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port   = port.value
      to_port     = port.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
  lifecycle { prevent_destroy = true }
}
module "vpc" {
  source   = "./modules/vpc"
  for_each = toset(["a", "b"])
  name     = each.key
}
/* block comment */ // line comment
# hash comment
