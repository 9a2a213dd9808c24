#include <iostream>

#include "common/logging.h"
#include "controller/command.h"

int main(int argc, char** argv) {
  faber::common::InitLogging(std::getenv("FABER_LOG_LEVEL") ? std::getenv("FABER_LOG_LEVEL") : "info");
  return faber::controller::RunCli(argc, argv, std::cout, std::cerr);
}
