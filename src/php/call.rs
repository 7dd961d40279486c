//! A handler's side of a call: the [`php_fn!`] macro that turns one declaration (PHP
//! name, doc text, typed Rust parameters with PHP defaults, PHP return type, body) into
//! the engine's handler and its [`Func`](super::decl::Func) entry (arginfo and stub),
//! whose body gets a [`Cx`] (cx.rs); and [`IntoReturn`], the one place where a body's result —
//! a value, or a `Result<_, Fail>` — becomes the return value, false, or the exception
//! or error already raised. Argument parsing: args.rs.
//!
//! Why not ext-php-rs's `#[php_class]`/`#[php_function]`: Swoole's signatures must come
//! out exactly under Reflection (union return types such as `int|false`, untyped
//! parameters, defaults given as PHP source such as `SWOOLE_EVENT_READ`), and its
//! argument parsing allocates per call; this keeps a declaration model of our own, with
//! arginfo written from PHP type text.

use std::borrow::Cow;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::types::{ZendHashTable, Zval};

pub use super::cx::Cx;
use super::zend::{self, zend_class_entry, zval};

/// A failed call, as PHP sees it.
#[derive(Debug)]
pub enum Fail {
    /// Return false (any errCode/errMsg or last error was recorded already).
    False,
    /// Return nothing more: an exception or a fatal error has been raised, or the
    /// argument parsing failed.
    Raised,
    /// Throw an exception (boxed: it keeps `Result<_, Fail>` small on the hot paths).
    Throw(Box<Thrown>),
}

/// An exception to throw: `class()` with the message and code.
#[derive(Debug)]
pub struct Thrown {
    class: fn() -> *mut zend_class_entry,
    msg: Cow<'static, str>,
    code: i64,
}

impl Fail {
    /// Throw `class()` with `msg` and `code`.
    #[cold]
    pub fn throw(
        class: fn() -> *mut zend_class_entry,
        msg: impl Into<Cow<'static, str>>,
        code: i64,
    ) -> Fail {
        Fail::Throw(Box::new(Thrown {
            class,
            msg: msg.into(),
            code,
        }))
    }
}

/// What a handler body returns.
pub trait IntoReturn {
    /// Writes `self` as the call's result.
    fn write(self, cx: &Cx<'_>);
}

impl IntoReturn for () {
    #[inline]
    fn write(self, _: &Cx<'_>) {}
}

impl IntoReturn for bool {
    #[inline]
    fn write(self, cx: &Cx<'_>) {
        // SAFETY: the return zval is still null.
        unsafe { zend::ret_bool(cx.ret_ptr(), self) }
    }
}

impl IntoReturn for i64 {
    #[inline]
    fn write(self, cx: &Cx<'_>) {
        // SAFETY: the return zval is still null.
        unsafe { zend::ret_long(cx.ret_ptr(), self) }
    }
}

impl IntoReturn for String {
    fn write(self, cx: &Cx<'_>) {
        let _ = cx.ret().set_string(&self, false);
    }
}

impl IntoReturn for Zval {
    #[inline]
    fn write(self, cx: &Cx<'_>) {
        // SAFETY: the return zval is still null: nothing to drop before the move.
        unsafe { std::ptr::write(cx.ret_ptr().cast::<Zval>(), self) }
    }
}

impl IntoReturn for ZBox<ZendHashTable> {
    fn write(self, cx: &Cx<'_>) {
        cx.ret().set_hashtable(self);
    }
}

impl<T: IntoReturn> IntoReturn for Option<T> {
    /// None: null.
    #[inline]
    fn write(self, cx: &Cx<'_>) {
        match self {
            Some(v) => v.write(cx),
            None => cx.ret().set_null(),
        }
    }
}

impl<T: IntoReturn> IntoReturn for Result<T, Fail> {
    #[inline]
    fn write(self, cx: &Cx<'_>) {
        match self {
            Ok(v) => v.write(cx),
            Err(e) => e.write(cx),
        }
    }
}

impl IntoReturn for Fail {
    fn write(self, cx: &Cx<'_>) {
        match self {
            Fail::False => false.write(cx),
            Fail::Raised => {}
            Fail::Throw(t) => zend::throw((t.class)(), &t.msg, t.code),
        }
    }
}

/// Declares a PHP function or method once:
///
/// ```ignore
/// php_fn! {
///     /// Doc text for the stub.
///     "push" fn channel_push(cx, data: &Zval, timeout: f64 = "-1") -> "bool" {
///         ...  // returns an IntoReturn
///     }
/// }
/// ```
///
/// makes `channel_push`, a [`Func`](super::decl::Func) constant (PHP name, handler,
/// arginfo, doc) that a class or function table lists. Parameters are Rust types
/// implementing [`Arg`](super::args::Arg); a default is PHP source ([`Def::parse`](super::args::Def::parse) gives the Rust value at
/// compile time). The return type is PHP type text ("" for none). The body runs as
/// safe Rust: a Rust panic in it becomes a PHP `Error` (see [`guard`]).
macro_rules! php_fn {
    // `(cx, ..)`: no parameters, and extra arguments ignored (no parsing at all).
    (
        $(#[doc = $doc:literal])*
        $php:literal fn $name:ident($cx:ident, ..) -> $ret:literal $body:block
    ) => {
        #[allow(non_upper_case_globals)]
        pub(crate) const $name: $crate::php::decl::Func = {
            #[allow(unused_variables)]
            fn body($cx: &$crate::php::call::Cx<'_>) -> impl $crate::php::call::IntoReturn $body

            extern "C" fn handler(
                ex: *mut $crate::php::zend::zend_execute_data,
                rv: *mut $crate::php::zend::zval,
            ) {
                $crate::php::call::guard(rv, || {
                    // SAFETY: the engine calls this handler with its frame and return value.
                    let cx = unsafe { $crate::php::call::Cx::new(ex, rv) };
                    $crate::php::call::IntoReturn::write(body(&cx), &cx);
                });
            }

            $crate::php::decl::Func {
                name: $php,
                handler,
                params: &[],
                ret: $ret,
                flags: 0,
                doc: concat!($($doc, "\n"),*),
            }
        };
    };
    (
        $(#[doc = $doc:literal])*
        $php:literal fn $name:ident($cx:ident $(, $arg:ident : $ty:ty $(= $def:literal)?)* $(,)?)
            -> $ret:literal $body:block
    ) => {
        #[allow(non_upper_case_globals)]
        pub(crate) const $name: $crate::php::decl::Func = {
            // Parameters keep Swoole's names, camelCase ones included (`$fileContent`).
            #[allow(unused_variables, non_snake_case, clippy::needless_lifetimes)]
            fn body($cx: &$crate::php::call::Cx<'_> $(, $arg: $ty)*) -> impl $crate::php::call::IntoReturn $body

            #[allow(unused_mut, unused_variables, unused_assignments, unused_comparisons, non_snake_case, clippy::unused_unit)]
            extern "C" fn handler(
                ex: *mut $crate::php::zend::zend_execute_data,
                rv: *mut $crate::php::zend::zval,
            ) {
                #[allow(unused_imports)]
                use $crate::php::args::{Arg, Slot};
                $crate::php::call::guard(rv, || {
                    // SAFETY: the engine calls this handler with its frame and return value.
                    let cx = unsafe { $crate::php::call::Cx::new(ex, rv) };
                    const SPEC: [u8; 32] = $crate::php::args::spec(
                        &[$(<$ty as Arg>::SPEC),*],
                        &[$($crate::php::call::php_fn!(@has $($def)?)),*],
                    );
                    const REQUIRED: u32 = 0 $(+ (!<$ty as Arg>::VARIADIC
                        && !$crate::php::call::php_fn!(@has $($def)?)) as u32)*;
                    const MAX: u32 = if false $(|| <$ty as Arg>::VARIADIC)* {
                        u32::MAX
                    } else {
                        0 $(+ { let _ = stringify!($arg); 1 })*
                    };
                    let n = cx.num_args();
                    let mut i: u32 = 0;
                    let fast = 'fast: {
                        if !(REQUIRED..=MAX).contains(&n) {
                            break 'fast None;
                        }
                        Some(($({
                            let v: $ty = if i < n || <$ty as Arg>::VARIADIC {
                                // SAFETY: argument `i` exists (or the type is variadic).
                                match unsafe { <$ty as Arg>::fast(&cx, i) } {
                                    Some(v) => v,
                                    None => break 'fast None,
                                }
                            } else {
                                <$ty as Arg>::from_default(
                                    const { $crate::php::call::php_fn!(@def $($def)?) })
                            };
                            i += 1;
                            v
                        },)*))
                    };
                    let ($($arg,)*) = match fast {
                        Some(args) => args,
                        None => {
                            let mut slots = [const { Slot::ZERO }; $crate::php::args::MAX_SLOTS];
                            const {
                                assert!(0 $(+ <$ty as Arg>::SLOTS)* <= $crate::php::args::MAX_SLOTS)
                            };
                            // SAFETY: SPEC is built from the same types' specs.
                            if !unsafe { $crate::php::args::zpp(&cx, &SPEC, &mut slots) } {
                                return;
                            }
                            let (mut i, mut k) = (0u32, 0usize);
                            ($({
                                let v: $ty = if i < n || <$ty as Arg>::VARIADIC {
                                    // SAFETY: zpp filled these slots for this argument.
                                    unsafe { <$ty as Arg>::from_slots(&slots[k..]) }
                                } else {
                                    <$ty as Arg>::from_default(
                                        const { $crate::php::call::php_fn!(@def $($def)?) })
                                };
                                i += 1;
                                k += <$ty as Arg>::SLOTS;
                                v
                            },)*)
                        }
                    };
                    $crate::php::call::IntoReturn::write(body(&cx $(, $arg)*), &cx);
                });
            }

            $crate::php::decl::Func {
                name: $php,
                handler,
                params: &[$($crate::php::decl::Param {
                    name: stringify!($arg),
                    ty: <$ty as $crate::php::args::Arg>::PHP_TYPE,
                    default: $crate::php::call::php_fn!(@opt $($def)?),
                    by_ref: <$ty as $crate::php::args::Arg>::BY_REF,
                    variadic: <$ty as $crate::php::args::Arg>::VARIADIC,
                }),*],
                ret: $ret,
                flags: 0,
                doc: concat!($($doc, "\n"),*),
            }
        };
    };
    (@has) => { false };
    (@has $d:literal) => { true };
    (@def) => { $crate::php::args::Def::None };
    (@def $d:literal) => { $crate::php::args::Def::parse($d) };
    (@opt) => { None };
    (@opt $d:literal) => { Some($d) };
}
pub(crate) use php_fn;

/// Runs `body` as the body of a PHP handler whose return value is `rv`: a Rust panic
/// must never unwind into PHP's C frames, so it becomes a PHP `Error` instead. A
/// coroutine that failed fatally while the handler ran (one it resumed) makes the
/// handler bail out or unwind as it returns, once its Rust values are dropped (vm.rs).
#[doc(hidden)]
#[inline]
pub fn guard(rv: *mut zval, body: impl FnOnce()) {
    if let Err(p) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        // SAFETY: zend_ce_error is set once the engine has started.
        zend::throw(
            unsafe { zend::zend_ce_error },
            &format!("cosocket internal error: {msg}"),
            0,
        );
    }
    // SAFETY: the handler's own return value, on PHP's thread, as it returns.
    unsafe { super::vm::bail_if_pending(rv) };
}
