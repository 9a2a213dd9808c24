locals {
  multi = a +
    b
}
