locals {
  prec1 = 1 + 2 * 3
  prec2 = (1 + 2) * 3
  prec3 = a || b && c == d
  prec4 = !a && -b < c
  prec5 = a ? b : c ? d : e
  prec6 = 10 % 3 - 1 / 2
  neg   = -5
  negf  = -1.5
  notb  = !false
  negv  = -var.x
  notv  = !var.flag
  neg_s = -"3"
  cmp   = a >= b != c <= d
  paren = (
    a
    + b
  )
}
