locals {
  a = x ? y
}
