locals {
  tuple  = [1, "two", true, null, [3], { k = "v" }]
  trail  = [
    1,
    2,
  ]
  obj    = {
    a = 1
    "b" = 2
    c : 3
    d = 4, e = 5
    (var.k) = 6
    "${var.p}-x" = 7
    7 = "seven"
    a.b = 8
    true = 9
    null = 10
  }
  empty_o = {}
  empty_t = []
  forl   = [for x in xs : upper(x) if x != ""]
  form   = { for k, v in m : k => v... }
  form2  = {for s in list : s.id => s if s.enabled}
  splat1 = aws_instance.web[*].id
  splat2 = aws_instance.web.*.id
  splat3 = var.list[*].a.b[0]
  idx    = var.map["key"]
  idx2   = var.list[0][1]
  idx3   = var.m[var.k]
  legacy = var.list.0.name
  call   = merge(var.a, { b = 1 }, [for x in y : x]...)
  nscall = provider::aws::arn_parse("x")
  nested = f(g(h(1)))
  cond_o = var.x ? { a = 1 } : {}
}
