#pragma once

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>

#include "common/status.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace faber::webhooks {

// A server certificate and key, loaded once and shared by every TLS connection.
class TlsContext {
 public:
  // Loads a PEM certificate chain and its private key; errors name the file that failed.
  static common::Result<std::shared_ptr<TlsContext>> Load(const std::string& cert_file, const std::string& key_file);
  ~TlsContext();
  SSL_CTX* get() const { return ctx_; }

 private:
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

// What a non-blocking read or write did.
enum class IoStatus {
  kDone,        // `bytes` moved
  kWouldBlock,  // try again when the socket is readable (or writable, see wants_write)
  kClosed,      // the peer closed the connection cleanly
  kFailed,      // a socket or TLS error: drop the connection
};

struct IoResult {
  IoStatus status = IoStatus::kDone;
  size_t bytes = 0;
};

// One accepted, non-blocking socket, plain or TLS (the handshake runs inside the first reads and
// writes). Owns the descriptor.
class Transport {
 public:
  // Takes `fd`; `tls` null for plain TCP.
  Transport(int fd, const std::shared_ptr<TlsContext>& tls);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Reads at most `size` bytes into `buffer`.
  IoResult Read(char* buffer, size_t size);
  // Writes at most `size` bytes from `data`.
  IoResult Write(const char* data, size_t size);
  // Ends the sending side (TLS close_notify, then a TCP half-close); reading stays possible.
  void ShutdownWrite();
  // Whether the last call that would block waits for the socket to become writable (TLS may
  // need to write while reading, and the other way round).
  bool wants_write() const { return wants_write_; }
  // Whether the last call that would block waits for the socket to become readable.
  bool wants_read() const { return wants_read_; }
  int fd() const { return fd_; }

 private:
  IoResult TlsResult(int ret);

  int fd_;
  SSL* ssl_ = nullptr;
  bool wants_write_ = false;
  bool wants_read_ = false;
};

}  // namespace faber::webhooks
