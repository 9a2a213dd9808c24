variable "x" {
  default = [for a in b : a => a]
}
