//! `setProtocol()`'s TLS keys (`open_ssl`, `ssl_*`), turned into the core's
//! `TlsConfig` when they are set; the context is built on first use and shared with
//! every socket a TLS listener accepts.

use ext_php_rs::types::{ZendHashTable, Zval};

use crate::net::tls::{TlsConfig, TlsContext, TlsError};
use crate::php::zend;
use crate::php::zval::{to_long, truthy};

/// A socket's TLS settings.
#[derive(Clone, Default)]
pub struct TlsSettings {
    /// `open_ssl`: connect() (or sslHandshake()) does the handshake.
    pub open: bool,
    config: TlsConfig,
    /// Built from `config` on first use; dropped when a key changes.
    ctx: Option<TlsContext>,
}

impl TlsSettings {
    /// `ssl_host_name`, if set.
    pub fn host_name(&self) -> Option<&str> {
        self.config.host_name.as_deref()
    }

    /// The context for a client (`server` false) or a server handshake.
    pub fn context(&mut self, server: bool) -> Result<TlsContext, TlsError> {
        if let Some(c) = &self.ctx {
            if c.is_server() == server {
                return Ok(c.clone());
            }
        }
        let c = if server {
            self.config.server_context()?
        } else {
            self.config.client_context()?
        };
        self.ctx = Some(c.clone());
        Ok(c)
    }
}

/// Applies the TLS keys of a setProtocol() array with Swoole's warnings; false (and
/// the keys after it left as they were, as Swoole) when a certificate or key file is
/// missing.
///
/// As in Swoole, `open_ssl` only turns TLS on (a false one leaves it as it was), and the
/// `ssl_*` keys are read only while TLS is on, from this call or an earlier one: a
/// config array shared with plain sockets (`open_ssl => false`) is ignored whole,
/// missing files included; keys given before `open_ssl` are forgotten.
pub fn apply(t: &mut TlsSettings, ht: &ZendHashTable) -> bool {
    if ht.get("open_ssl").is_some_and(truthy) {
        t.open = true;
    }
    if !t.open {
        return true;
    }
    let before = t.config.clone();
    let ok = read_keys(&mut t.config, ht);
    if t.config != before {
        // The context is rebuilt at the next handshake.
        t.ctx = None;
    }
    ok
}

/// The `ssl_*` keys into `c`; false at a missing certificate or key file.
fn read_keys(c: &mut TlsConfig, ht: &ZendHashTable) -> bool {
    let text = |v: &Zval| v.string().unwrap_or_default();
    if let Some(v) = ht.get("ssl_protocols") {
        c.protocols = to_long(v) as u32;
    }
    if let Some(v) = ht.get("ssl_compress") {
        c.disable_compression = !truthy(v);
    } else if let Some(v) = ht.get("ssl_disable_compression") {
        // Read as it says (Swoole inverts it; OpenSSL 3 never compresses anyway).
        c.disable_compression = truthy(v);
    }
    for (key, what) in [("ssl_cert_file", "cert"), ("ssl_key_file", "key")] {
        if let Some(v) = ht.get(key) {
            let path = text(v);
            if !std::path::Path::new(&path).is_file() {
                zend::error_docref(
                    zend::E_WARNING,
                    &format!("ssl {what} file[{path}] not found"),
                );
                return false;
            }
            if what == "cert" {
                c.cert_file = Some(path);
            } else {
                c.key_file = Some(path);
            }
        }
    }
    if c.cert_file.is_some() && c.key_file.is_none() {
        zend::error_docref(zend::E_WARNING, "ssl require key file");
    }
    if c.key_file.is_some() && c.cert_file.is_none() {
        zend::error_docref(zend::E_WARNING, "ssl require cert file");
    }
    if let Some(v) = ht.get("ssl_passphrase") {
        c.passphrase = Some(text(v));
    }
    if let Some(v) = ht.get("ssl_host_name") {
        c.host_name = Some(text(v));
    }
    if let Some(v) = ht.get("ssl_verify_peer") {
        c.verify_peer = truthy(v);
    }
    if let Some(v) = ht.get("ssl_allow_self_signed") {
        c.allow_self_signed = truthy(v);
    }
    if let Some(v) = ht.get("ssl_cafile") {
        c.cafile = Some(text(v));
    }
    if let Some(v) = ht.get("ssl_capath") {
        c.capath = Some(text(v));
    }
    if let Some(v) = ht.get("ssl_verify_depth") {
        c.verify_depth = to_long(v).clamp(0, u8::MAX as i64) as u8;
    }
    if let Some(v) = ht.get("ssl_ciphers") {
        c.ciphers = Some(text(v));
    }
    if let Some(v) = ht.get("ssl_ecdh_curve") {
        c.ecdh_curve = Some(text(v));
    }
    true
}
