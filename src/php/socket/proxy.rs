//! `setProtocol()`'s proxy keys, read as Swoole's clients read them (`socks5_host`,
//! `socks5_port`, `socks5_username`, `socks5_password`; `http_proxy_host`,
//! `http_proxy_port`, `http_proxy_username` or `http_proxy_user`,
//! `http_proxy_password`), and the handshake connect() runs with them (the core's, in
//! `src/protocol/` and `src/net/proxy.rs`).

use ext_php_rs::types::ZendHashTable;

use crate::net::Handshake;
use crate::php::errors::{self, SW_ERROR_OPERATION_NOT_SUPPORT};
use crate::php::zend;
use crate::php::zval::{key, quiet_bytes, to_long};
use crate::protocol::http_connect::HttpConnect;
use crate::protocol::socks5::Socks5;
use crate::protocol::tunnel::ProxyError;

/// The User-Agent of a CONNECT request (Swoole sends `Swoole/<version>`).
const USER_AGENT: &str = concat!("cosocket/", env!("CARGO_PKG_VERSION"));

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Socks5,
    Http,
}

/// A proxy that connect() goes through.
#[derive(Clone, Debug)]
pub struct Proxy {
    kind: Kind,
    /// Where connect() connects: the proxy.
    pub host: String,
    /// Its port (checked as connect()'s own).
    pub port: i64,
    /// Empty: no login.
    user: Vec<u8>,
    password: Vec<u8>,
}

impl Proxy {
    /// The handshake that opens a tunnel to `host`:`port` (what connect() was given).
    pub fn handshake(&self, host: &str, port: u16) -> Result<Handshake, ProxyError> {
        let auth = (!self.user.is_empty()).then_some((&self.user[..], &self.password[..]));
        Ok(match self.kind {
            Kind::Socks5 => Handshake::Socks5(Socks5::new(host, port, auth)?),
            Kind::Http => Handshake::Http(HttpConnect::new(host, port, auth, USER_AGENT)?),
        })
    }
}

/// Applies the proxy keys of a setProtocol() array: `socks5_host` (which wins) or
/// `http_proxy_host` sets the proxy, with its port and login; an empty host turns it
/// off. Warns and gives false when the port, or the password of a username, is
/// missing (Swoole's warnings; the proxy is set without the login then, as in
/// Swoole). Err when it threw: proxies need a TCP socket.
pub fn apply(proxy: &mut Option<Proxy>, ht: &ZendHashTable, tcp: bool) -> Result<bool, ()> {
    let (kind, prefix, user_keys): (Kind, &str, &[&str]) = if key(ht, "socks5_host").is_some() {
        (Kind::Socks5, "socks5", &["socks5_username"])
    } else if key(ht, "http_proxy_host").is_some() {
        (
            Kind::Http,
            "http_proxy",
            &["http_proxy_username", "http_proxy_user"],
        )
    } else {
        return Ok(true);
    };
    if !tcp {
        let what = if kind == Kind::Socks5 {
            "socks5 proxy"
        } else {
            "http proxy"
        };
        zend::throw(
            errors::exception_ce(),
            &format!("Only tcp socket supports {what} settings"),
            SW_ERROR_OPERATION_NOT_SUPPORT as i64,
        );
        return Err(());
    }
    let host = key(ht, &format!("{prefix}_host"))
        .map(quiet_bytes)
        .unwrap_or_default();
    if host.is_empty() {
        *proxy = None;
        return Ok(true);
    }
    let Some(port) = key(ht, &format!("{prefix}_port")) else {
        zend::error_docref(
            zend::E_WARNING,
            &format!("{prefix}_port should not be null"),
        );
        return Ok(false);
    };
    let mut ok = true;
    let user = user_keys
        .iter()
        .find_map(|k| key(ht, k))
        .map(quiet_bytes)
        .unwrap_or_default();
    let (user, password) = match key(ht, &format!("{prefix}_password")) {
        _ if user.is_empty() => (Vec::new(), Vec::new()),
        Some(p) => (user, quiet_bytes(p)),
        None => {
            zend::error_docref(
                zend::E_WARNING,
                &format!("{prefix}_password should not be null"),
            );
            ok = false;
            (Vec::new(), Vec::new())
        }
    };
    *proxy = Some(Proxy {
        kind,
        host: String::from_utf8_lossy(&host).into_owned(),
        port: to_long(port),
        user,
        password,
    });
    Ok(ok)
}
