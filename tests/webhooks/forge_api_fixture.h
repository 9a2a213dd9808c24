#pragma once

// A fake forge and what its API clients need around it: an HTTP client, a fake clock for the
// waits between retries, and the redactor their notifiers send through.

#include <gtest/gtest.h>

#include <memory>

#include "common/http_client.h"
#include "common/redactor.h"
#include "tests/fakes/fake_clock.h"
#include "tests/webhooks/fake_forge_server.h"
#include "webhooks/forge_notifier.h"

namespace faber::webhooks {

class ForgeApiFixture : public ::testing::Test {
 protected:
  // A notifier over `api`, redacting with redactor_.
  std::unique_ptr<ForgeNotifier> Notifier(std::unique_ptr<ForgeApi> api) {
    return std::make_unique<ForgeNotifier>(std::move(api), redactor_);
  }
  testing::FakeForgeServer server_;
  common::HttplibClient http_;
  testing::FakeClock clock_;
  common::Redactor redactor_;
};

}  // namespace faber::webhooks
