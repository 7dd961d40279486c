//! Declarative registration of functions, classes and properties: each PHP-visible
//! signature is written once, as data next to its handler, and turned into the
//! engine's arginfo here — so reflection (and the stub test) see exactly what Swoole's
//! stubs declare, union return types included.

use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::ptr;

use ext_php_rs::ffi;

use super::zend::{self, zend_class_entry, Handler, MAY_BE_NULL, SEND_BY_REF, TYPE_NAME_BIT};

/// A PHP type: a mask of `MAY_BE_*` bits, plus a class name.
#[derive(Clone, Copy)]
pub struct Ty {
    pub mask: u32,
    pub class: Option<&'static str>,
}

impl Ty {
    pub const fn of(mask: u32) -> Ty {
        Ty { mask, class: None }
    }
    pub const fn class(name: &'static str, mask: u32) -> Ty {
        Ty {
            mask,
            class: Some(name),
        }
    }
    /// No declared type.
    pub const NONE: Ty = Ty::of(0);
}

/// One parameter.
#[derive(Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub ty: Ty,
    /// The default as PHP source (`"65536"`, `"SWOOLE_EVENT_READ"`), None if required.
    pub default: Option<&'static str>,
    pub by_ref: bool,
    pub variadic: bool,
}

/// A required parameter.
pub const fn arg(name: &'static str, ty: Ty) -> Param {
    Param {
        name,
        ty,
        default: None,
        by_ref: false,
        variadic: false,
    }
}

/// An optional parameter with its default.
pub const fn opt(name: &'static str, ty: Ty, default: &'static str) -> Param {
    Param {
        name,
        ty,
        default: Some(default),
        by_ref: false,
        variadic: false,
    }
}

/// A by-reference parameter.
pub const fn by_ref(p: Param) -> Param {
    Param { by_ref: true, ..p }
}

/// A variadic parameter (`...$args`).
pub const fn variadic(name: &'static str, ty: Ty) -> Param {
    Param {
        name,
        ty,
        default: None,
        by_ref: false,
        variadic: true,
    }
}

/// A function or method: name, handler, parameters, return type, `ZEND_ACC_*` flags.
pub struct Func<'a> {
    pub name: &'static str,
    pub handler: Handler,
    pub params: &'a [Param],
    pub ret: Ty,
    pub flags: u32,
}

/// What the engine keeps pointers into, from MINIT to MSHUTDOWN: the function tables,
/// their arginfo and the names in them. Held for their heap data, never read.
#[allow(dead_code)]
enum Kept {
    Name(CString),
    ArgInfo(Box<[ffi::zend_internal_arg_info]>),
    Entries(Box<[ffi::zend_function_entry]>),
}

thread_local! {
    /// MINIT and MSHUTDOWN run on the same thread (PHP is NTS here).
    static KEPT: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `k` until [`module_shutdown`]; its heap data does not move.
fn keep(k: Kept) {
    KEPT.with(|v| v.borrow_mut().push(k));
}

/// Keeps `v` until [`module_shutdown`]; returns where its elements lie.
fn keep_slice<T>(v: Vec<T>, kind: fn(Box<[T]>) -> Kept) -> *const T {
    let b = v.into_boxed_slice();
    let p = b.as_ptr();
    keep(kind(b));
    p
}

/// Frees what the registrations kept (MSHUTDOWN). By then the engine reads none of
/// it: it copied the arginfo of every typed function (and frees its copy itself), and
/// what it still points to for the others (parameter names) only reflection reads.
pub fn module_shutdown() {
    KEPT.with(|v| v.borrow_mut().clear());
}

fn zend_type(ty: Ty, extra: u32) -> ffi::zend_type {
    match ty.class {
        Some(name) => ffi::zend_type {
            // A literal class name: zend_register_functions turns it into a zend_string.
            ptr: kept_cstr(name).cast_mut().cast(),
            type_mask: ty.mask | TYPE_NAME_BIT | extra,
        },
        None => ffi::zend_type {
            ptr: ptr::null_mut(),
            type_mask: ty.mask | extra,
        },
    }
}

fn kept_cstr(s: &str) -> *const c_char {
    let c = CString::new(s).expect("no NUL in names");
    let p = c.as_ptr();
    keep(Kept::Name(c));
    p
}

/// Builds the engine's entries for `funcs`. They are kept until MSHUTDOWN, as the
/// engine keeps pointers into them.
fn entries(funcs: &[Func]) -> *const ffi::zend_function_entry {
    let mut table: Vec<ffi::zend_function_entry> = Vec::with_capacity(funcs.len() + 1);
    for f in funcs {
        let required = f
            .params
            .iter()
            .take_while(|p| p.default.is_none() && !p.variadic)
            .count();
        let mut info: Vec<ffi::zend_internal_arg_info> = Vec::with_capacity(f.params.len() + 1);
        info.push(ffi::zend_internal_arg_info {
            name: required as *const c_char,
            type_: zend_type(f.ret, 0),
            default_value: ptr::null(),
        });
        let mut flags = f.flags;
        for p in f.params {
            let mut extra = 0;
            if p.by_ref {
                extra |= SEND_BY_REF;
            }
            if p.variadic {
                extra |= zend::IS_VARIADIC_BIT;
                flags |= zend::ACC_VARIADIC;
            }
            let ty = if p.default == Some("null") && p.ty.mask != 0 {
                Ty {
                    mask: p.ty.mask | MAY_BE_NULL,
                    ..p.ty
                }
            } else {
                p.ty
            };
            info.push(ffi::zend_internal_arg_info {
                name: kept_cstr(p.name),
                type_: zend_type(ty, extra),
                default_value: p.default.map_or(ptr::null(), kept_cstr),
            });
        }
        let arg_info = keep_slice(info, Kept::ArgInfo);
        table.push(ffi::zend_function_entry {
            fname: kept_cstr(f.name),
            // SAFETY: same ABI; ext-php-rs spells the pointer types as references.
            handler: Some(unsafe {
                std::mem::transmute::<Handler, unsafe extern "C" fn(_, _)>(f.handler)
            }),
            arg_info,
            num_args: f.params.len() as u32,
            flags,
            // PHP 8.4's additions: no frameless variants, no doc comment.
            #[cfg(php84)]
            frameless_function_infos: ptr::null(),
            #[cfg(php84)]
            doc_comment: ptr::null(),
        });
    }
    // SAFETY: an all-zero entry is the table terminator.
    table.push(unsafe { std::mem::zeroed() });
    keep_slice(table, Kept::Entries)
}

/// Registers global functions (MINIT only).
pub fn register_functions(funcs: &[Func]) {
    // SAFETY: called in MINIT; the entries live for the process. 1 = MODULE_PERSISTENT.
    unsafe { zend::zend_register_functions(ptr::null_mut(), entries(funcs), ptr::null_mut(), 1) };
}

/// Registers a class `name` extending `parent` (may be null) with `methods`.
/// `create_object` sets a custom object allocator. Returns the class entry.
pub fn register_class(
    name: &str,
    parent: *mut zend_class_entry,
    methods: &[Func],
    flags: u32,
    create_object: Option<unsafe extern "C" fn(*mut zend_class_entry) -> *mut zend::zend_object>,
) -> *mut zend_class_entry {
    // SAFETY: a zeroed class entry is what INIT_CLASS_ENTRY starts from; the engine
    // copies it into its own allocation on registration.
    unsafe {
        let mut ce: zend_class_entry = std::mem::zeroed();
        ce.name = zend::interned(name);
        ce.info.internal.builtin_functions = entries(methods);
        let reg = zend::zend_register_internal_class_ex(&mut ce, parent);
        (*reg).ce_flags |= flags;
        if create_object.is_some() {
            (*reg).__bindgen_anon_2.create_object = create_object;
        }
        reg
    }
}

/// Registers `alias` as another name of `ce`.
pub fn alias(alias: &str, ce: *mut zend_class_entry) {
    // SAFETY: MINIT; the engine copies the name.
    unsafe { zend::zend_register_class_alias_ex(alias.as_ptr().cast(), alias.len(), ce, true) };
}

/// Declares a typed property with an integer default.
pub fn prop_long(ce: *mut zend_class_entry, name: &str, default: i64, flags: u32) {
    let mut z = ext_php_rs::types::Zval::new();
    z.set_long(default);
    declare(ce, name, z, flags, zend::MAY_BE_LONG);
}

/// Declares an untyped property with an integer default (Swoole declares its socket
/// properties so).
pub fn prop_untyped_long(ce: *mut zend_class_entry, name: &str, default: i64, flags: u32) {
    let mut z = ext_php_rs::types::Zval::new();
    z.set_long(default);
    declare(ce, name, z, flags, 0);
}

/// Declares an untyped property with a string default.
pub fn prop_untyped_string(ce: *mut zend_class_entry, name: &str, default: &str, flags: u32) {
    let mut z = ext_php_rs::types::Zval::new();
    // SAFETY: an interned string in a fresh zval: shared by every object, never freed.
    unsafe {
        let raw = (&mut z as *mut ext_php_rs::types::Zval).cast::<ffi::zval>();
        (*raw).value.str_ = zend::interned(default);
        (*raw).u1.type_info = 6; // IS_STRING, interned: not refcounted
    }
    declare(ce, name, z, flags, 0);
}

fn declare(
    ce: *mut zend_class_entry,
    name: &str,
    default: ext_php_rs::types::Zval,
    flags: u32,
    mask: u32,
) {
    let mut default = std::mem::ManuallyDrop::new(default);
    // SAFETY: MINIT; the engine takes the default's value (persistent or interned).
    unsafe {
        zend::zend_declare_typed_property(
            ce,
            zend::interned(name),
            (&mut *default as *mut ext_php_rs::types::Zval).cast(),
            flags as i32,
            ptr::null_mut(),
            ffi::zend_type {
                ptr: ptr::null_mut(),
                type_mask: mask,
            },
        );
    }
}

/// Registers an integer constant (MINIT only).
pub fn constant(name: &str, value: i64, module_number: i32) {
    // SAFETY: MINIT; the engine copies the name. 1 = CONST_PERSISTENT.
    unsafe {
        zend::zend_register_long_constant(name.as_ptr().cast(), name.len(), value, 1, module_number)
    };
}
