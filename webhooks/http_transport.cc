#include "webhooks/http_transport.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

namespace faber::webhooks {

common::Result<std::shared_ptr<TlsContext>> TlsContext::Load(const std::string& cert_file,
                                                             const std::string& key_file) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return common::Internal("tls: cannot create a TLS context");
  std::shared_ptr<TlsContext> owned(new TlsContext(ctx));
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  // Renegotiation by the client is a known way to make a server spend CPU for free.
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    ERR_clear_error();
    return common::InvalidInput("tls: cannot load the certificate chain " + cert_file);
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    ERR_clear_error();
    return common::InvalidInput("tls: cannot load the private key " + key_file);
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return common::InvalidInput("tls: the private key " + key_file + " does not match " + cert_file);
  }
  return owned;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

Transport::Transport(int fd, const std::shared_ptr<TlsContext>& tls) : fd_(fd) {
  if (tls) {
    ssl_ = SSL_new(tls->get());
    if (ssl_ != nullptr) {
      SSL_set_fd(ssl_, fd_);
      SSL_set_accept_state(ssl_);
    } else {
      close(fd_);  // out of memory: every later read and write fails and the connection is dropped
      fd_ = -1;
    }
  }
}

Transport::~Transport() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (fd_ >= 0) close(fd_);
}

IoResult Transport::TlsResult(int ret) {
  if (ret > 0) return {IoStatus::kDone, static_cast<size_t>(ret)};
  int error = SSL_get_error(ssl_, ret);
  ERR_clear_error();  // the error queue is per thread: a stale entry would poison the next call
  switch (error) {
    case SSL_ERROR_WANT_READ:
      wants_read_ = true;
      return {IoStatus::kWouldBlock, 0};
    case SSL_ERROR_WANT_WRITE:
      wants_write_ = true;
      return {IoStatus::kWouldBlock, 0};
    case SSL_ERROR_ZERO_RETURN:
      return {IoStatus::kClosed, 0};
    default:
      return {IoStatus::kFailed, 0};
  }
}

IoResult Transport::Read(char* buffer, size_t size) {
  wants_read_ = wants_write_ = false;
  if (ssl_ != nullptr) return TlsResult(SSL_read(ssl_, buffer, static_cast<int>(std::min<size_t>(size, 1 << 30))));
  if (fd_ < 0) return {IoStatus::kFailed, 0};
  ssize_t n = recv(fd_, buffer, size, 0);
  if (n > 0) return {IoStatus::kDone, static_cast<size_t>(n)};
  if (n == 0) return {IoStatus::kClosed, 0};
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
    wants_read_ = true;
    return {IoStatus::kWouldBlock, 0};
  }
  return {IoStatus::kFailed, 0};
}

IoResult Transport::Write(const char* data, size_t size) {
  wants_read_ = wants_write_ = false;
  if (ssl_ != nullptr) return TlsResult(SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(size, 1 << 30))));
  ssize_t n = send(fd_, data, size, MSG_NOSIGNAL);
  if (n >= 0) return {IoStatus::kDone, static_cast<size_t>(n)};
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
    wants_write_ = true;
    return {IoStatus::kWouldBlock, 0};
  }
  return {IoStatus::kFailed, 0};
}

void Transport::ShutdownWrite() {
  if (ssl_ != nullptr && SSL_is_init_finished(ssl_)) {
    SSL_shutdown(ssl_);
    ERR_clear_error();
  }
  shutdown(fd_, SHUT_WR);
}

}  // namespace faber::webhooks
