locals {
  a = "${a}%{endif}"
}
