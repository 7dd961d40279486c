//! PHP objects that carry a Rust value: the zend_object is embedded at the end of a
//! `#[repr(C)]` struct (PHP allocates declared properties after it), the handlers'
//! `offset` leads back to the Rust part, and `free_obj` drops it.

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
pub struct Obj<T> {
    /// `None` until the constructor ran (and after an explicit teardown).
    pub data: Option<T>,
    pub std: zend_object,
}

/// Makes the handlers for `T`'s class: PHP's standard ones, not cloneable, freeing the
/// Rust value with the object.
pub fn handlers_for<T: Native>() {
    // SAFETY: copying PHP's handler table, which is immutable after startup.
    let mut h: ffi::zend_object_handlers = unsafe { ptr::read(&zend::std_object_handlers) };
    h.offset = std::mem::offset_of!(Obj<T>, std) as i32;
    h.free_obj = Some(free_obj::<T>);
    h.clone_obj = None;
    T::handlers().store(Box::into_raw(Box::new(h)), Ordering::Relaxed);
}

/// `create_object` for `T`'s class.
///
/// # Safety
/// Called by the engine with the class being instantiated.
pub unsafe extern "C" fn create_object<T: Native>(ce: *mut zend_class_entry) -> *mut zend_object {
    // Declared properties live right after the embedded zend_object (its last member,
    // properties_table[1], counts one of them).
    let props = (*ce).default_properties_count.max(1) as usize - 1;
    let size = std::mem::size_of::<Obj<T>>() + props * std::mem::size_of::<ffi::zval>();
    let obj = zend::_ecalloc(1, size).cast::<Obj<T>>();
    ptr::write(ptr::addr_of_mut!((*obj).data), None);
    let std = ptr::addr_of_mut!((*obj).std);
    zend::zend_object_std_init(std, ce);
    zend::object_properties_init(std, ce);
    (*std).handlers = T::handlers().load(Ordering::Relaxed);
    std
}

unsafe extern "C" fn free_obj<T: Native>(object: *mut zend_object) {
    let obj = container::<T>(object);
    ptr::drop_in_place(ptr::addr_of_mut!((*obj).data));
    zend::zend_object_std_dtor(object);
}

/// # Safety
/// `object` is the embedded zend_object of an `Obj<T>` (made by [`create_object::<T>`]).
unsafe fn container<T: Native>(object: *mut zend_object) -> *mut Obj<T> {
    object.cast::<u8>().sub(std::mem::offset_of!(Obj<T>, std)).cast()
}

/// The Rust part of a native object.
///
/// # Safety
/// `object` must be an object of a class created by [`create_object::<T>`].
pub unsafe fn data<'a, T: Native>(object: *mut zend_object) -> &'a mut Option<T> {
    &mut (*container::<T>(object)).data
}


