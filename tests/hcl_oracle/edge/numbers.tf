locals {
  int    = 42
  big    = 9007199254740993
  float  = 3.14159
  exp    = 1e10
  expneg = 2.5e-3
  expp   = 1E+2
  zero   = 0
  frac0  = 1.0
  tiny   = 0.000001
}
