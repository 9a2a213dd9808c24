resource "aws_s3_bucket" "b" {
  bucket = "name"
  tags = { Env = "dev" }
  lifecycle { ignore_changes = [tags] }
  versioning {
    enabled = true
  }
  dynamic "rule" {
    for_each = var.rules
    content {
      id = rule.value.id
    }
  }
}

resource "aws_s3_bucket" "c" {
}
resource aws_instance bare_labels {
  ami = "x" # trailing comment
  // another
  /* block
     comment */ count = 2
}
locals {
  a = 1
}
locals {
  b = 2
}
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}
module "m" { source = "./m" }
empty {}
