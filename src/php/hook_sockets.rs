//! The ext-sockets hook (SWOOLE_HOOK_SOCKETS). Stub: the hook is another change's;
//! runtime_hooks.rs calls this when the flag changes.

/// Puts the hooked `socket_*` functions in place (`on`) or PHP's back.
pub fn set_enabled(on: bool) {
    let _ = on;
}
