//! [`Cx`]: a handler's call as its body sees it (arguments, `$this`, return value).
//! Apart from call.rs (which makes it) and args.rs (which reads the arguments through
//! it), so that those two do not depend on each other both ways.

use std::marker::PhantomData;

use ext_php_rs::types::Zval;

use super::object::{self, Native};
use super::zend::{self, zend_execute_data, zend_object, zval};

/// A handler's call: its frame and return value. Made only by
/// [`php_fn!`](super::call::php_fn)'s handler, which is what makes its safe methods sound.
pub struct Cx<'a> {
    ex: *mut zend_execute_data,
    rv: *mut zval,
    _frame: PhantomData<&'a mut zval>,
}

impl<'a> Cx<'a> {
    /// # Safety
    /// `ex` is the frame PHP passed to a handler and `rv` its return value (null or
    /// undefined), both valid for `'a`; PHP's thread, executor active.
    #[doc(hidden)]
    pub unsafe fn new(ex: *mut zend_execute_data, rv: *mut zval) -> Cx<'a> {
        Cx {
            ex,
            rv,
            _frame: PhantomData,
        }
    }

    /// The call's frame (to pass a call on to another handler).
    #[inline]
    pub(super) fn ex(&self) -> *mut zend_execute_data {
        self.ex
    }

    /// `ZEND_NUM_ARGS()`.
    #[inline]
    pub fn num_args(&self) -> u32 {
        zend::num_args(self.ex)
    }

    /// The `i`th argument's zval (0-based; `i < num_args()`).
    #[inline]
    pub(super) fn arg(&self, i: u32) -> *mut zval {
        debug_assert!(i < self.num_args());
        // SAFETY: ZEND_CALL_ARG(ex, i + 1): the arguments follow the frame.
        unsafe {
            self.ex
                .cast::<zval>()
                .add(zend::CALL_FRAME_SLOT + i as usize)
        }
    }

    /// `$this`, null in a static call.
    #[inline]
    pub fn this_obj(&self) -> *mut zend_object {
        zend::this_obj(self.ex)
    }

    /// The Rust value of `$this`: None until its constructor has run (or if `$this`
    /// is not a `T`, which the engine's own check on methods rules out).
    #[inline]
    pub fn this<T: Native>(&self) -> Option<&'a T> {
        let obj = self.this_obj();
        if !object::is::<T>(obj) {
            return None;
        }
        // SAFETY: a live object of `T`'s class, alive while its method runs.
        unsafe { object::get::<T>(obj) }
    }

    /// The Rust value of `$this`, made with `T::default()` on first use.
    #[inline]
    pub fn this_or_default<T: Native + Default>(&self) -> &'a T {
        let obj = self.this_obj();
        assert!(object::is::<T>(obj), "$this is not of the method's class");
        // SAFETY: as in `this`.
        unsafe { object::get_or_default::<T>(obj) }
    }

    /// A declared property slot of `$this` (slot `i` in declaration order; a parent's
    /// come first).
    ///
    /// # Safety
    /// `$this` has at least `i + 1` declared properties.
    #[inline]
    pub unsafe fn this_prop(&self, i: usize) -> &'a mut Zval {
        zend::zv((*self.this_obj()).properties_table.as_mut_ptr().add(i))
    }

    /// The return value, for bodies that build it in place.
    #[inline]
    pub fn ret(&self) -> &'a mut Zval {
        // SAFETY: the handler's return zval, valid for the call.
        unsafe { zend::zv(self.rv) }
    }

    /// The raw return zval.
    #[inline]
    pub fn ret_ptr(&self) -> *mut zval {
        self.rv
    }
}
