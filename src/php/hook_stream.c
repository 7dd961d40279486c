/* The hooked stream transports (SWOOLE_HOOK_TCP/UDP/UNIX/UDG): the engine's side of
 * them. PHP's structs (php_stream, whose flag bitfields changed in 8.4, the transport
 * parameters with their bitfields, php_netstream_data_t) are read and written only
 * here, compiled against each PHP's own headers; the socket work is in hook_stream.rs,
 * which takes and returns plain values. */
#include "php.h"
#include "php_network.h"
#include "php_streams.h"
#include "ext/standard/file.h"
#include "zend_smart_str.h"

/* ---- the Rust side (hook_stream.rs) ---------------------------------------------- */

typedef struct {
    const char *bindto;
    size_t bindto_len;
    int bindto_set;        /* the option is there */
    int bindto_not_string; /* ...and is no string */
    int tcp_nodelay;
    int so_reuseport;
    int so_broadcast;
    int ipv6_v6only; /* -1 unset, else 0/1 */
} cosocket_hs_opts;

int cosocket_hs_in_coroutine(void);
void *cosocket_hs_new(int kind, int persistent);
void cosocket_hs_free(void *rs, int close_handle);
int cosocket_hs_fd(void *rs);
ssize_t cosocket_hs_read(void *rs, char *buf, size_t count, int blocked, int dont_wait,
                         long tv_sec, long tv_usec, int *flags_out);
ssize_t cosocket_hs_write(void *rs, const char *buf, size_t count, int blocked, long tv_sec,
                          long tv_usec, int *err_out, int *timed_out);
int cosocket_hs_connect(void *rs, const char *name, size_t namelen, struct timeval *timeout,
                        const cosocket_hs_opts *opts, int *err_code, zend_string **err_text);
int cosocket_hs_bind(void *rs, const char *name, size_t namelen, const cosocket_hs_opts *opts,
                     int *err_code, zend_string **err_text);
int cosocket_hs_listen(void *rs, int backlog);
void *cosocket_hs_accept(void *rs, struct timeval *timeout, int tcp_nodelay,
                         struct sockaddr_storage *peer, socklen_t *peerlen, int *err_code);
ssize_t cosocket_hs_recvfrom(void *rs, char *buf, size_t len, int flags, int blocked,
                             struct sockaddr_storage *from, socklen_t *fromlen);
ssize_t cosocket_hs_sendto(void *rs, const char *buf, size_t len, int flags,
                           const struct sockaddr *addr, socklen_t addrlen, int blocked);
int cosocket_hs_shutdown(void *rs, int how);
int cosocket_hs_alive(void *rs);
void cosocket_hs_pair_streams(void *rs0, void *rs1, zval *return_value);

typedef struct {
    int verify_peer, verify_peer_name, allow_self_signed, verify_depth, sni_enabled, disable_compression;
    const char *peer_name, *cafile, *capath, *ciphers, *local_cert, *local_pk, *passphrase;
    /* peer_fingerprint: 0 unset, 1 a string (fp), 2 an array flattened to
     * "algo=hex;algo=hex" (fp), 3 an array not of that form, 4 another type. */
    int fp_mode;
    const char *fp;
} cosocket_hs_ssl;

int cosocket_hs_crypto(void *rs, int client, int method, const cosocket_hs_ssl *opts, const char *ini_cafile,
                       const char *ini_capath, long tv_sec, long tv_usec);
int cosocket_hs_crypto_info(void *rs, const char **strs, size_t *lens, int *bits);
zend_string *cosocket_hs_peer_cert(void *rs);

/* ---- the stream's abstract ---------------------------------------------------------
 * php_netstream_data_t first: code outside the socket transport (ext/sockets'
 * socket_import_stream, mysqlnd, stream_select's emulation) reads a socket stream's
 * abstract as one. */
typedef struct {
    php_netstream_data_t net;
    void *rs;
    int persistent;
    /* TLS (ssl://, tls://..., or stream_socket_enable_crypto on tcp://), as PHP's
     * xp_ssl.c: the method and side SETUP chose, whether the handshake was tried and
     * whether it succeeded; an ssl:// stream turns it on at connect and accept. */
    int crypto_on_connect;
    int crypto_method;
    int crypto_setup;
    int crypto_on;
    /* The handshake's time limit: the connect timeout, as PHP. */
    struct timeval connect_timeout;
} cosocket_hs_data;

/* The client bit of STREAM_CRYPTO_METHOD_* (ext/openssl's STREAM_CRYPTO_IS_CLIENT). */
#define HS_CRYPTO_IS_CLIENT (1 << 0)

enum { HS_TCP, HS_UDP, HS_UNIX, HS_UDG, HS_SSL, HS_TLS, HS_TLS10, HS_TLS11, HS_TLS12, HS_TLS13, HS_KINDS };

static const char *const hs_names[HS_KINDS] = {"tcp", "udp", "unix", "udg", "ssl",
                                               "tls", "tlsv1.0", "tlsv1.1", "tlsv1.2", "tlsv1.3"};
/* PHP 8.2's STREAM_CRYPTO_METHOD_* each TLS transport starts with (client side). */
static const int hs_methods[HS_KINDS] = {0, 0, 0, 0, STREAM_CRYPTO_METHOD_ANY_CLIENT, STREAM_CRYPTO_METHOD_TLS_CLIENT,
                                         STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT, STREAM_CRYPTO_METHOD_TLSv1_1_CLIENT,
                                         STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT, STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT};
/* PHP's factories, saved when a hook goes on (NULL: none was registered). */
static php_stream_transport_factory hs_saved[HS_KINDS];
static int hs_active[HS_KINDS];

static void hs_sync_fd(php_stream *stream)
{
    cosocket_hs_data *d = (cosocket_hs_data *) stream->abstract;
    d->net.socket = cosocket_hs_fd(d->rs);
}

static ssize_t hs_write(php_stream *stream, const char *buf, size_t count)
{
    cosocket_hs_data *d = (cosocket_hs_data *) stream->abstract;
    int err = 0, timed_out = 0;
    ssize_t n;

    if (d->net.socket == -1) {
        return 0;
    }
    n = cosocket_hs_write(d->rs, buf, count, d->net.is_blocked, (long) d->net.timeout.tv_sec,
                          (long) d->net.timeout.tv_usec, &err, &timed_out);
    if (timed_out) {
        d->net.timeout_event = 1;
    }
    if (n <= 0) {
        if (!d->net.is_blocked && (err == EAGAIN || err == EWOULDBLOCK)) {
            /* Not an error for a non-blocking stream: a zero-byte write. */
            return 0;
        }
        if (!(stream->flags & PHP_STREAM_FLAG_SUPPRESS_ERRORS)) {
            char *estr = php_socket_strerror(err, NULL, 0);
            php_error_docref(NULL, E_NOTICE, "Send of " ZEND_LONG_FMT " bytes failed with errno=%d %s",
                             (zend_long) count, err, estr);
            efree(estr);
        }
        return -1;
    }
    php_stream_notify_progress_increment(PHP_STREAM_CONTEXT(stream), n, 0);
    return n;
}

static ssize_t hs_read(php_stream *stream, char *buf, size_t count)
{
    cosocket_hs_data *d = (cosocket_hs_data *) stream->abstract;
    int flags = 0, dont_wait = 0;
    ssize_t n;

    if (d->net.socket == -1) {
        return -1;
    }
#if PHP_VERSION_ID >= 80400
    /* 8.4 reads what is there without waiting when the stream holds data already. */
    dont_wait = stream->has_buffered_data;
#endif
    d->net.timeout_event = 0;
    n = cosocket_hs_read(d->rs, buf, count, d->net.is_blocked, dont_wait, (long) d->net.timeout.tv_sec,
                         (long) d->net.timeout.tv_usec, &flags);
    if (flags & 1) {
        stream->eof = 1;
    }
    if (flags & 2) {
        d->net.timeout_event = 1;
    }
    if (n > 0) {
        php_stream_notify_progress_increment(PHP_STREAM_CONTEXT(stream), n, 0);
    }
    return n;
}

static int hs_close(php_stream *stream, int close_handle)
{
    cosocket_hs_data *d = (cosocket_hs_data *) stream->abstract;
    if (d) {
        cosocket_hs_free(d->rs, close_handle);
        pefree(d, d->persistent);
        stream->abstract = NULL;
    }
    return 0;
}

static int hs_flush(php_stream *stream)
{
    (void) stream;
    return 0;
}

static int hs_stat(php_stream *stream, php_stream_statbuf *ssb)
{
    cosocket_hs_data *d = (cosocket_hs_data *) stream->abstract;
    if (d->net.socket == -1) {
        return -1;
    }
    return zend_fstat(d->net.socket, &ssb->sb);
}

static int hs_cast(php_stream *stream, int castas, void **ret)
{
    cosocket_hs_data *d = (cosocket_hs_data *) stream->abstract;
    if (!d || d->net.socket == -1) {
        return FAILURE;
    }
    switch (castas) {
    case PHP_STREAM_AS_STDIO:
        if (d->crypto_on) {
            /* As PHP: the fd of a TLS stream carries ciphertext. */
            return FAILURE;
        }
        if (ret) {
            *(FILE **) ret = fdopen(d->net.socket, stream->mode);
            if (*ret) {
                return SUCCESS;
            }
            return FAILURE;
        }
        return SUCCESS;
    case PHP_STREAM_AS_FD:
    case PHP_STREAM_AS_SOCKETD:
        if (d->crypto_on) {
            return FAILURE;
        }
        ZEND_FALLTHROUGH;
    case PHP_STREAM_AS_FD_FOR_SELECT:
        if (ret) {
            *(php_socket_t *) ret = d->net.socket;
        }
        return SUCCESS;
    default:
        return FAILURE;
    }
}

static const php_stream_ops hs_ops;

static void hs_read_opts(php_stream *stream, cosocket_hs_opts *o)
{
    php_stream_context *ctx = PHP_STREAM_CONTEXT(stream);
    zval *z;

    memset(o, 0, sizeof(*o));
    o->ipv6_v6only = -1;
    if (!ctx) {
        return;
    }
    if ((z = php_stream_context_get_option(ctx, "socket", "bindto")) != NULL) {
        o->bindto_set = 1;
        if (Z_TYPE_P(z) == IS_STRING) {
            o->bindto = Z_STRVAL_P(z);
            o->bindto_len = Z_STRLEN_P(z);
        } else {
            o->bindto_not_string = 1;
        }
    }
    if ((z = php_stream_context_get_option(ctx, "socket", "tcp_nodelay")) != NULL) {
        o->tcp_nodelay = zend_is_true(z);
    }
    if ((z = php_stream_context_get_option(ctx, "socket", "so_reuseport")) != NULL) {
        o->so_reuseport = zend_is_true(z);
    }
    if ((z = php_stream_context_get_option(ctx, "socket", "so_broadcast")) != NULL) {
        o->so_broadcast = zend_is_true(z);
    }
    if ((z = php_stream_context_get_option(ctx, "socket", "ipv6_v6only")) != NULL && Z_TYPE_P(z) != IS_NULL) {
        o->ipv6_v6only = zend_is_true(z);
    }
}

static const char *hs_ssl_str(php_stream_context *ctx, const char *name)
{
    zval *z = ctx ? php_stream_context_get_option(ctx, "ssl", name) : NULL;
    return z && Z_TYPE_P(z) == IS_STRING ? Z_STRVAL_P(z) : NULL;
}

static int hs_ssl_flag(php_stream_context *ctx, const char *name)
{
    zval *z = ctx ? php_stream_context_get_option(ctx, "ssl", name) : NULL;
    return z ? zend_is_true(z) : -1;
}

static const char *hs_ini(const char *name)
{
    bool exists = 0;
    char *v = zend_ini_string_ex((char *) name, strlen(name), 0, &exists);
    return exists && v && *v ? v : NULL;
}

/* capture_peer_cert: the peer's certificate as an OpenSSLCertificate in the context's
 * ssl.peer_certificate, made by ext/openssl's own openssl_x509_read(). */
static void hs_capture_peer_cert(php_stream *stream, cosocket_hs_data *d)
{
    php_stream_context *ctx = PHP_STREAM_CONTEXT(stream);
    zend_string *pem;
    zval fn, arg, ret;

    if (!ctx || hs_ssl_flag(ctx, "capture_peer_cert") != 1) {
        return;
    }
    pem = cosocket_hs_peer_cert(d->rs);
    if (!pem) {
        return;
    }
    ZVAL_STRING(&fn, "openssl_x509_read");
    ZVAL_STR(&arg, pem);
    ZVAL_UNDEF(&ret);
    if (call_user_function(NULL, NULL, &fn, &ret, 1, &arg) == SUCCESS && Z_TYPE(ret) == IS_OBJECT) {
        php_stream_context_set_option(ctx, "ssl", "peer_certificate", &ret);
    }
    zval_ptr_dtor(&ret);
    zval_ptr_dtor(&arg);
    zval_ptr_dtor(&fn);
}

/* The peer_fingerprint option in the form cosocket_hs_crypto takes; the returned
 * string (if any) holds o->fp and is the caller's to release. */
static zend_string *hs_fingerprint_opt(php_stream_context *ctx, cosocket_hs_ssl *o)
{
    zval *z = ctx ? php_stream_context_get_option(ctx, "ssl", "peer_fingerprint") : NULL;
    zend_string *key;
    zval *v;
    smart_str buf = {0};

    if (!z) {
        return NULL;
    }
    if (Z_TYPE_P(z) == IS_STRING) {
        o->fp_mode = 1;
        o->fp = Z_STRVAL_P(z);
        return NULL;
    }
    if (Z_TYPE_P(z) != IS_ARRAY) {
        o->fp_mode = 4;
        return NULL;
    }
    o->fp_mode = zend_hash_num_elements(Z_ARRVAL_P(z)) ? 2 : 3;
    ZEND_HASH_FOREACH_STR_KEY_VAL(Z_ARRVAL_P(z), key, v) {
        if (key == NULL || Z_TYPE_P(v) != IS_STRING) {
            o->fp_mode = 3;
            break;
        }
        smart_str_append(&buf, key);
        smart_str_appendc(&buf, '=');
        smart_str_append(&buf, Z_STR_P(v));
        smart_str_appendc(&buf, ';');
    } ZEND_HASH_FOREACH_END();
    smart_str_0(&buf);
    if (o->fp_mode == 2 && buf.s) {
        o->fp = ZSTR_VAL(buf.s);
    }
    return buf.s;
}

/* CRYPTO_API SETUP: PHP warns when a blocking stream has TLS set up already. */
static int hs_crypto_setup(cosocket_hs_data *d, int method)
{
    if (d->crypto_setup) {
        if (d->net.is_blocked) {
            php_error_docref(NULL, E_WARNING, "SSL/TLS already set-up for this stream");
            return -1;
        }
        return 0;
    }
    d->crypto_method = method;
    d->crypto_setup = 1;
    return 0;
}

/* CRYPTO_API ENABLE: 1 on success, -1 on failure (PHP's warnings printed). Turning
 * TLS off is refused as PHP's result (false) says, but the session stays. */
static int hs_crypto_enable(php_stream *stream, cosocket_hs_data *d, int activate)
{
    php_stream_context *ctx = PHP_STREAM_CONTEXT(stream);
    cosocket_hs_ssl o;
    zend_string *fp;
    int r;

    if (!activate || d->crypto_on || !d->crypto_setup || d->net.socket == -1) {
        return -1;
    }
    o.verify_peer = hs_ssl_flag(ctx, "verify_peer");
    o.verify_peer_name = hs_ssl_flag(ctx, "verify_peer_name");
    o.allow_self_signed = hs_ssl_flag(ctx, "allow_self_signed");
    o.sni_enabled = hs_ssl_flag(ctx, "SNI_enabled");
    o.disable_compression = hs_ssl_flag(ctx, "disable_compression");
    o.verify_depth = -1;
    if (ctx) {
        zval *z = php_stream_context_get_option(ctx, "ssl", "verify_depth");
        if (z) {
            o.verify_depth = (int) zval_get_long(z);
        }
    }
    o.peer_name = hs_ssl_str(ctx, "peer_name");
    o.cafile = hs_ssl_str(ctx, "cafile");
    o.capath = hs_ssl_str(ctx, "capath");
    o.ciphers = hs_ssl_str(ctx, "ciphers");
    o.local_cert = hs_ssl_str(ctx, "local_cert");
    o.local_pk = hs_ssl_str(ctx, "local_pk");
    o.passphrase = hs_ssl_str(ctx, "passphrase");
    o.fp_mode = 0;
    o.fp = NULL;
    fp = hs_fingerprint_opt(ctx, &o);
    r = cosocket_hs_crypto(d->rs, d->crypto_method & HS_CRYPTO_IS_CLIENT, d->crypto_method, &o,
                           hs_ini("openssl.cafile"), hs_ini("openssl.capath"), (long) d->connect_timeout.tv_sec,
                           (long) d->connect_timeout.tv_usec);
    if (fp) {
        zend_string_release(fp);
    }
    if (r == 1) {
        d->crypto_on = 1;
        hs_capture_peer_cert(stream, d);
    }
    return r;
}

/* ssl://, tls://...: TLS right after connect or accept, with PHP's warning. */
static int hs_crypto_auto(php_stream *stream, cosocket_hs_data *d, int method)
{
    if (hs_crypto_setup(d, method) < 0 || hs_crypto_enable(stream, d, 1) < 0) {
        php_error_docref(NULL, E_WARNING, "Failed to enable crypto");
        return -1;
    }
    return 0;
}

static cosocket_hs_data *hs_data_new(void *rs, int persistent)
{
    cosocket_hs_data *d = pemalloc(sizeof(*d), persistent);
    memset(d, 0, sizeof(*d));
    d->net.is_blocked = 1;
    d->net.timeout.tv_sec = FG(default_socket_timeout);
    d->net.timeout.tv_usec = 0;
    d->net.socket = -1;
    d->rs = rs;
    d->persistent = persistent;
    d->connect_timeout = d->net.timeout;
    return d;
}

static void hs_names_out(php_stream_xport_param *xparam, struct sockaddr_storage *sa, socklen_t len)
{
    if (sa->ss_family == AF_UNIX && len <= sizeof(sa_family_t)) {
        /* An unnamed Unix peer: no path. */
        if (xparam->want_textaddr) {
            xparam->outputs.textaddr = ZSTR_EMPTY_ALLOC();
        }
        return;
    }
    php_network_populate_name_from_sockaddr((struct sockaddr *) sa, len,
                                            xparam->want_textaddr ? &xparam->outputs.textaddr : NULL,
                                            xparam->want_addr ? &xparam->outputs.addr : NULL,
                                            xparam->want_addr ? &xparam->outputs.addrlen : NULL);
}

static int hs_xport(php_stream *stream, cosocket_hs_data *d, php_stream_xport_param *xparam)
{
    cosocket_hs_opts o;
    int err = 0;

    switch (xparam->op) {
    case STREAM_XPORT_OP_CONNECT:
    case STREAM_XPORT_OP_CONNECT_ASYNC:
        hs_read_opts(stream, &o);
        if (xparam->inputs.timeout) {
            d->connect_timeout = *xparam->inputs.timeout;
        }
        xparam->outputs.returncode = cosocket_hs_connect(
            d->rs, xparam->inputs.name, xparam->inputs.namelen, xparam->inputs.timeout, &o, &err,
            xparam->want_errortext ? &xparam->outputs.error_text : NULL);
        xparam->outputs.error_code = err;
        hs_sync_fd(stream);
        if (xparam->outputs.returncode == 0 && d->crypto_on_connect &&
            hs_crypto_auto(stream, d, d->crypto_method) < 0) {
            xparam->outputs.returncode = -1;
        }
        return PHP_STREAM_OPTION_RETURN_OK;
    case STREAM_XPORT_OP_BIND:
        hs_read_opts(stream, &o);
        xparam->outputs.returncode = cosocket_hs_bind(
            d->rs, xparam->inputs.name, xparam->inputs.namelen, &o, &err,
            xparam->want_errortext ? &xparam->outputs.error_text : NULL);
        xparam->outputs.error_code = err;
        hs_sync_fd(stream);
        return PHP_STREAM_OPTION_RETURN_OK;
    case STREAM_XPORT_OP_LISTEN:
        xparam->outputs.returncode = cosocket_hs_listen(d->rs, xparam->inputs.backlog);
        return PHP_STREAM_OPTION_RETURN_OK;
    case STREAM_XPORT_OP_ACCEPT: {
        struct sockaddr_storage peer;
        socklen_t peerlen = sizeof(peer);
        php_stream_context *ctx = PHP_STREAM_CONTEXT(stream);
        zval *z;
        int nodelay = 0;
        void *crs;

        xparam->outputs.client = NULL;
        if (ctx && (z = php_stream_context_get_option(ctx, "socket", "tcp_nodelay")) != NULL && zend_is_true(z)) {
            nodelay = 1;
        }
        crs = cosocket_hs_accept(d->rs, xparam->inputs.timeout, nodelay, &peer, &peerlen, &err);
        xparam->outputs.error_code = err;
        if (!crs) {
            if (xparam->want_errortext) {
                xparam->outputs.error_text = php_socket_error_str(err);
            }
            xparam->outputs.returncode = -1;
            return PHP_STREAM_OPTION_RETURN_OK;
        }
        if (xparam->want_textaddr || xparam->want_addr) {
            hs_names_out(xparam, &peer, peerlen);
        }
        {
            /* As PHP: the client starts with the listener's mode and timeout. */
            cosocket_hs_data *cd = hs_data_new(crs, 0);
            cd->net.is_blocked = d->net.is_blocked;
            cd->net.timeout = d->net.timeout;
            cd->net.socket = cosocket_hs_fd(crs);
            cd->connect_timeout = d->connect_timeout;
            xparam->outputs.client = php_stream_alloc_rel(&hs_ops, cd, NULL, "r+");
            if (xparam->outputs.client) {
                xparam->outputs.client->ctx = stream->ctx;
                if (stream->ctx) {
                    GC_ADDREF(stream->ctx);
                }
                /* An ssl:// server handshakes in accept, as the server side. */
                if (d->crypto_on_connect &&
                    hs_crypto_auto(xparam->outputs.client, cd, d->crypto_method & ~HS_CRYPTO_IS_CLIENT) < 0) {
                    php_stream_close(xparam->outputs.client);
                    xparam->outputs.client = NULL;
                    /* PHP's accept succeeded at the socket level: its errno 0 text. */
                    if (xparam->want_errortext) {
                        xparam->outputs.error_text = php_socket_error_str(0);
                    }
                }
            }
        }
        xparam->outputs.returncode = xparam->outputs.client ? 0 : -1;
        return PHP_STREAM_OPTION_RETURN_OK;
    }
    case STREAM_XPORT_OP_GET_NAME:
        xparam->outputs.returncode = php_network_get_sock_name(
            d->net.socket, xparam->want_textaddr ? &xparam->outputs.textaddr : NULL,
            xparam->want_addr ? &xparam->outputs.addr : NULL, xparam->want_addr ? &xparam->outputs.addrlen : NULL);
        return PHP_STREAM_OPTION_RETURN_OK;
    case STREAM_XPORT_OP_GET_PEER_NAME:
        xparam->outputs.returncode = php_network_get_peer_name(
            d->net.socket, xparam->want_textaddr ? &xparam->outputs.textaddr : NULL,
            xparam->want_addr ? &xparam->outputs.addr : NULL, xparam->want_addr ? &xparam->outputs.addrlen : NULL);
        return PHP_STREAM_OPTION_RETURN_OK;
    case STREAM_XPORT_OP_SEND: {
        int flags = 0;
        if ((xparam->inputs.flags & STREAM_OOB) == STREAM_OOB) {
            flags |= MSG_OOB;
        }
        xparam->outputs.returncode = (int) cosocket_hs_sendto(
            d->rs, xparam->inputs.buf, xparam->inputs.buflen, flags, xparam->inputs.addr,
            xparam->inputs.addrlen, d->net.is_blocked);
        if (xparam->outputs.returncode == -1) {
            char *err = php_socket_strerror(php_socket_errno(), NULL, 0);
            php_error_docref(NULL, E_WARNING, "%s\n", err);
            efree(err);
        }
        return PHP_STREAM_OPTION_RETURN_OK;
    }
    case STREAM_XPORT_OP_RECV: {
        int flags = 0;
        struct sockaddr_storage from;
        socklen_t fromlen = sizeof(from);
        ssize_t n;
        if ((xparam->inputs.flags & STREAM_OOB) == STREAM_OOB) {
            flags |= MSG_OOB;
        }
        if ((xparam->inputs.flags & STREAM_PEEK) == STREAM_PEEK) {
            flags |= MSG_PEEK;
        }
        n = cosocket_hs_recvfrom(d->rs, xparam->inputs.buf, xparam->inputs.buflen, flags,
                                 d->net.is_blocked, &from, &fromlen);
        if (n >= 0 && fromlen > 0 && (xparam->want_textaddr || xparam->want_addr)) {
            hs_names_out(xparam, &from, fromlen);
        } else if (n >= 0 && xparam->want_textaddr) {
            /* No sender address (an unnamed Unix one): '' as PHP. */
            xparam->outputs.textaddr = ZSTR_EMPTY_ALLOC();
        }
        xparam->outputs.returncode = (int) n;
        return PHP_STREAM_OPTION_RETURN_OK;
    }
#ifdef SHUT_RD
    case STREAM_XPORT_OP_SHUTDOWN: {
        static const int how[] = {SHUT_RD, SHUT_WR, SHUT_RDWR};
        xparam->outputs.returncode = cosocket_hs_shutdown(d->rs, how[xparam->how]);
        return PHP_STREAM_OPTION_RETURN_OK;
    }
#endif
    default:
        return PHP_STREAM_OPTION_RETURN_NOTIMPL;
    }
}

static int hs_set_option(php_stream *stream, int option, int value, void *ptrparam)
{
    cosocket_hs_data *d = (cosocket_hs_data *) stream->abstract;
    int old;

    if (!d) {
        return PHP_STREAM_OPTION_RETURN_ERR;
    }
    switch (option) {
    case PHP_STREAM_OPTION_CHECK_LIVENESS:
        if (d->net.socket == -1) {
            return PHP_STREAM_OPTION_RETURN_ERR;
        }
        return cosocket_hs_alive(d->rs) ? PHP_STREAM_OPTION_RETURN_OK : PHP_STREAM_OPTION_RETURN_ERR;
    case PHP_STREAM_OPTION_BLOCKING:
        /* The fd stays non-blocking (the loop needs it so); the mode is how reads and
         * writes wait. */
        old = d->net.is_blocked;
        d->net.is_blocked = value ? 1 : 0;
        return old;
    case PHP_STREAM_OPTION_READ_TIMEOUT:
        d->net.timeout = *(struct timeval *) ptrparam;
        d->net.timeout_event = 0;
        return PHP_STREAM_OPTION_RETURN_OK;
    case PHP_STREAM_OPTION_CRYPTO_API: {
        php_stream_xport_crypto_param *cp = (php_stream_xport_crypto_param *) ptrparam;
        switch (cp->op) {
        case STREAM_XPORT_CRYPTO_OP_SETUP:
            cp->outputs.returncode = hs_crypto_setup(d, (int) cp->inputs.method);
            return PHP_STREAM_OPTION_RETURN_OK;
        case STREAM_XPORT_CRYPTO_OP_ENABLE:
            cp->outputs.returncode = hs_crypto_enable(stream, d, cp->inputs.activate);
            return PHP_STREAM_OPTION_RETURN_OK;
        default:
            return PHP_STREAM_OPTION_RETURN_NOTIMPL;
        }
    }
    case PHP_STREAM_OPTION_META_DATA_API:
        if (d->crypto_on) {
            const char *strs[3];
            size_t lens[3];
            int bits;
            if (cosocket_hs_crypto_info(d->rs, strs, lens, &bits)) {
                zval crypto;
                array_init(&crypto);
                add_assoc_stringl(&crypto, "protocol", strs[0], lens[0]);
                add_assoc_stringl(&crypto, "cipher_name", strs[1], lens[1]);
                add_assoc_long(&crypto, "cipher_bits", bits);
                add_assoc_stringl(&crypto, "cipher_version", strs[2], lens[2]);
                add_assoc_zval((zval *) ptrparam, "crypto", &crypto);
            }
        }
        add_assoc_bool((zval *) ptrparam, "timed_out", d->net.timeout_event);
        add_assoc_bool((zval *) ptrparam, "blocked", d->net.is_blocked);
        add_assoc_bool((zval *) ptrparam, "eof", stream->eof);
        return PHP_STREAM_OPTION_RETURN_OK;
    case PHP_STREAM_OPTION_XPORT_API:
        return hs_xport(stream, d, (php_stream_xport_param *) ptrparam);
    default:
        return PHP_STREAM_OPTION_RETURN_NOTIMPL;
    }
}

static const php_stream_ops hs_ops = {
    hs_write, hs_read, hs_close, hs_flush, "socket/coroutine", NULL, hs_cast, hs_stat, hs_set_option,
};

static php_stream *hs_factory(int kind, const char *proto, size_t protolen, const char *resourcename,
                              size_t resourcenamelen, const char *persistent_id, int options, int flags,
                              struct timeval *timeout, php_stream_context *context STREAMS_DC)
{
    cosocket_hs_data *d;
    php_stream *stream;
    void *rs;

    if (!cosocket_hs_in_coroutine() || !hs_saved[kind]) {
        if (!hs_saved[kind]) {
            return NULL;
        }
        return hs_saved[kind](proto, protolen, resourcename, resourcenamelen, persistent_id, options, flags,
                              timeout, context STREAMS_CC);
    }
    rs = cosocket_hs_new(kind >= HS_SSL ? HS_TCP : kind, persistent_id ? 1 : 0);
    d = hs_data_new(rs, persistent_id ? 1 : 0);
    if (timeout) {
        d->connect_timeout = *timeout;
    }
    if (kind >= HS_SSL) {
        zval *z = context ? php_stream_context_get_option(context, "ssl", "crypto_method") : NULL;
        d->crypto_on_connect = 1;
        d->crypto_method = hs_methods[kind];
        if (z) {
            /* As PHP: the option replaces the transport's methods (client side). */
            d->crypto_method = (int) zval_get_long(z) | HS_CRYPTO_IS_CLIENT;
        }
    }
    stream = php_stream_alloc_rel(&hs_ops, d, persistent_id, "r+");
    if (stream == NULL) {
        cosocket_hs_free(rs, 1);
        pefree(d, persistent_id ? 1 : 0);
    }
    return stream;
}

/* stream_socket_pair() in a coroutine (hook_stream.rs's socket_pair): the two connected
 * socket sides as hooked streams in return_value, made as PHP's function makes its own
 * (php_stream_sock_open_from_socket: blocking, default_socket_timeout, AVOID_BLOCKING). */
void cosocket_hs_pair_streams(void *rs0, void *rs1, zval *return_value)
{
    void *rs[2] = {rs0, rs1};
    php_stream *s[2];
    int i;

    for (i = 0; i < 2; i++) {
        cosocket_hs_data *d = hs_data_new(rs[i], 0);
        d->net.socket = cosocket_hs_fd(rs[i]);
        s[i] = php_stream_alloc_rel(&hs_ops, d, NULL, "r+");
        s[i]->flags |= PHP_STREAM_FLAG_AVOID_BLOCKING;
    }
    array_init(return_value);
    for (i = 0; i < 2; i++) {
        /* As PHP: add_next_index_resource() does not set the __exposed flag that
         * php_stream_to_zval() would. */
        php_stream_auto_cleanup(s[i]);
        add_next_index_resource(return_value, s[i]->res);
    }
}

#define HS_FACTORY(name, kind)                                                                            \
    static php_stream *name(const char *proto, size_t protolen, const char *resourcename,               \
                            size_t resourcenamelen, const char *persistent_id, int options, int flags,  \
                            struct timeval *timeout, php_stream_context *context STREAMS_DC)            \
    {                                                                                                     \
        return hs_factory(kind, proto, protolen, resourcename, resourcenamelen, persistent_id, options,  \
                          flags, timeout, context STREAMS_CC);                                            \
    }
HS_FACTORY(hs_factory_tcp, HS_TCP)
HS_FACTORY(hs_factory_udp, HS_UDP)
HS_FACTORY(hs_factory_unix, HS_UNIX)
HS_FACTORY(hs_factory_udg, HS_UDG)
HS_FACTORY(hs_factory_ssl, HS_SSL)
HS_FACTORY(hs_factory_tls, HS_TLS)
HS_FACTORY(hs_factory_tls10, HS_TLS10)
HS_FACTORY(hs_factory_tls11, HS_TLS11)
HS_FACTORY(hs_factory_tls12, HS_TLS12)
HS_FACTORY(hs_factory_tls13, HS_TLS13)

static php_stream_transport_factory const hs_factories[HS_KINDS] = {
    hs_factory_tcp, hs_factory_udp,   hs_factory_unix,  hs_factory_udg,   hs_factory_ssl,
    hs_factory_tls, hs_factory_tls10, hs_factory_tls11, hs_factory_tls12, hs_factory_tls13,
};

/* Turns the hook of transport `kind` on or off: on, ours replaces the registered
 * factory (saved, and called outside coroutines); off, the saved one goes back. */
void cosocket_hs_hook(int kind, int on)
{
    const char *name;
    if (kind < 0 || kind >= HS_KINDS || hs_active[kind] == !!on) {
        return;
    }
    name = hs_names[kind];
    if (on && kind >= HS_SSL && !zend_hash_str_exists(php_stream_xport_get_hash(), name, strlen(name))) {
        /* A TLS transport PHP has not (no ext/openssl): none of ours either. */
        return;
    }
    if (on) {
        hs_saved[kind] = zend_hash_str_find_ptr(php_stream_xport_get_hash(), name, strlen(name));
        php_stream_xport_register(name, hs_factories[kind]);
    } else if (hs_saved[kind]) {
        php_stream_xport_register(name, hs_saved[kind]);
    } else {
        php_stream_xport_unregister(name);
    }
    hs_active[kind] = !!on;
}
