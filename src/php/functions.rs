//! Swoole's remaining global helpers: the local addresses (`swoole_get_local_ip()`,
//! `swoole_get_local_mac()`), `swoole_async_set()`, `swoole_async_dns_lookup_coro()`,
//! `swoole_clear_dns_cache()`, `swoole_set_process_name()`, `swoole_hashcode()`,
//! `swoole_substr_unserialize()`, `swoole_substr_json_decode()`, and the VM's counts
//! and objects (`swoole_get_vm_status()`, `swoole_get_objects()`,
//! `swoole_get_object_by_handle()`).

use std::ffi::{c_char, c_int, CStr};
use std::net::{Ipv4Addr, Ipv6Addr};

use ext_php_rs::ffi;
use ext_php_rs::types::{ZendHashTable, Zval};

use super::args::zval_param;
use super::call::{php_fn, Fail};
use super::decl;
use super::errors::{self, require_coroutine, set_last_error};
use super::options;
use super::state::{LoopState, REQUEST};
use super::{system, vm, zend};

extern "C" {
    fn zend_hash_func(str: *const c_char, len: usize) -> u64;
    fn php_unserialize_with_options(
        rv: *mut ffi::zval,
        buf: *const c_char,
        len: usize,
        options: *mut ffi::HashTable,
        function_name: *const c_char,
    );
    fn php_json_decode_ex(
        rv: *mut ffi::zval,
        str: *const c_char,
        len: usize,
        options: i64,
        depth: i64,
    ) -> c_int;
    /// ext/json's globals (a non-ZTS build: one plain struct).
    static mut json_globals: JsonGlobals;
}

/// ext/json's `zend_json_globals` (the same in PHP 8.2 to 8.4).
#[repr(C)]
struct JsonGlobals {
    encoder_depth: c_int,
    encode_max_depth: c_int,
    error_code: c_int,
}

const PHP_JSON_OBJECT_AS_ARRAY: i64 = 1;
const PHP_JSON_THROW_ON_ERROR: i64 = 1 << 22;

/// Swoole's `php_swoole_sys_error(E_WARNING, ...)`: the message, then errno's text.
fn sys_warning(msg: &str) {
    let e = std::io::Error::last_os_error();
    let code = e.raw_os_error().unwrap_or(0);
    // SAFETY: strerror's result is read at once, on PHP's only thread.
    let text = unsafe { CStr::from_ptr(libc::strerror(code)) }.to_string_lossy();
    zend::error_docref(zend::E_WARNING, &format!("{msg}, Error: {text}[{code}]"));
}

php_fn! {
    /// The addresses of $family (AF_INET or AF_INET6) of the interfaces that are up,
    /// loopback ones left out, keyed by interface name (the last one of a name wins).
    "swoole_get_local_ip" fn swoole_get_local_ip(cx, family: i64 = "2") -> "array" {
        let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
        // SAFETY: getifaddrs fills `list`, freed below.
        if unsafe { libc::getifaddrs(&mut list) } != 0 {
            sys_warning("getifaddrs() failed");
            return Err(Fail::False);
        }
        let mut ht = ZendHashTable::new();
        let mut p = list;
        while !p.is_null() {
            // SAFETY: `p` is an entry of getifaddrs' list, alive until freeifaddrs;
            // its address is a sockaddr of the family it names.
            unsafe {
                let ifa = &*p;
                p = ifa.ifa_next;
                let sa = ifa.ifa_addr;
                if sa.is_null() || ifa.ifa_flags & libc::IFF_UP as u32 == 0 {
                    continue;
                }
                let fam = i64::from((*sa).sa_family);
                if fam != family {
                    continue;
                }
                let addr = match (*sa).sa_family as c_int {
                    libc::AF_INET => {
                        let a = Ipv4Addr::from(u32::from_be((*sa.cast::<libc::sockaddr_in>()).sin_addr.s_addr));
                        (!a.is_loopback()).then(|| a.to_string())
                    }
                    libc::AF_INET6 => {
                        let a = Ipv6Addr::from((*sa.cast::<libc::sockaddr_in6>()).sin6_addr.s6_addr);
                        (!a.is_loopback()).then(|| a.to_string())
                    }
                    _ => None,
                };
                if let Some(addr) = addr {
                    let name = CStr::from_ptr(ifa.ifa_name).to_string_lossy();
                    let _ = ht.insert(&*name, addr);
                }
            }
        }
        // SAFETY: the list getifaddrs gave, freed once.
        unsafe { libc::freeifaddrs(list) };
        Ok(ht)
    }
}

/// The hardware addresses of the interfaces SIOCGIFCONF lists (those with an IPv4
/// address), loopback ones left out.
fn local_macs() -> Result<Vec<(String, [u8; 6])>, &'static str> {
    // SAFETY: a plain socket, closed below.
    let fd = unsafe { libc::socket(libc::AF_INET, libc::SOCK_DGRAM, 0) };
    if fd < 0 {
        return Err("socket creation failed");
    }
    // SAFETY: zeroed ifreqs are valid; SIOCGIFCONF writes at most `ifc_len` bytes into
    // `reqs` and sets `ifc_len` to what it wrote; the other ioctls fill the ifreq given.
    let out = unsafe {
        let mut reqs: [libc::ifreq; 64] = std::mem::zeroed();
        let mut ifc: libc::ifconf = std::mem::zeroed();
        ifc.ifc_len = std::mem::size_of_val(&reqs) as c_int;
        ifc.ifc_ifcu.ifcu_req = reqs.as_mut_ptr();
        if libc::ioctl(fd, libc::SIOCGIFCONF, &mut ifc) < 0 {
            Err("ioctl SIOCGIFCONF failed")
        } else {
            let n = ifc.ifc_len as usize / std::mem::size_of::<libc::ifreq>();
            let mut out = Vec::new();
            for r in &reqs[..n.min(reqs.len())] {
                let mut q: libc::ifreq = std::mem::zeroed();
                q.ifr_name = r.ifr_name;
                q.ifr_name[libc::IFNAMSIZ - 1] = 0;
                if libc::ioctl(fd, libc::SIOCGIFFLAGS, &mut q) < 0
                    || q.ifr_ifru.ifru_flags as c_int & libc::IFF_LOOPBACK != 0
                    || libc::ioctl(fd, libc::SIOCGIFHWADDR, &mut q) != 0
                {
                    continue;
                }
                let d = q.ifr_ifru.ifru_hwaddr.sa_data;
                let mac = [d[0], d[1], d[2], d[3], d[4], d[5]].map(|b| b as u8);
                let name = CStr::from_ptr(q.ifr_name.as_ptr())
                    .to_string_lossy()
                    .into_owned();
                out.push((name, mac));
            }
            Ok(out)
        }
    };
    // SAFETY: our socket, closed once.
    unsafe { libc::close(fd) };
    out
}

php_fn! {
    /// The MAC address (upper-case hex) of each non-loopback interface with an IPv4 address.
    "swoole_get_local_mac" fn swoole_get_local_mac(cx) -> "array" {
        match local_macs() {
            Ok(list) => {
                let mut ht = ZendHashTable::new();
                for (name, m) in list {
                    let text = format!(
                        "{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}",
                        m[0], m[1], m[2], m[3], m[4], m[5]
                    );
                    let _ = ht.insert(name.as_str(), text);
                }
                Ok(ht)
            }
            Err(msg) => {
                sys_warning(msg);
                Err(Fail::False)
            }
        }
    }
}

/// Bob Jenkins' one-at-a-time hash, bytes read as C's signed char (as Swoole does).
fn one_at_a_time(data: &[u8]) -> u32 {
    let mut h: u32 = 0;
    for &b in data {
        h = h.wrapping_add(b as i8 as i32 as u32);
        h = h.wrapping_add(h << 10);
        h ^= h >> 6;
    }
    h = h.wrapping_add(h << 3);
    h ^= h >> 11;
    h.wrapping_add(h << 15)
}

php_fn! {
    /// $type 0: PHP's string hash (zend_hash_func); 1: one-at-a-time; else false.
    "swoole_hashcode" fn swoole_hashcode(cx, data: &[u8], r#type: i64 = "0") -> "int|false" {
        match r#type {
            // SAFETY: the bytes are valid for their length.
            0 => Ok(unsafe { zend_hash_func(data.as_ptr().cast(), data.len()) } as i64),
            1 => Ok(i64::from(one_at_a_time(data))),
            _ => Err(Fail::False),
        }
    }
}

zval_param!(
    /// A `string` parameter that Swoole parses as any value (`Z_PARAM_ZVAL`), to check
    /// its type itself.
    AnyAsString, "string"
);

php_fn! {
    /// As System::dnsLookup() (left out, $timeout is socket_dns_timeout). No result
    /// cache: each call resolves.
    "swoole_async_dns_lookup_coro" fn swoole_async_dns_lookup_coro(
        cx,
        domain_name: AnyAsString,
        timeout: f64 = "60",
        r#type: i64 = "AF_INET",
    ) -> "string|false" {
        require_coroutine();
        let Some(name) = domain_name.0.zend_str() else {
            set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
            zend::error_docref(zend::E_WARNING, "invalid domain name");
            return Err(Fail::False);
        };
        let timeout = if cx.num_args() < 2 { options::timeouts().dns } else { timeout };
        system::dns_lookup(name.as_bytes(), r#type, timeout)
    }
}

php_fn! {
    /// Nothing to clear: cosocket keeps no DNS cache.
    "swoole_clear_dns_cache" fn swoole_clear_dns_cache(cx) -> "void" {}
}

php_fn! {
    /// Process-wide settings, before the event loop runs: socket_*_timeout,
    /// socket_buffer_size and log_level as Coroutine::set() takes them; Swoole's other
    /// keys (aio_*, dns_cache_refresh_time, enable_coroutine...) are accepted and ignored.
    "swoole_async_set" fn swoole_async_set(cx, settings: &ZendHashTable) -> "bool" {
        if runtime_running() {
            set_last_error(errors::SW_ERROR_OPERATION_NOT_SUPPORT);
            zend::fatal_error_no_bailout(
                "swoole_async_set(): eventLoop has already been created. unable to change settings",
            );
            if crate::runtime::in_coroutine() {
                vm::mark_objects_destructed();
                vm::fail_current_coroutine(true);
                return Err(Fail::Raised);
            }
            // SAFETY: the error is reported; PHP's handler on the main stack ends the script.
            unsafe { zend::bailout() }
        }
        options::apply_global(settings);
        Ok(true)
    }
}

/// Swoole's "the reactor exists": from Co\run() (or the loop) until it ends.
fn runtime_running() -> bool {
    crate::runtime::in_coroutine() || REQUEST.loop_state.get() == LoopState::Running
}

php_fn! {
    /// cli_set_process_title() under Swoole's name (CLI only).
    "swoole_set_process_name" fn swoole_set_process_name(cx, process_name: &[u8]) -> "bool" {
        let _ = process_name;
        let name = "cli_set_process_title";
        // SAFETY: EG(function_table) is the live table; its values are zend_function
        // pointers. The CLI's handler parses the same frame again (one string), as
        // Swoole passes the call on.
        unsafe {
            let f = zend::zend_hash_str_find((*zend::eg()).function_table, name.as_ptr().cast(), name.len());
            let handler = if f.is_null() {
                None
            } else {
                (*(*f).value.func).internal_function.handler
            };
            match handler {
                Some(h) => h(cx.ex(), cx.ret_ptr()),
                None => {
                    set_last_error(errors::SW_ERROR_PHP_FATAL_ERROR);
                    zend::error_docref(zend::E_WARNING, "swoole_set_process_name only support in CLI mode");
                    cx.ret().set_bool(false);
                }
            }
        }
    }
}

/// The part of `len` bytes that Swoole's substr functions decode: a negative offset
/// counts from the end; a length <= 0 or past the end runs to the end. Err: which
/// offset rule failed (too negative, or not below the length).
fn substr_range(len: usize, offset: i64, length: i64) -> Result<(usize, usize), bool> {
    let len = len as i64;
    let offset = if offset < 0 { len + offset } else { offset };
    if offset < 0 {
        return Err(true);
    }
    if offset >= len {
        return Err(false);
    }
    let rest = len - offset;
    let length = if length <= 0 || length > rest {
        rest
    } else {
        length
    };
    Ok((offset as usize, length as usize))
}

php_fn! {
    /// unserialize() of part of $str (see swoole_substr_json_decode() for the range);
    /// false for an empty string or an offset out of range.
    "swoole_substr_unserialize" fn swoole_substr_unserialize(
        cx,
        str: &[u8],
        offset: i64,
        length: i64 = "0",
        options: Option<&ZendHashTable> = "[]",
    ) -> "mixed" {
        let Ok((off, n)) = substr_range(str.len(), offset, length) else {
            return Err(Fail::False);
        };
        let opts = options.map_or(std::ptr::null_mut(), |h| (h as *const ZendHashTable).cast_mut().cast());
        // SAFETY: the range lies within the string; the return zval is still null;
        // unserialize only reads the options.
        unsafe {
            php_unserialize_with_options(
                cx.ret_ptr(),
                str.as_ptr().add(off).cast(),
                n,
                opts,
                c"swoole_ext_unserialize".as_ptr(),
            )
        };
        Ok(())
    }
}

php_fn! {
    /// json_decode() of part of $str: from $offset (negative: from the end) for $length
    /// bytes (<= 0 or too long: to the end). null with a warning for an empty string, an
    /// offset out of range, or a depth out of 1..INT_MAX.
    "swoole_substr_json_decode" fn swoole_substr_json_decode(
        cx,
        str: &[u8],
        offset: i64,
        length: i64 = "0",
        associative: Option<bool> = "false",
        depth: i64 = "512",
        flags: i64 = "0",
    ) -> "mixed" {
        if str.is_empty() {
            zend::error_docref(zend::E_WARNING, "Non-empty string required");
            return;
        }
        let (off, n) = match substr_range(str.len(), offset, length) {
            Ok(r) => r,
            Err(true) => {
                zend::error_docref(
                    zend::E_WARNING,
                    "Offset must be not less than the negative length of the string",
                );
                return;
            }
            Err(false) => {
                zend::error_docref(zend::E_WARNING, "Offset must be less than the length of the string");
                return;
            }
        };
        // The bool overrides the flag, as in json_decode().
        let flags = match associative {
            Some(true) => flags | PHP_JSON_OBJECT_AS_ARRAY,
            Some(false) => flags & !PHP_JSON_OBJECT_AS_ARRAY,
            None => flags,
        };
        if flags & PHP_JSON_THROW_ON_ERROR == 0 {
            // SAFETY: ext/json's globals, on PHP's only thread.
            unsafe { (*std::ptr::addr_of_mut!(json_globals)).error_code = 0 };
        }
        if depth <= 0 {
            zend::error_docref(zend::E_WARNING, "Depth must be greater than zero");
            return;
        }
        if depth > i64::from(i32::MAX) {
            zend::error_docref(zend::E_WARNING, &format!("Depth must be lower than {}", i32::MAX));
            return;
        }
        // SAFETY: the range lies within the string (whose terminating NUL the scanner
        // reads up to, as for json_decode()); the return zval is still null.
        unsafe { php_json_decode_ex(cx.ret_ptr(), str.as_ptr().add(off).cast(), n, flags, depth) };
    }
}

/// The live objects of the store, in handle order (Swoole's test: valid, with handlers
/// that name a class).
fn live_objects() -> Vec<*mut zend::zend_object> {
    // SAFETY: EG(objects_store) is live; buckets below `top` are object pointers, or
    // free-list entries (with IS_OBJ_INVALID's low bit set), or null.
    unsafe {
        let store = &(*zend::eg()).objects_store;
        let mut out = Vec::new();
        for i in 0..store.top as usize {
            let obj = *store.object_buckets.add(i);
            if !obj.is_null()
                && (obj as usize) & 1 == 0
                && !(*obj).handlers.is_null()
                && (*(*obj).handlers).get_class_name.is_some()
            {
                out.push(obj);
            }
        }
        out
    }
}

php_fn! {
    /// The number of live objects and of resources (EG(regular_list)).
    "swoole_get_vm_status" fn swoole_get_vm_status(cx) -> "array" {
        // SAFETY: EG(regular_list) is a live table.
        let resources = unsafe { ffi::zend_array_count(std::ptr::addr_of_mut!((*zend::eg()).regular_list)) };
        let mut ht = ZendHashTable::new();
        let _ = ht.insert("object_num", live_objects().len() as i64);
        let _ = ht.insert("resource_num", i64::from(resources));
        ht
    }
}

/// A new reference to `obj` as a zval.
fn object_zval(obj: *mut zend::zend_object) -> Zval {
    let mut z = Zval::new();
    // SAFETY: `obj` is a live object; set_object adds the zval's reference.
    z.set_object(unsafe { &mut *obj.cast() });
    z
}

php_fn! {
    /// Every live object, or false when none was ever created.
    "swoole_get_objects" fn swoole_get_objects(cx) -> "array|false" {
        // SAFETY: EG(objects_store) is live.
        if unsafe { (*zend::eg()).objects_store.top } <= 1 {
            return Err(Fail::False);
        }
        let mut ht = ZendHashTable::new();
        for obj in live_objects() {
            let _ = ht.push(object_zval(obj));
        }
        Ok(ht)
    }
}

php_fn! {
    /// The live object of handle $handle, else false.
    "swoole_get_object_by_handle" fn swoole_get_object_by_handle(cx, handle: i64) -> "object|false" {
        // SAFETY: EG(objects_store) is live.
        let top = unsafe { (*zend::eg()).objects_store.top } as i64;
        // Swoole reads below the store for a negative handle; here that is false.
        if top <= 1 || handle < 0 || handle >= top {
            return Err(Fail::False);
        }
        // SAFETY: 0 <= handle < top.
        let obj = unsafe { *(*zend::eg()).objects_store.object_buckets.add(handle as usize) };
        match live_objects().into_iter().find(|&o| o == obj) {
            Some(o) => Ok(object_zval(o)),
            None => Err(Fail::False),
        }
    }
}

pub fn register() {
    decl::register_functions(&[
        swoole_get_local_ip,
        swoole_get_local_mac,
        swoole_hashcode,
        swoole_async_dns_lookup_coro,
        swoole_clear_dns_cache,
        swoole_async_set,
        swoole_set_process_name,
        swoole_substr_unserialize,
        swoole_substr_json_decode,
        swoole_get_vm_status,
        swoole_get_objects,
        swoole_get_object_by_handle,
    ]);
}
