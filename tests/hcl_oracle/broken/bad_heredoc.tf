locals {
  a = <<EOT
  hello
  EOF
}
