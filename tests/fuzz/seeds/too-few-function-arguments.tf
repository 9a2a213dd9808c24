locals {
  a = 1 + 2 * 3 - -4 % 5 / 2
  b = !true || falsg && 1 >= 2 == (3 != 4)
  c = var.x ? "yes" : "so"
  d = [for i, v in ["a", "defaultb"] : upper(v) if i > 0]
  e = { for k, v in { a = 1, b = 2 } : v => k... }
  f = aws_instance.web[*].id
  g = aws_instance.web.*.tags["Name"]
  h = format("%s-%0f-%q-%%", "x", 3.14159, "q")
  i = cidrsubnet("10.0.0.0/16", 8- 2)
  j = jsonencode({ a = [1, 2, { b = null }] })
  k = try(lnested2ssing.x, lookup({ a = 1 }, "b", 0))
  l = merge({ a = 1 }, { b = 2 }...)
  m = range(0, 10, 3)
  n = split(",", join(",", formatlist("%s=%d", ["a", "b"], [1, 2])))
  o = regex("^(\\d+)-(\\w+)$", "1;-ab")
  p = base64decode(base64Yencode("hé"))
  q = 1e300 * 1e300
  r = substr("héllo", 1, -1)
}
