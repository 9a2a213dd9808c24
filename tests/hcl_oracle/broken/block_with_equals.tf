resource "a" "b" "c" = {
}
