//! The Zend API this extension needs beyond ext-php-rs's bindings, and small helpers
//! over it. Everything here is a thin wrapper: PHP exports these symbols, the php
//! executable provides them when the module is loaded.

#![allow(non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void, CString};
use std::ptr;

use ext_php_rs::ffi;
pub use ext_php_rs::ffi::{
    executor_globals, zend_class_entry, zend_execute_data, zend_fcall_info, zend_fcall_info_cache,
    zend_object, zend_string, zval, HashTable,
};
use ext_php_rs::types::Zval;

pub type Handler = extern "C" fn(*mut zend_execute_data, *mut zval);

// Type masks and flags from zend_types.h / zend_type_info.h / zend_compile.h (PHP 8.1+).
pub const MAY_BE_NULL: u32 = 1 << 1;
pub const MAY_BE_FALSE: u32 = 1 << 2;
pub const MAY_BE_TRUE: u32 = 1 << 3;
pub const MAY_BE_BOOL: u32 = MAY_BE_FALSE | MAY_BE_TRUE;
pub const MAY_BE_LONG: u32 = 1 << 4;
pub const MAY_BE_DOUBLE: u32 = 1 << 5;
pub const MAY_BE_STRING: u32 = 1 << 6;
pub const MAY_BE_ARRAY: u32 = 1 << 7;
pub const MAY_BE_ANY: u32 = 0x3fe;
pub const MAY_BE_CALLABLE: u32 = 1 << 12;
pub const MAY_BE_VOID: u32 = 1 << 14;
/// Marks an arginfo type's `ptr` as a class name given as a C string: PHP 8.3 gave
/// such literal names their own bit (`_ZEND_TYPE_LITERAL_NAME_BIT`); before, they
/// shared `_ZEND_TYPE_NAME_BIT` with `zend_string` names.
#[cfg(php83)]
pub const TYPE_NAME_BIT: u32 = ffi::_ZEND_TYPE_LITERAL_NAME_BIT;
#[cfg(not(php83))]
pub const TYPE_NAME_BIT: u32 = 1 << 24;
pub const SEND_BY_REF: u32 = 1 << 25;
pub const IS_VARIADIC_BIT: u32 = 1 << 27;

pub const ACC_PUBLIC: u32 = 1 << 0;
pub const ACC_PROTECTED: u32 = 1 << 1;
pub const ACC_PRIVATE: u32 = 1 << 2;
pub const ACC_STATIC: u32 = 1 << 4;
pub const ACC_READONLY: u32 = 1 << 7;
pub const ACC_VARIADIC: u32 = 1 << 14;
pub const ACC_NOT_SERIALIZABLE: u32 = 1 << 29;

pub const E_ERROR: c_int = 1;
/// Report without bailing out (the caller ends the script its own way).
pub const E_DONT_BAIL: c_int = 1 << 15;
pub const E_WARNING: c_int = 2;
pub const E_NOTICE: c_int = 8;
pub const E_CORE_WARNING: c_int = 32;
pub const E_DEPRECATED: c_int = 8192;

pub const IS_UNDEF: u8 = 0;
pub const IS_LONG: u8 = 4;
pub const IS_DOUBLE: u8 = 5;
pub const IS_STRING: u8 = 6;
pub const IS_OBJECT: u8 = 8;
pub const IS_RESOURCE: u8 = 9;

extern "C" {
    pub fn zend_parse_parameters(num_args: u32, type_spec: *const c_char, ...) -> c_int;
    pub fn zend_register_functions(
        scope: *mut zend_class_entry,
        functions: *const ffi::zend_function_entry,
        function_table: *mut HashTable,
        type_: c_int,
    ) -> c_int;
    pub fn zend_register_class_alias_ex(
        name: *const c_char,
        name_len: usize,
        ce: *mut zend_class_entry,
        persistent: bool,
    ) -> c_int;
    pub fn zend_declare_typed_property(
        ce: *mut zend_class_entry,
        name: *mut zend_string,
        property: *mut zval,
        access_type: c_int,
        doc_comment: *mut zend_string,
        type_: ffi::zend_type,
    ) -> *mut c_void;
    pub fn zend_call_function(fci: *mut zend_fcall_info, fcc: *mut zend_fcall_info_cache) -> c_int;
    pub fn zend_fetch_debug_backtrace(
        return_value: *mut zval,
        skip_last: c_int,
        options: c_int,
        limit: c_int,
    );
    pub fn zend_exception_error(ex: *mut zend_object, severity: c_int) -> c_int;
    pub fn zend_vm_stack_init_ex(page_size: usize);
    pub fn zend_vm_stack_destroy();
    pub fn zend_error(type_: c_int, format: *const c_char, ...);
    pub fn _zend_bailout(filename: *const c_char, lineno: u32) -> !;
    pub fn zend_register_long_constant(
        name: *const c_char,
        len: usize,
        val: i64,
        flags: c_int,
        module: c_int,
    );
    pub fn zend_register_double_constant(
        name: *const c_char,
        len: usize,
        val: f64,
        flags: c_int,
        module: c_int,
    );
    pub fn zend_get_constant_str(name: *const c_char, len: usize) -> *mut zval;
    pub fn php_output_write(s: *const c_char, len: usize) -> usize;
    pub fn object_init_ex(arg: *mut zval, ce: *mut zend_class_entry) -> c_int;
    pub fn zend_declare_class_constant_long(
        ce: *mut zend_class_entry,
        name: *const c_char,
        len: usize,
        value: i64,
    );
    pub fn zend_hash_str_find(ht: *const HashTable, key: *const c_char, len: usize) -> *mut zval;
    pub fn zend_object_std_init(object: *mut zend_object, ce: *mut zend_class_entry);
    pub fn zend_object_std_dtor(object: *mut zend_object);
    pub fn object_properties_init(object: *mut zend_object, ce: *mut zend_class_entry);
    pub fn zend_register_internal_class_ex(
        ce: *mut zend_class_entry,
        parent: *mut zend_class_entry,
    ) -> *mut zend_class_entry;
    pub fn _emalloc(size: usize) -> *mut c_void;
    pub fn _ecalloc(n: usize, size: usize) -> *mut c_void;
    pub fn _efree(p: *mut c_void);
    pub fn _erealloc(p: *mut c_void, size: usize) -> *mut c_void;
    pub static zend_empty_string: *mut zend_string;
    pub static zend_empty_array: HashTable;
    pub static mut module_registry: HashTable;
    pub static zend_ce_exception: *mut zend_class_entry;
    pub static zend_ce_error: *mut zend_class_entry;
    pub static zend_ce_type_error: *mut zend_class_entry;
    pub static zend_ce_value_error: *mut zend_class_entry;
    pub fn zend_zval_type_name(arg: *const zval) -> *const c_char;
    pub static spl_ce_ArrayIterator: *mut zend_class_entry;
    pub static spl_ce_ArrayObject: *mut zend_class_entry;
    pub static spl_ce_BadMethodCallException: *mut zend_class_entry;
    pub static spl_ce_InvalidArgumentException: *mut zend_class_entry;
    pub static std_object_handlers: ffi::zend_object_handlers;
    pub fn zend_hash_destroy(ht: *mut HashTable);
    pub fn zend_get_callable_name(callable: *mut zval) -> *mut zend_string;
    pub static mut zend_string_init_interned:
        Option<unsafe extern "C" fn(*const c_char, usize, bool) -> *mut zend_string>;
}

/// The executor globals (EG). NTS build: one instance, PHP's thread only.
#[inline]
pub fn eg() -> *mut ffi::zend_executor_globals {
    // SAFETY: taking the address of PHP's global does not read it.
    ptr::addr_of_mut!(executor_globals)
}

/// `ZEND_NUM_ARGS()` of a call frame.
#[inline]
pub fn num_args(ex: *mut zend_execute_data) -> u32 {
    // SAFETY: `ex` is the frame PHP passed to the handler.
    unsafe { (*ex).This.u2.num_args }
}

/// `ZEND_CALL_FRAME_SLOT`: a call frame's size in zval slots (its arguments, and the
/// next frame on the VM stack, start this many zvals after it).
pub const CALL_FRAME_SLOT: usize = size_of::<zend_execute_data>().div_ceil(size_of::<zval>());

/// `RETURN_LONG`.
///
/// # Safety
/// `rv` is a handler's return zval, still undefined or null.
#[inline]
pub unsafe fn ret_long(rv: *mut zval, v: i64) {
    (*rv).value.lval = v;
    (*rv).u1.type_info = IS_LONG as u32;
}

/// `RETURN_BOOL`.
///
/// # Safety
/// As [`ret_long`].
#[inline]
pub unsafe fn ret_bool(rv: *mut zval, v: bool) {
    (*rv).u1.type_info = if v { 3 } else { 2 }; // IS_TRUE, IS_FALSE
}

/// `getThis()`'s object, null for static calls.
#[inline]
pub fn this_obj(ex: *mut zend_execute_data) -> *mut zend_object {
    // SAFETY: `ex` is the frame PHP passed to the handler; This holds an object for
    // instance methods.
    unsafe {
        if (*ex).This.u1.v.type_ == IS_OBJECT {
            (*ex).This.value.obj
        } else {
            ptr::null_mut()
        }
    }
}

/// A persistent interned zend_string.
pub fn interned(s: &str) -> *mut zend_string {
    // SAFETY: zend_string_init_interned is set by the engine before MINIT and copies.
    unsafe {
        zend_string_init_interned.expect("engine not started")(s.as_ptr().cast(), s.len(), true)
    }
}

/// NUL-terminated copy for C APIs (interior NULs cut the string short).
pub fn cstr(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap_or_default()
}

/// Throws `ce` with `msg` and `code`.
pub fn throw(ce: *mut zend_class_entry, msg: &str, code: i64) {
    let m = cstr(msg);
    // SAFETY: `ce` is a registered class; the message is copied.
    unsafe { ffi::zend_throw_exception(ce, m.as_ptr(), code) };
}

/// Emits a PHP diagnostic of `level` in the style of `php_error_docref` (the running
/// function's name is prefixed).
pub fn error_docref(level: c_int, msg: &str) {
    let m = cstr(msg);
    // SAFETY: "%s" with a valid C string.
    unsafe { ffi::php_error_docref(ptr::null(), level, c"%s".as_ptr(), m.as_ptr()) };
}

/// Emits a PHP diagnostic of `level` without a function prefix.
pub fn zend_error_str(level: c_int, msg: &str) {
    let m = cstr(msg);
    // SAFETY: "%s" with a valid C string.
    unsafe { zend_error(level, c"%s".as_ptr(), m.as_ptr()) };
}

extern "C" {
    fn zend_error_at(
        type_: c_int,
        filename: *mut zend_string,
        lineno: u32,
        format: *const c_char,
        ...
    );
    fn zend_get_executed_filename_ex() -> *mut zend_string;
    fn zend_get_executed_lineno() -> u32;
}

/// [`zend_error_str`] of E_ERROR without the bailout (the caller ends the script its
/// own way), naming the running script's file and line as E_ERROR does.
pub fn fatal_error_no_bailout(msg: &str) {
    let m = cstr(msg);
    // SAFETY: the executor is active; "%s" with a valid C string. zend_error() names
    // no file for a level with E_DONT_BAIL in it, hence zend_error_at.
    unsafe {
        zend_error_at(
            E_ERROR | E_DONT_BAIL,
            zend_get_executed_filename_ex(),
            zend_get_executed_lineno(),
            c"%s".as_ptr(),
            m.as_ptr(),
        )
    };
}

/// Writes to PHP's output (honours output buffering).
pub fn output(s: &str) {
    // SAFETY: the bytes are valid for `len`.
    unsafe { php_output_write(s.as_ptr().cast(), s.len()) };
}

/// Whether a module of that (lowercase) name is loaded.
pub fn module_loaded(name: &str) -> bool {
    // SAFETY: module_registry is PHP's global module table, valid after startup began.
    unsafe {
        !zend_hash_str_find(
            ptr::addr_of!(module_registry),
            name.as_ptr().cast(),
            name.len(),
        )
        .is_null()
    }
}

/// Reads a zval as a borrowed ext-php-rs `Zval`.
///
/// # Safety
/// `zv` must be a valid zval for `'a`.
pub unsafe fn zv<'a>(zv: *mut zval) -> &'a mut Zval {
    &mut *zv.cast::<Zval>()
}

/// The value behind a reference (a by-reference argument, or a property the script
/// made a reference to), or `z` itself.
#[inline(always)]
pub fn deref(z: &mut Zval) -> &mut Zval {
    // The type byte read straight (ext-php-rs's is_reference() decodes the whole type):
    // this runs on every property write of a socket operation.
    // SAFETY: `u1.v.type_` is always initialised; IS_REFERENCE means `value.ref_` points
    // at a live zend_reference, whose `val` lives as long as `z` holds it.
    unsafe {
        if z.u1.v.type_ == ffi::IS_REFERENCE as u8 {
            &mut *(&mut (*z.value.ref_).val as *mut ffi::zval).cast::<Zval>()
        } else {
            z
        }
    }
}

extern "C" {
    /// PHP's assignment through a typed reference: checks (and coerces to) the types
    /// of the properties it is bound to; takes `val` (freed on failure, with a TypeError).
    fn zend_try_assign_typed_ref(r: *mut ffi::zend_reference, val: *mut zval) -> c_int;
}

/// Assigns `v` to a by-reference argument as PHP's `ZEND_TRY_ASSIGN_REF` does: through
/// a reference bound to typed properties with their type check (false, and a TypeError
/// pending, when the type refuses `v`), else plainly.
pub fn assign(z: &mut Zval, v: Zval) -> bool {
    // SAFETY: IS_REFERENCE means `value.ref_` is a live zend_reference; its `sources`
    // union is non-null exactly when typed properties hold it. The typed path takes
    // `v`'s value, so `v` is not dropped here.
    unsafe {
        if z.u1.v.type_ == ffi::IS_REFERENCE as u8 {
            let r = z.value.ref_;
            if !(*r).sources.ptr.is_null() {
                let mut v = std::mem::ManuallyDrop::new(v);
                return zend_try_assign_typed_ref(r, (&mut *v as *mut Zval).cast()) == 0;
            }
        }
    }
    *deref(z) = v;
    true
}

/// Declared property slot `slot` of `obj`, through a reference the script made to it
/// (`$r = &$o->errCode;`): written there, as the engine and Swoole write properties,
/// the script's reference keeps following the property.
///
/// # Safety
/// `obj` is a live object of a class that declares `slot` (or of a subclass), for `'a`.
#[inline(always)]
pub unsafe fn prop<'a>(obj: *mut zend_object, slot: usize) -> &'a mut Zval {
    deref(zv((*obj).properties_table.as_mut_ptr().add(slot)))
}

/// Raises PHP's own bailout (fatal error unwinding) from Rust.
///
/// # Safety
/// Longjmps to `EG(bailout)`: Rust frames between here and there are skipped without
/// running destructors. Call with nothing that must be dropped on the stack.
pub unsafe fn bailout() -> ! {
    _zend_bailout(c"cosocket".as_ptr(), 0)
}

/// `IS_STRING | IS_TYPE_REFCOUNTED << 8`: a zval holding a counted string.
const IS_STRING_EX: u32 = IS_STRING as u32 | (1 << 8);
/// `IS_STRING | GC_NOT_COLLECTABLE`: the GC type of a string.
const GC_STRING: u32 = 6 | (1 << 4);

fn zstr_size(len: usize) -> usize {
    (std::mem::offset_of!(zend_string, val) + len + 1 + 7) & !7
}

/// An emalloc'd zend_string with room for `len` bytes, for a syscall to fill in place.
pub fn zstr_alloc(len: usize) -> *mut zend_string {
    // SAFETY: emalloc never returns null (it bails out on exhaustion); the header
    // fields are written before the string is used.
    unsafe {
        let s = _emalloc(zstr_size(len)).cast::<zend_string>();
        (*s).gc.refcount = 1;
        (*s).gc.u.type_info = GC_STRING;
        (*s).h = 0;
        (*s).len = len;
        s
    }
}

/// The `len` bytes of a string from [`zstr_alloc`], to be filled.
///
/// # Safety
/// `s` comes from `zstr_alloc` and is not shared yet.
pub unsafe fn zstr_spare<'a>(s: *mut zend_string) -> &'a mut [std::mem::MaybeUninit<u8>] {
    std::slice::from_raw_parts_mut((*s).val.as_mut_ptr().cast(), (*s).len)
}

/// Shrinks a filled string to the `used` bytes the syscall wrote, NUL-terminated.
///
/// # Safety
/// `s` comes from `zstr_alloc`, is not shared yet, and its first `used` bytes are written.
pub unsafe fn zstr_finish(s: *mut zend_string, used: usize) -> *mut zend_string {
    let s = if used < (*s).len {
        _erealloc(s.cast(), zstr_size(used)).cast::<zend_string>()
    } else {
        s
    };
    (*s).len = used;
    *(*s).val.as_mut_ptr().add(used) = 0;
    s
}

/// Frees a string from [`zstr_alloc`] that was never handed out.
///
/// # Safety
/// `s` comes from `zstr_alloc` and is not shared.
pub unsafe fn zstr_free(s: *mut zend_string) {
    _efree(s.cast());
}

/// An emalloc'd zend_string holding a copy of `bytes` (one reference, the caller's).
pub fn zstr_from(bytes: &[u8]) -> *mut zend_string {
    let s = zstr_alloc(bytes.len());
    // SAFETY: a fresh string with room for `bytes` and the NUL zstr_finish writes.
    unsafe {
        std::ptr::copy_nonoverlapping(
            bytes.as_ptr(),
            (*s).val.as_mut_ptr().cast::<u8>(),
            bytes.len(),
        );
        zstr_finish(s, bytes.len())
    }
}

/// Drops one reference of a string from [`zstr_alloc`]/[`zstr_from`], freeing it with
/// the last.
///
/// # Safety
/// `s` is a live string from `zstr_alloc`/`zstr_from` (never interned) and the caller
/// owns the reference it drops.
pub unsafe fn zstr_release(s: *mut zend_string) {
    (*s).gc.refcount -= 1;
    if (*s).gc.refcount == 0 {
        zstr_free(s);
    }
}

/// Makes `rv` hold `s` (taking its reference).
///
/// # Safety
/// `rv` is an undefined or null return zval; `s` is a valid string we own one reference of.
pub unsafe fn return_str(rv: *mut zval, s: *mut zend_string) {
    (*rv).value.str_ = s;
    (*rv).u1.type_info = IS_STRING_EX;
}

/// Makes `rv` the interned empty string.
///
/// # Safety
/// `rv` is an undefined or null return zval.
pub unsafe fn return_empty_str(rv: *mut zval) {
    (*rv).value.str_ = zend_empty_string;
    (*rv).u1.type_info = IS_STRING as u32; // interned: not refcounted
}

/// PHP's name of a value's type ("int", "string", "array"...), as in its TypeErrors.
pub fn type_name(z: *const zval) -> String {
    // SAFETY: returns a static string for any valid zval.
    unsafe { std::ffi::CStr::from_ptr(zend_zval_type_name(z)) }
        .to_string_lossy()
        .into_owned()
}

/// A warning like [`error_docref`]'s whose text is bytes (a value's byte as it is;
/// NULs are dropped).
pub fn warn_bytes(mut msg: Vec<u8>) {
    msg.retain(|&b| b != 0);
    let m = CString::new(msg).unwrap_or_default();
    // SAFETY: "%s" with a valid C string.
    unsafe { ffi::php_error_docref(ptr::null(), E_WARNING, c"%s".as_ptr(), m.as_ptr()) };
}
