locals {
  t1 = "a ${var.x} b %{if var.y}yes%{else}no%{endif} c %{for k, v in var.m~} ${k}=${v} %{~endfor}"
  t2 = "nested ${"inner ${upper("x")}"} $${literal} %%{literal}"
  t3 = <<EOT
plain ${var.x}
  %{for s in var.list}
  - ${s}
  %{endfor}
EOT
  t4 = <<-EOT
      indented
        more
      ${var.x}
    EOT
  t5 = "\u00e9\t\"\\\n\U0001F600"
}
