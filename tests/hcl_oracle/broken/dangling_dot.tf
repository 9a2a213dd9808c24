locals {
  a = x.
}
