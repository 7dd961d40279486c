//! The hooked stream transports (SWOOLE_HOOK_TCP, UDP, UNIX, UDG, SSL, TLS). Stub: the
//! transports are another change's; runtime_hooks.rs calls this when their flags change.

/// Puts the hooked transports in place or PHP's back: `flags` is every hook flag now
/// on (runtime_hooks.rs's `HOOK_*`); each transport follows its own bit.
pub fn set_enabled(flags: u32) {
    let _ = flags;
}
