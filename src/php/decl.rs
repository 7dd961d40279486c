//! Registration of functions, classes, properties and constants from their
//! declarations: each PHP-visible signature is written once, next to its handler (by
//! [`php_fn!`](super::call::php_fn)), and turned into the engine's arginfo here — so
//! Reflection sees exactly what Swoole's stubs declare, union return types included —
//! and into the stub (decl/stub.rs, written by `scripts/gen-stub.sh`).

use std::ffi::{c_char, CString};
use std::ptr;

use ext_php_rs::ffi;

use super::ini;
use super::state::PROCESS;
use super::zend::{self, zend_class_entry, Handler, MAY_BE_NULL, SEND_BY_REF, TYPE_NAME_BIT};

pub(super) mod stub;

/// A PHP type as arginfo holds it: a mask of `MAY_BE_*` bits, plus a class name.
#[derive(Clone, Copy)]
struct Ty {
    mask: u32,
    class: Option<&'static str>,
}

/// Parses PHP type text as a declaration writes it (`int|false`, `?array`, `mixed`,
/// `\Swoole\Coroutine\Socket|false`, "" for none) into arginfo's form (MINIT).
fn parse_type(text: &'static str) -> Ty {
    let (nullable, text) = match text.strip_prefix('?') {
        Some(t) => (true, t),
        None => (false, text),
    };
    let mut ty = Ty {
        mask: if nullable { MAY_BE_NULL } else { 0 },
        class: None,
    };
    for part in text.split('|').filter(|p| !p.is_empty()) {
        ty.mask |= match part {
            "int" => zend::MAY_BE_LONG,
            "float" => zend::MAY_BE_DOUBLE,
            "string" => zend::MAY_BE_STRING,
            "bool" => zend::MAY_BE_BOOL,
            "false" => zend::MAY_BE_FALSE,
            "true" => zend::MAY_BE_TRUE,
            "null" => MAY_BE_NULL,
            "array" => zend::MAY_BE_ARRAY,
            "mixed" => zend::MAY_BE_ANY,
            "void" => zend::MAY_BE_VOID,
            "callable" => zend::MAY_BE_CALLABLE,
            class => {
                assert!(ty.class.is_none(), "one class per type: {text}");
                ty.class = Some(class.trim_start_matches('\\'));
                0
            }
        };
    }
    ty
}

/// One parameter, as [`php_fn!`](super::call::php_fn) declares it.
#[derive(Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    /// PHP type text ("" for none).
    pub ty: &'static str,
    /// The default as PHP source (`"65536"`, `"SWOOLE_EVENT_READ"`), None if required.
    pub default: Option<&'static str>,
    pub by_ref: bool,
    pub variadic: bool,
}

impl Param {
    /// The PHP name (a keyword such as `fn` is written `r#fn` in Rust).
    pub fn php_name(&self) -> &'static str {
        self.name.trim_start_matches("r#")
    }
}

/// A function or method: PHP name, handler, parameters, return type (PHP text, "" for
/// none), `ZEND_ACC_*` flags, and its doc text for the stub. Made by
/// [`php_fn!`](super::call::php_fn); the registration tables list them.
#[derive(Clone, Copy)]
pub struct Func {
    pub name: &'static str,
    pub handler: Handler,
    pub params: &'static [Param],
    pub ret: &'static str,
    pub flags: u32,
    pub doc: &'static str,
}

impl Func {
    /// The same handler and signature under another PHP name.
    pub const fn named(self, name: &'static str) -> Func {
        Func { name, ..self }
    }
    /// With other doc text.
    pub const fn doc(self, doc: &'static str) -> Func {
        Func { doc, ..self }
    }
    /// A public method.
    pub const fn public(self) -> Func {
        Func {
            flags: zend::ACC_PUBLIC,
            ..self
        }
    }
    /// A public static method.
    pub const fn public_static(self) -> Func {
        Func {
            flags: zend::ACC_PUBLIC | zend::ACC_STATIC,
            ..self
        }
    }
}

/// A declared property's default.
#[derive(Clone, Copy)]
pub enum PropDefault {
    Long(i64),
    Str(&'static str),
    Bool(bool),
    /// `[]` (the engine's immutable empty array).
    EmptyArray,
    /// An untyped property's implicit default.
    Null,
}

/// A declared property: name, PHP type ("" or "int"), default, flags, doc text.
#[derive(Clone, Copy)]
pub struct Prop {
    pub name: &'static str,
    pub ty: &'static str,
    pub default: PropDefault,
    pub flags: u32,
    pub doc: &'static str,
}

/// A class: everything its registration and its part of the stub need.
pub struct Class<'a> {
    pub name: &'static str,
    pub doc: &'static str,
    /// The parent: its name as the stub spells it, and its entry.
    pub parent: Option<(&'static str, *mut zend_class_entry)>,
    /// `ZEND_ACC_*` class flags (final, not serializable).
    pub flags: u32,
    pub methods: &'a [Func],
    pub props: &'a [Prop],
    pub aliases: &'a [&'static str],
    /// Integer class constants (name, value).
    pub consts: &'a [(&'static str, i64)],
    /// A custom object allocator (classes with a Rust value).
    pub create_object:
        Option<unsafe extern "C" fn(*mut zend_class_entry) -> *mut zend::zend_object>,
}

impl Class<'_> {
    /// A class named `name` with nothing else yet.
    pub const fn new(name: &'static str) -> Class<'static> {
        Class {
            name,
            doc: "",
            parent: None,
            flags: 0,
            methods: &[],
            props: &[],
            aliases: &[],
            consts: &[],
            create_object: None,
        }
    }
}

use super::state::Kept;

/// Keeps `k` until MSHUTDOWN (module_shutdown, in php/mod.rs); its heap data does not move.
fn keep(k: Kept) {
    PROCESS.kept.borrow_mut().push(k);
}

/// Keeps `v` until MSHUTDOWN; returns where its elements lie.
fn keep_slice<T>(v: Vec<T>, kind: fn(Box<[T]>) -> Kept) -> *const T {
    let b = v.into_boxed_slice();
    let p = b.as_ptr();
    keep(kind(b));
    p
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
            type_: zend_type(parse_type(f.ret), 0),
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
            let mut ty = parse_type(p.ty);
            if p.default == Some("null") && ty.mask != 0 {
                ty.mask |= MAY_BE_NULL;
            }
            info.push(ffi::zend_internal_arg_info {
                name: kept_cstr(p.php_name()),
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

/// Registers global functions (MINIT only); a namespaced one has its namespace in
/// its name. Those the `swoole.*` INI settings leave out are skipped (identity.rs).
pub fn register_functions(funcs: &[Func]) {
    let kept: Vec<Func>;
    let funcs = if funcs.iter().all(|f| ini::wanted(f.name)) {
        funcs
    } else {
        kept = funcs
            .iter()
            .filter(|f| ini::wanted(f.name))
            .copied()
            .collect();
        &kept
    };
    stub::functions(funcs);
    // SAFETY: called in MINIT; the entries live for the process. 1 = MODULE_PERSISTENT.
    unsafe { zend::zend_register_functions(ptr::null_mut(), entries(funcs), ptr::null_mut(), 1) };
}

/// Registers a class, its properties and aliases (MINIT only). Returns its entry, or
/// null for a class the `swoole.*` INI settings leave out (identity.rs), whose aliases
/// go with it; an alias they leave out alone is skipped.
pub fn register_class(class: &Class) -> *mut zend_class_entry {
    if !ini::wanted(class.name) {
        return ptr::null_mut();
    }
    let aliases: Vec<&'static str> = class
        .aliases
        .iter()
        .copied()
        .filter(|a| ini::wanted(a))
        .collect();
    let class = &Class {
        aliases: &aliases,
        ..*class
    };
    stub::class(class);
    // SAFETY: a zeroed class entry is what INIT_CLASS_ENTRY starts from; the engine
    // copies it into its own allocation on registration.
    let ce = unsafe {
        let mut ce: zend_class_entry = std::mem::zeroed();
        ce.name = zend::interned(class.name);
        ce.info.internal.builtin_functions = entries(class.methods);
        let parent = class.parent.map_or(ptr::null_mut(), |p| p.1);
        let reg = zend::zend_register_internal_class_ex(&mut ce, parent);
        (*reg).ce_flags |= class.flags;
        if class.create_object.is_some() {
            (*reg).__bindgen_anon_2.create_object = class.create_object;
        }
        reg
    };
    for p in class.props {
        let mut z = ext_php_rs::types::Zval::new();
        match p.default {
            PropDefault::Long(v) => z.set_long(v),
            // SAFETY: an interned string in a fresh zval: shared by every object,
            // never freed.
            PropDefault::Str(s) => unsafe {
                let raw = (&mut z as *mut ext_php_rs::types::Zval).cast::<ffi::zval>();
                (*raw).value.str_ = zend::interned(s);
                (*raw).u1.type_info = zend::IS_STRING as u32; // interned: not refcounted
            },
            PropDefault::Bool(b) => z.set_bool(b),
            // SAFETY: the engine's immutable empty array, never freed: ZVAL_EMPTY_ARRAY
            // (not refcounted, as an internal class's defaults must be).
            PropDefault::EmptyArray => unsafe {
                let raw = (&mut z as *mut ext_php_rs::types::Zval).cast::<ffi::zval>();
                (*raw).value.arr = ptr::addr_of!(zend::zend_empty_array).cast_mut();
                (*raw).u1.type_info = 7; // IS_ARRAY
            },
            PropDefault::Null => z.set_null(),
        }
        declare(ce, p.name, z, p.flags, parse_type(p.ty).mask);
    }
    for &(name, v) in class.consts {
        // SAFETY: MINIT, a registered class; the engine copies the name.
        unsafe { zend::zend_declare_class_constant_long(ce, name.as_ptr().cast(), name.len(), v) };
    }
    for a in class.aliases {
        // SAFETY: MINIT; the engine copies the name.
        unsafe { zend::zend_register_class_alias_ex(a.as_ptr().cast(), a.len(), ce, true) };
    }
    ce
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
    stub::constant(name, stub::Value::Int(value));
    // SAFETY: MINIT; the engine copies the name. 1 = CONST_PERSISTENT.
    unsafe {
        zend::zend_register_long_constant(name.as_ptr().cast(), name.len(), value, 1, module_number)
    };
}

/// Registers a float constant (MINIT only).
pub fn constant_f64(name: &str, value: f64, module_number: i32) {
    stub::constant(name, stub::Value::Float(value));
    // SAFETY: MINIT; the engine copies the name. 1 = CONST_PERSISTENT.
    unsafe {
        zend::zend_register_double_constant(
            name.as_ptr().cast(),
            name.len(),
            value,
            1,
            module_number,
        )
    };
}

/// Registers a string constant (MINIT only).
pub fn constant_str(name: &str, value: &'static str, module_number: i32) {
    stub::constant(name, stub::Value::Str(value));
    let v = super::zend::cstr(value);
    // SAFETY: MINIT; the engine copies the name and the value. 1 = CONST_PERSISTENT.
    unsafe {
        ffi::zend_register_string_constant(
            name.as_ptr().cast(),
            name.len(),
            v.as_ptr(),
            1,
            module_number,
        )
    };
}

/// Registers a boolean constant (MINIT only).
pub fn constant_bool(name: &str, value: bool, module_number: i32) {
    stub::constant(name, stub::Value::Bool(value));
    // SAFETY: MINIT; the engine copies the name. 1 = CONST_PERSISTENT.
    unsafe {
        ffi::zend_register_bool_constant(name.as_ptr().cast(), name.len(), value, 1, module_number)
    };
}

/// Registers one of the platform's socket constants that ext-sockets would define
/// (MINIT only): not part of the stub, whose API is the same with ext-sockets loaded.
pub fn platform_constant(name: &str, value: i64, module_number: i32) {
    // SAFETY: MINIT; the engine copies the name. 1 = CONST_PERSISTENT.
    unsafe {
        zend::zend_register_long_constant(name.as_ptr().cast(), name.len(), value, 1, module_number)
    };
}

/// Gives the next constant registered (the head of a group) its doc text in the stub.
pub fn constant_doc(doc: &'static str) {
    stub::constant_doc(doc);
}
