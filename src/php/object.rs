//! PHP objects that carry a Rust value: the zend_object is embedded at the end of a
//! `#[repr(C)]` struct (PHP allocates declared properties, and the property-guard slot
//! of classes with `__get`/`__set`/`__isset`/`__unset`, after it), the handlers'
//! `offset` leads back to the Rust part, and `free_obj` drops it.
//!
//! The Rust value is set once (by the constructor) and only ever shared afterwards: a
//! coroutine parked inside a method keeps a `&T` across the switch, so no `&mut T` may
//! be made while the object lives. Mutable state inside `T` uses `Cell`/`RefCell`.

use std::cell::OnceCell;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::ffi;

use super::zend::{self, zend_class_entry, zend_object};

/// A Rust type living inside PHP objects of one class.
pub trait Native: Sized + 'static {
    /// Where the class's handlers are kept (set once by [`handlers_for`]).
    fn handlers() -> &'static AtomicPtr<ffi::zend_object_handlers>;
}

/// The allocation behind a PHP object of a native class.
#[repr(C)]
struct Obj<T> {
    /// Empty until the constructor ran; never emptied while the object lives.
    data: OnceCell<T>,
    std: zend_object,
}

/// Makes the handlers for `T`'s class: PHP's standard ones, not cloneable (as Swoole's
/// classes: `clone` throws PHP's "uncloneable object" Error), freeing the Rust value
/// with the object.
pub fn handlers_for<T: Native>() {
    // SAFETY: copying PHP's handler table, which is immutable after startup.
    let mut h: ffi::zend_object_handlers = unsafe { ptr::read(&zend::std_object_handlers) };
    h.offset = std::mem::offset_of!(Obj<T>, std) as i32;
    h.free_obj = Some(free_obj::<T>);
    h.clone_obj = None;
    T::handlers().store(Box::into_raw(Box::new(h)), Ordering::Relaxed);
}

/// `create_object` for `T`'s class (and every PHP subclass of it).
///
/// # Safety
/// Called by the engine with the class being instantiated, after [`handlers_for::<T>`].
pub unsafe extern "C" fn create_object<T: Native>(ce: *mut zend_class_entry) -> *mut zend_object {
    // zend_object_alloc's size rule: the embedded zend_object counts one property slot;
    // the engine adds the others, plus the guard slot when the class uses guards.
    // SAFETY: `ce` is a live class entry; the allocation is large enough for `Obj<T>`
    // followed by the class's property slots.
    let obj = unsafe { ffi::ext_php_rs_zend_object_alloc(std::mem::size_of::<Obj<T>>(), ce) }
        .cast::<Obj<T>>();
    const {
        assert!(
            std::mem::align_of::<Obj<T>>() <= 8,
            "emalloc aligns to 8 bytes"
        )
    };
    // SAFETY: `obj` is a fresh allocation, aligned enough (asserted above).
    unsafe {
        ptr::write(ptr::addr_of_mut!((*obj).data), OnceCell::new());
        let std = ptr::addr_of_mut!((*obj).std);
        zend::zend_object_std_init(std, ce);
        zend::object_properties_init(std, ce);
        (*std).handlers = T::handlers().load(Ordering::Relaxed);
        std
    }
}

/// # Safety
/// Called by the engine once, with an object made by [`create_object::<T>`].
unsafe extern "C" fn free_obj<T: Native>(object: *mut zend_object) {
    // SAFETY: the object is being freed: nobody holds a reference to its data any more
    // (a parked coroutine holds `$this` in its frame, which keeps the object alive).
    unsafe {
        let obj = container::<T>(object);
        ptr::drop_in_place(ptr::addr_of_mut!((*obj).data));
        zend::zend_object_std_dtor(object);
    }
}

/// # Safety
/// `object` is the embedded zend_object of an `Obj<T>` (made by [`create_object::<T>`]).
unsafe fn container<T: Native>(object: *mut zend_object) -> *mut Obj<T> {
    // SAFETY: per the contract, `std` sits at this offset inside an `Obj<T>`.
    unsafe {
        object
            .cast::<u8>()
            .sub(std::mem::offset_of!(Obj<T>, std))
            .cast()
    }
}

/// The Rust part of a native object: `None` until its constructor has run.
///
/// # Safety
/// `object` must be a live object of a class created by [`create_object::<T>`], and the
/// reference must not outlive it (a method's `$this` does not go while it runs).
pub unsafe fn get<'a, T: Native>(object: *mut zend_object) -> Option<&'a T> {
    // SAFETY: only shared references to `data` are ever made (see the module docs).
    unsafe { (*container::<T>(object)).data.get() }
}

/// Sets the Rust part once; `Err(value)` when it was set already.
///
/// # Safety
/// As [`get`].
pub unsafe fn init<'a, T: Native>(object: *mut zend_object, value: T) -> Result<&'a T, T> {
    // SAFETY: as in `get`; `OnceCell::set` needs only `&self`.
    let cell = unsafe { &(*container::<T>(object)).data };
    cell.set(value)?;
    Ok(cell.get().expect("just set"))
}

/// The Rust part, made with `T::default()` on first use (classes whose constructor is
/// optional, like WaitGroup's and Scheduler's).
///
/// # Safety
/// As [`get`].
pub unsafe fn get_or_default<'a, T: Native + Default>(object: *mut zend_object) -> &'a T {
    // SAFETY: as in `get`.
    unsafe { (*container::<T>(object)).data.get_or_init(T::default) }
}

/// Whether `object` is one of `T`'s class (or a subclass): made by
/// [`create_object::<T>`], which gives it `T`'s own handler table.
#[inline(always)]
pub fn is<T: Native>(object: *mut zend_object) -> bool {
    // SAFETY: a non-null object pointer from the engine points to a live object.
    !object.is_null()
        && std::ptr::eq(
            unsafe { (*object).handlers },
            T::handlers().load(Ordering::Relaxed),
        )
}
