locals {
  a = "\xff"
}
