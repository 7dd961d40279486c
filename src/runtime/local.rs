//! Where the runtime's state lives: in a thread-local for the core (its tests run on
//! many threads at once, each with a runtime of its own), and in a plain static once
//! the PHP layer is built in.
//!
//! Why not a thread-local always: the module is a `cdylib` that PHP loads with
//! `dlopen`, so every thread-local access goes through `__tls_get_addr` (the
//! general-dynamic model); the runtime is reached several times per channel round trip
//! and per socket wait, and those calls were a tenth of a channel round trip's
//! instructions. A static costs one RIP-relative address.

/// A static that every caller shares, with the part of `LocalKey`'s interface the
/// runtime uses, so that one declaration serves both builds.
#[cfg(all(feature = "php", not(test)))]
pub(crate) struct ProcessLocal<T>(T);

// SAFETY: a `ProcessLocal` exists only in builds with the PHP layer (see the macro
// below), and there it is touched only by PHP's one thread: cosocket refuses ZTS
// builds (build.rs, config.m4), an NTS PHP runs every request on one thread, and the
// core's own threads (the DNS workers) never reach runtime state (they hand their
// answers over through a mutex and a mio `Waker`).
#[cfg(all(feature = "php", not(test)))]
unsafe impl<T> Sync for ProcessLocal<T> {}

#[cfg(all(feature = "php", not(test)))]
impl<T> ProcessLocal<T> {
    pub(crate) const fn new(value: T) -> ProcessLocal<T> {
        ProcessLocal(value)
    }

    /// Runs `f` with the value, as `LocalKey::with` does.
    #[inline(always)]
    pub(crate) fn with<R>(&'static self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.0)
    }
}

/// Declares `static NAME: T = const_init;` shared by the process under the PHP layer,
/// one per thread otherwise (and in the crate's own tests). Either way it is read with
/// `NAME.with(|v| ...)`.
macro_rules! runtime_local {
    ($(#[$attr:meta])* static $name:ident: $ty:ty = $init:expr;) => {
        #[cfg(any(test, not(feature = "php")))]
        thread_local! {
            $(#[$attr])* static $name: $ty = const { $init };
        }
        #[cfg(all(feature = "php", not(test)))]
        $(#[$attr])*
        static $name: $crate::runtime::local::ProcessLocal<$ty> =
            $crate::runtime::local::ProcessLocal::new($init);
    };
}
pub(crate) use runtime_local;
