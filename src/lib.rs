//! cosocket: Swoole-compatible coroutine sockets for PHP.
//!
//! The crate has a PHP-free core ([`runtime`]: coroutines, event loop, timers, DNS)
//! and, behind the default `php` feature, the PHP layer (`php`) that exposes it as
//! Swoole's API. `cargo test --no-default-features` tests the core without PHP.

pub mod errors;
pub mod net;
pub mod protocol;
pub mod runtime;

#[cfg(feature = "php")]
mod php;
