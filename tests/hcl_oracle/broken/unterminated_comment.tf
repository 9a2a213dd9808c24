module "m" {
  source = "./x"
  /* unterminated comment
}
