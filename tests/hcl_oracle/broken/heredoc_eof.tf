locals {
  a = <<EOT
  text
