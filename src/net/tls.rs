//! TLS for coroutine sockets (issue 10), PHP-free: Swoole's `ssl_*` settings as a plain
//! struct ([`TlsConfig`]), the OpenSSL context they make ([`TlsContext`]), and the errors
//! a TLS operation reports ([`TlsError`], carried by [`crate::net::NetError::Tls`]). The transport
//! itself — the handshake and every read and write over OpenSSL — is in `tls/stream.rs`,
//! the transport a [`super::Socket`] reads and writes through once TLS is on.
//!
//! ```no_run
//! use cosocket::net::{Deadline, Socket, SockAddr, TlsConfig};
//! use std::time::Duration;
//! // In a coroutine:
//! let ctx = TlsConfig { verify_peer: true, host_name: Some("example.com".into()), ..TlsConfig::default() }
//!     .client_context()
//!     .unwrap();
//! let s = Socket::new(libc::AF_INET, libc::SOCK_STREAM, 0).unwrap();
//! s.connect(&SockAddr::ip(libc::AF_INET, "93.184.215.14", 443).unwrap(), Some(Duration::from_secs(5))).unwrap();
//! s.tls_handshake(&ctx, Some("example.com"), &Deadline::new(Some(Duration::from_secs(5)))).unwrap();
//! s.send_all(b"GET / HTTP/1.0\r\nHost: example.com\r\n\r\n", None);
//! ```

use std::fmt;

pub use super::error::{TlsError, TlsErrorKind};
use std::net::IpAddr;
use std::path::Path;

use openssl::error::ErrorStack;
use openssl::pkey::PKey;
use openssl::ssl::{SslContext, SslContextBuilder, SslMethod, SslMode, SslOptions, SslVerifyMode};
use openssl::x509::{X509Name, X509StoreContextRef, X509VerifyResult};

#[cfg(test)]
mod tests;

pub(super) mod stream;

/// `ssl_protocols` bits, as Swoole's `SWOOLE_SSL_*` constants.
pub mod protocols {
    /// SSLv2 (never offered by OpenSSL 1.1+).
    pub const SSLV2: u32 = 1 << 1;
    /// SSLv3.
    pub const SSLV3: u32 = 1 << 2;
    /// TLS 1.0.
    pub const TLSV1: u32 = 1 << 3;
    /// TLS 1.1.
    pub const TLSV1_1: u32 = 1 << 4;
    /// TLS 1.2.
    pub const TLSV1_2: u32 = 1 << 5;
    /// TLS 1.3.
    pub const TLSV1_3: u32 = 1 << 6;
    /// Every version (what 0 means).
    pub const ALL: u32 = SSLV2 | SSLV3 | TLSV1 | TLSV1_1 | TLSV1_2 | TLSV1_3;
}

/// `X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT`: the one error `allow_self_signed` forgives.
const SELF_SIGNED_LEAF: i32 = 18;

/// Swoole's `ssl_*` settings of a socket, with Swoole 6's defaults (`Default`). The PHP
/// layer fills it from `setProtocol()`'s array, key for key (`ssl_verify_peer` →
/// `verify_peer`...); file names are used as given.
///
/// Where the defaults differ from what a browser does (say so to users):
/// - `verify_peer` is **off**: by default any certificate is accepted, expired,
///   self-signed or for another host, and the connection is encrypted but not
///   authenticated.
/// - With `verify_peer` on, the host name is checked **only if `host_name` is set**:
///   Swoole checks `ssl_host_name` and nothing else, never the host given to
///   `connect()` (which is used for SNI only). A browser always checks the URL's host.
/// - `allow_self_signed` (off by default) accepts a self-signed leaf certificate even
///   with `verify_peer` on (only that error: a self-signed root in a chain, an expired
///   or mismatched certificate still fail).
/// - No revocation checks (CRL, OCSP) in any mode; `verify_depth` 0 means OpenSSL's
///   default depth (100).
/// - `protocols` 0 offers every version OpenSSL's own policy allows (Debian 12's
///   openssl.cnf sets TLS 1.2 as the floor, so in practice TLS 1.2 and 1.3).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsConfig {
    /// `ssl_verify_peer` (default false): check the peer's certificate chain against the
    /// trusted CAs and fail the handshake on any problem. On a server: require a client
    /// certificate signed by a CA from `cafile`/`capath`.
    pub verify_peer: bool,
    /// `ssl_allow_self_signed` (default false): with `verify_peer`, accept a self-signed
    /// leaf certificate.
    pub allow_self_signed: bool,
    /// `ssl_cafile`: trusted CAs (PEM). With neither this nor `capath`, the system's.
    pub cafile: Option<String>,
    /// `ssl_capath`: a directory of hashed CA certificates.
    pub capath: Option<String>,
    /// `ssl_verify_depth` (default 0: OpenSSL's default).
    pub verify_depth: u8,
    /// `ssl_host_name`: the SNI name, and with `verify_peer` the name the certificate
    /// must match (an IP literal is matched against the certificate's IP addresses).
    /// None: SNI is the host given to the handshake (not checked). `Some("")`: no SNI.
    pub host_name: Option<String>,
    /// `ssl_cert_file`: this side's certificate chain (PEM), a server's or a client's.
    pub cert_file: Option<String>,
    /// `ssl_key_file`: its private key (PEM); None: taken from `cert_file`.
    pub key_file: Option<String>,
    /// `ssl_passphrase`: decrypts `key_file`.
    pub passphrase: Option<String>,
    /// `ssl_ciphers`: OpenSSL's cipher list for TLS ≤ 1.2 (None or "": OpenSSL's).
    pub ciphers: Option<String>,
    /// `ssl_protocols`: the versions offered, a mask of [`protocols`] bits (0: all).
    pub protocols: u32,
    /// `ssl_ecdh_curve`: key-exchange groups, e.g. "X25519:P-256" ("auto" or None:
    /// OpenSSL's).
    pub ecdh_curve: Option<String>,
    /// `ssl_disable_compression` (default false; OpenSSL 3 never compresses anyway).
    pub disable_compression: bool,
}

/// A built OpenSSL context and what each connection made from it needs. Cheap to clone
/// (a reference count); a listening socket keeps one for every connection it accepts.
#[derive(Clone)]
pub struct TlsContext {
    pub(super) ctx: SslContext,
    pub(super) server: bool,
    pub(super) verify_peer: bool,
    pub(super) host_name: Option<String>,
}

impl fmt::Debug for TlsContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsContext")
            .field("server", &self.server)
            .field("verify_peer", &self.verify_peer)
            .field("host_name", &self.host_name)
            .finish_non_exhaustive()
    }
}

impl TlsContext {
    /// The OpenSSL context.
    pub fn ssl_context(&self) -> &SslContext {
        &self.ctx
    }

    /// Whether handshakes made with it take the server side.
    pub fn is_server(&self) -> bool {
        self.server
    }
}

impl TlsConfig {
    /// The context of a client (the `connect()` side). Settings that cannot make one
    /// fail as a client's handshake does, with [`TlsErrorKind::HandshakeFailed`] (Swoole
    /// reports them when connect() handshakes), OpenSSL's reason kept.
    pub fn client_context(&self) -> Result<TlsContext, TlsError> {
        self.context(false).map_err(|e| TlsError {
            kind: TlsErrorKind::HandshakeFailed,
            ..e
        })
    }

    /// The context of a server (the side of accepted connections); needs `cert_file`.
    pub fn server_context(&self) -> Result<TlsContext, TlsError> {
        if self.cert_file.is_none() {
            return Err(TlsError::new(
                TlsErrorKind::CreateContextFailed,
                "a TLS server needs ssl_cert_file",
            ));
        }
        self.context(true)
    }

    fn context(&self, server: bool) -> Result<TlsContext, TlsError> {
        let failed = |e: ErrorStack| TlsError::from_stack(TlsErrorKind::CreateContextFailed, &e);
        let mut b = SslContext::builder(SslMethod::tls()).map_err(failed)?;
        b.set_options(self.options());
        // Partial writes: an SSL_write returns once a record is out, like send(2), instead
        // of holding the whole buffer; moving buffer: a retry may come from a new address.
        // Auto-retry: SSL_read carries on past non-application records (tickets, key
        // updates) instead of reporting WANT_READ with the socket still readable.
        b.set_mode(
            SslMode::ENABLE_PARTIAL_WRITE
                | SslMode::ACCEPT_MOVING_WRITE_BUFFER
                | SslMode::AUTO_RETRY,
        );
        // One recv(2) brings as many records as the kernel has (Swoole does the same);
        // the transport asks OpenSSL whether it holds bytes before it parks.
        b.set_read_ahead(true);
        if let Some(cert) = &self.cert_file {
            b.set_certificate_chain_file(cert).map_err(failed)?;
            let key_file = self.key_file.as_deref().unwrap_or(cert);
            let pem = std::fs::read(key_file)
                .map_err(|e| TlsError::io(TlsErrorKind::CreateContextFailed, &e))?;
            let key = match &self.passphrase {
                Some(p) => PKey::private_key_from_pem_passphrase(&pem, p.as_bytes()),
                None => PKey::private_key_from_pem(&pem),
            }
            .map_err(failed)?;
            b.set_private_key(&key).map_err(failed)?;
            b.check_private_key().map_err(failed)?;
        }
        self.set_trust(&mut b, server)?;
        if let Some(ciphers) = self.ciphers.as_deref().filter(|c| !c.is_empty()) {
            b.set_cipher_list(ciphers).map_err(failed)?;
        }
        if let Some(curves) = self
            .ecdh_curve
            .as_deref()
            .filter(|c| !c.is_empty() && *c != "auto")
        {
            b.set_groups_list(curves).map_err(|e| {
                // OpenSSL 3.5 rejects an unknown group without queueing a reason; 3.0
                // says "passed invalid argument" (ERR_R_PASSED_INVALID_ARGUMENT), as
                // it does for any bad argument: the same words on both.
                let mut err = failed(e);
                if err.reason.is_empty() && err.os == 0 {
                    err.reason = "passed invalid argument";
                }
                err
            })?;
        }
        Ok(TlsContext {
            ctx: b.build(),
            server,
            verify_peer: self.verify_peer,
            host_name: self.host_name.clone(),
        })
    }

    /// The protocol mask and compression as OpenSSL options (what Swoole sets).
    fn options(&self) -> SslOptions {
        let mask = if self.protocols == 0 {
            protocols::ALL
        } else {
            self.protocols
        };
        let mut o = SslOptions::empty();
        for (bit, no) in [
            (protocols::SSLV2, SslOptions::NO_SSLV2),
            (protocols::SSLV3, SslOptions::NO_SSLV3),
            (protocols::TLSV1, SslOptions::NO_TLSV1),
            (protocols::TLSV1_1, SslOptions::NO_TLSV1_1),
            (protocols::TLSV1_2, SslOptions::NO_TLSV1_2),
            (protocols::TLSV1_3, SslOptions::NO_TLSV1_3),
        ] {
            if mask & bit == 0 {
                o |= no;
            }
        }
        if self.disable_compression {
            o |= SslOptions::NO_COMPRESSION;
        }
        // A peer that closes without close_notify is EOF, not an error (as PHP's
        // streams and OpenSSL 1.1 treat it); framing above decides if data is missing.
        o | SslOptions::IGNORE_UNEXPECTED_EOF
    }

    /// The trusted CAs and the verification mode.
    fn set_trust(&self, b: &mut SslContextBuilder, server: bool) -> Result<(), TlsError> {
        let failed = |e: ErrorStack| TlsError::from_stack(TlsErrorKind::CreateContextFailed, &e);
        if !self.verify_peer {
            // Without verification the handshake never consults the trusted CAs: not
            // loading the system's saves decoding the whole bundle per context (~18 ms
            // with OpenSSL 3, what holds Swoole to ~50 handshakes/s). CAs the user named
            // are loaded, as Swoole loads them, so that the chain's verdict (Swoole's
            // verifyPeerCert()) reflects them; unusable ones do not matter here.
            b.set_verify(SslVerifyMode::NONE);
            if self.cafile.is_some() || self.capath.is_some() {
                let _ = b.load_verify_locations(
                    self.cafile.as_deref().map(Path::new),
                    self.capath.as_deref().map(Path::new),
                );
                if self.verify_depth > 0 {
                    b.set_verify_depth(u32::from(self.verify_depth));
                }
            }
            return Ok(());
        }
        if self.cafile.is_some() || self.capath.is_some() {
            b.load_verify_locations(
                self.cafile.as_deref().map(Path::new),
                self.capath.as_deref().map(Path::new),
            )
        } else {
            b.set_default_verify_paths()
        }
        .map_err(failed)?;
        if self.verify_depth > 0 {
            b.set_verify_depth(u32::from(self.verify_depth));
        }
        let mut mode = SslVerifyMode::PEER;
        if server {
            mode |= SslVerifyMode::FAIL_IF_NO_PEER_CERT;
            if let Some(cafile) = &self.cafile {
                b.set_client_ca_list(X509Name::load_client_ca_file(cafile).map_err(failed)?);
            }
        }
        // Verification fails the handshake itself (Swoole checks the result after a
        // handshake that accepted anything): the peer learns why, and no byte of
        // application data is ever exchanged with an unverified peer.
        let allow_self_signed = self.allow_self_signed;
        b.set_verify_callback(mode, move |ok, store: &mut X509StoreContextRef| {
            if ok {
                return true;
            }
            if allow_self_signed && store.error().as_raw() == SELF_SIGNED_LEAF {
                store.set_error(X509VerifyResult::OK);
                return true;
            }
            false
        });
        Ok(())
    }
}

/// The SNI name for a client handshake: `ssl_host_name` if set ("" turns SNI off),
/// else the host the caller connected to, unless that is an IP literal (SNI carries
/// names only).
pub(super) fn sni_name<'a>(host_name: Option<&'a str>, peer: Option<&'a str>) -> Option<&'a str> {
    match host_name {
        Some("") => None,
        Some(h) => Some(h),
        None => peer.filter(|p| !p.is_empty() && p.parse::<IpAddr>().is_err()),
    }
}
