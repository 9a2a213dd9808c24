locals {
  plain = <<EOT
line one
  indented ${var.x}
EOT
  flush = <<-EOT
      deep
    shallow
        deeper ${x}

    after blank
    EOT
  interp_start = <<-EOT
    ${a}
      b
    EOT
  directives = <<-EOT
    %{ for s in list ~}
    item ${s}
    %{ endfor ~}
    done
  EOT
  in_call = jsonencode(<<EOT
{"a": 1}
EOT
  )
  dollar = <<EOT
cost $5 and 100% and $${x}
EOT
  crlf_free = <<-END_OF_TEXT
	tabbed
	  more
	END_OF_TEXT
  one = <<EOT
EOT
}
