//! `setProtocol()`'s framing keys, read into the core's framing settings
//! (src/protocol/framing.rs) when they are set, and
//! `recvPacket()` over the core's packet reader (src/net/packet.rs).

use std::rc::Rc;

use ext_php_rs::types::{ZendHashTable, Zval};

use super::{clear_err, fail, read_timeout_call, set_err, Obj, Sock};
use crate::net::Packet;
use crate::php::call::{php_fn, Fail};
use crate::php::errors::{SW_ERROR_PACKAGE_LENGTH_NOT_FOUND, SW_ERROR_PACKAGE_LENGTH_TOO_LARGE};
use crate::php::vm::Call;
use crate::php::zend;
use crate::php::zval::{self, key, to_bytes, to_long, truthy};
use crate::protocol::framing::{Framing, LengthFrom, Settings, DEFAULT_MAX_LENGTH};
use crate::protocol::{eof::MAX_EOF, Bad, LengthType};
use crate::runtime::Timeout;

/// The framing state of one socket: its framing keys, and the length function.
#[derive(Default)]
pub struct PacketSettings {
    keys: Settings,
    /// `package_length_func`: a PHP callable given the buffered bytes.
    func: Option<Zval>,
    /// What the keys amount to, worked out when they change (not per packet).
    framing: Rc<Framing>,
}

impl Clone for PacketSettings {
    /// The same settings (an accepted socket starts with its listener's), sharing the
    /// length function (a counted reference).
    fn clone(&self) -> PacketSettings {
        PacketSettings {
            keys: self.keys.clone(),
            func: self.func.as_ref().map(Zval::shallow_clone),
            framing: self.framing.clone(),
        }
    }
}

/// Applies the framing keys of a setProtocol() array, in Swoole's order and with its
/// warnings; false when one was refused (the others still apply). A null value counts
/// as absent, and values of other types convert as PHP converts them, as in Swoole.
pub fn apply(settings: &mut PacketSettings, ht: &ZendHashTable) -> bool {
    let p = &mut settings.keys;
    let mut ok = true;
    if let Some(v) = key(ht, "open_eof_check") {
        p.eof_check = truthy(v);
    }
    if let Some(v) = key(ht, "open_eof_split") {
        if truthy(v) {
            p.eof_check = true;
        }
    }
    if let Some(v) = key(ht, "package_eof") {
        match to_bytes(v) {
            // The conversion threw (an object without __toString): nothing to check.
            None => ok = false,
            Some(eof) if eof.is_empty() => {
                zend::error_docref(zend::E_WARNING, "package_eof cannot be an empty string");
                ok = false;
            }
            Some(eof) if eof.len() > MAX_EOF => {
                zend::error_docref(
                    zend::E_WARNING,
                    &format!("package_eof max length is {MAX_EOF}"),
                );
                ok = false;
            }
            Some(eof) => p.eof = eof,
        }
    }
    if let Some(v) = key(ht, "open_fastcgi_protocol") {
        p.length_check = truthy(v);
        p.length_from = LengthFrom::FastCgi;
    }
    if let Some(v) = key(ht, "open_mqtt_protocol") {
        p.length_check = truthy(v);
        if p.length_check {
            p.length_from = LengthFrom::Mqtt;
        }
    }
    if let Some(v) = key(ht, "open_length_check") {
        p.length_check = truthy(v);
        p.length_from = LengthFrom::Field;
    }
    if let Some(v) = key(ht, "package_length_type") {
        // The first byte of the value as a string ("7" for 78, "1" for true).
        match to_bytes(v).map(|s| s.first().copied().unwrap_or(0)) {
            None => ok = false,
            Some(letter) => match LengthType::from_pack(letter) {
                Some(t) => p.length_type = t,
                None => {
                    // The letter as the byte it is, as Swoole prints it ('' for none).
                    let mut msg = b"Unknown package_length_type name '".to_vec();
                    msg.extend((letter != 0).then_some(letter));
                    msg.extend_from_slice(b"', see pack(). Link: https://php.net/pack");
                    zend::warn_bytes(msg);
                    ok = false;
                }
            },
        }
    }
    if let Some(v) = key(ht, "package_length_offset") {
        p.length_offset = to_long(v).clamp(0, u16::MAX as i64) as usize;
    }
    if let Some(v) = key(ht, "package_body_offset") {
        p.body_offset = to_long(v).clamp(0, u16::MAX as i64) as usize;
    }
    if let Some(v) = key(ht, "package_length_func") {
        if !truthy(v) {
            zend::error_docref(zend::E_WARNING, "illegal callback function");
        } else if let Err(name) = zval::callable(v) {
            zend::error_docref(
                zend::E_WARNING,
                &format!("function '{name}' is not callable"),
            );
        } else {
            settings.func = Some(v.shallow_clone());
        }
    }
    p.max = match key(ht, "package_max_length") {
        Some(v) => {
            let (size, parsed) = zval::ini_size(v);
            ok &= parsed;
            size.clamp(0, u32::MAX as i64) as usize
        }
        None => DEFAULT_MAX_LENGTH,
    };
    settings.framing = Rc::new(p.framing(settings.func.is_some()));
    ok
}

php_fn! {
    "recvPacket" fn sock_recv_packet(cx, timeout: f64 = "0") -> "string|false" {
        let (obj, s, t) = read_timeout_call(cx, timeout)?;
        recv_packet_into(cx.ret_ptr(), obj, s, t)
    }
}

/// Whether framing keys are on: Co\Client's recv() returns packets then.
pub(super) fn framed(s: &Sock) -> bool {
    *s.packet.borrow().framing != Framing::None
}

/// recvPacket(): one packet into the return value `rv` (also Co\Client's framed recv()).
#[inline(always)]
pub(super) fn recv_packet_into(
    rv: *mut crate::php::zend::zval,
    obj: Obj,
    s: &Sock,
    t: Timeout,
) -> Result<(), Fail> {
    let (framing, max, func) = {
        let p = s.packet.borrow();
        let func = if *p.framing == Framing::User {
            p.func.as_ref().map(Zval::shallow_clone)
        } else {
            None
        };
        (p.framing.clone(), p.keys.max, func)
    };
    let mut threw = false;
    let user = |buf: &[u8]| -> i64 {
        let Some(f) = &func else { return -1 };
        call_length_func(f, buf).unwrap_or_else(|| {
            threw = true;
            -1
        })
    };
    let r = s.net.recv_packet(&framing, max, t, user, zend::zstr_from);
    match r {
        Ok(Packet::Whole(str)) => {
            clear_err(obj);
            // SAFETY: the null return value takes the fresh string's reference.
            unsafe { zend::return_str(rv, str) };
            Ok(())
        }
        Ok(Packet::Closed) => {
            clear_err(obj);
            // SAFETY: the null return value.
            unsafe { zend::return_empty_str(rv) };
            Ok(())
        }
        // The length function threw: its exception goes to recvPacket's caller.
        Ok(Packet::Bad(_)) if threw => Err(Fail::False),
        Ok(Packet::Bad(Bad::LengthNotFound)) => {
            set_err(
                obj,
                SW_ERROR_PACKAGE_LENGTH_NOT_FOUND,
                "get package length failed",
            );
            Err(Fail::False)
        }
        Ok(Packet::Bad(Bad::TooLarge(len))) => {
            set_err(obj, SW_ERROR_PACKAGE_LENGTH_TOO_LARGE, &too_large(s, len));
            Err(Fail::False)
        }
        // Swoole's words for EOF framing; a length function's case is cosocket's own
        // (Swoole's recvPacket returns '' there, as if the peer had closed).
        Ok(Packet::Bad(Bad::NoEnd)) => {
            let msg = if *framing == Framing::User {
                "no package length, package_max_length exceeded"
            } else {
                "no package eof, package_max_length exceeded"
            };
            set_err(obj, SW_ERROR_PACKAGE_LENGTH_TOO_LARGE, msg);
            Err(Fail::False)
        }
        Err(e) => Err(fail(obj, s, e)),
    }
}

/// Swoole's errMsg for a packet whose length is over `package_max_length`: its log
/// line's text, which names the peer and the length.
fn too_large(s: &Sock, len: u64) -> String {
    let mut buf = [0; 46];
    let peer = s.net.peer_addr().ok();
    let (host, port) = peer
        .as_ref()
        .map_or((Default::default(), 0), |a| a.host_text(&mut buf));
    format!(
        "Socket::recv_packet_with_length_protocol() (ERRNO {SW_ERROR_PACKAGE_LENGTH_TOO_LARGE}): packet length is too big, remote_addr={host}:{port}, length={len}"
    )
}

/// Calls `package_length_func` with the buffered bytes; its return value as PHP's
/// int conversion gives it, or None when it threw.
fn call_length_func(f: &Zval, buf: &[u8]) -> Option<i64> {
    let mut arg = Zval::new();
    // SAFETY: PHP's thread; the string is copied into the zval.
    arg.set_binary(buf.to_vec());
    // SAFETY: an all-zero fcall_info_cache is "not resolved yet": zend_call_function resolves it.
    let mut call = Call {
        callable: f.shallow_clone(),
        fcc: unsafe { std::mem::zeroed() },
        args: vec![arg],
    };
    let mut ret = Zval::new();
    // SAFETY: PHP's thread, executor active (called from recvPacket's handler).
    unsafe {
        call.invoke(&mut ret);
        if !(*zend::eg()).exception.is_null() {
            return None;
        }
    }
    Some(to_long(&ret))
}
