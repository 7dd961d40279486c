//! The PHP stub of the whole API (`stubs/cosocket.stub.php`), written from the same
//! declarations the engine registers: when `COSOCKET_STUB=path` is set at MINIT, every
//! registration is recorded and the stub is written to `path` (scripts/gen-stub.sh).
//! Nothing is recorded otherwise.

use std::cell::RefCell;
use std::fmt::Write;

use super::{Class, Func, Prop, PropDefault};

/// A constant's value.
#[derive(Clone, Copy)]
pub enum Value {
    Int(i64),
    Float(f64),
    Str(&'static str),
    Bool(bool),
}

struct Const {
    name: String,
    value: Value,
    doc: &'static str,
}

struct ClassRec {
    name: &'static str,
    doc: &'static str,
    parent: Option<&'static str>,
    is_final: bool,
    methods: Vec<Func>,
    props: Vec<Prop>,
    aliases: Vec<&'static str>,
    consts: Vec<(&'static str, i64)>,
}

#[derive(Default)]
struct Recorded {
    consts: Vec<Const>,
    pending_doc: Option<&'static str>,
    funcs: Vec<Func>,
    classes: Vec<ClassRec>,
}

thread_local! {
    /// Some while recording (MINIT with COSOCKET_STUB set); PHP's thread only.
    static REC: RefCell<Option<Recorded>> = const { RefCell::new(None) };
}

/// Starts recording if the stub is asked for (MINIT, before any registration).
pub fn module_startup() {
    if std::env::var_os("COSOCKET_STUB").is_some() {
        REC.with(|r| *r.borrow_mut() = Some(Recorded::default()));
    }
}

fn record(f: impl FnOnce(&mut Recorded)) {
    REC.with(|r| {
        if let Some(rec) = r.borrow_mut().as_mut() {
            f(rec)
        }
    });
}

pub fn functions(funcs: &[Func]) {
    record(|r| r.funcs.extend_from_slice(funcs));
}

pub fn class(c: &Class) {
    record(|r| {
        r.classes.push(ClassRec {
            name: c.name,
            doc: c.doc,
            parent: c.parent.map(|p| p.0),
            is_final: c.flags & ACC_FINAL != 0,
            methods: c.methods.to_vec(),
            props: c.props.to_vec(),
            aliases: c.aliases.to_vec(),
            consts: c.consts.to_vec(),
        })
    });
}

pub fn constant(name: &str, value: Value) {
    record(|r| {
        let doc = r.pending_doc.take().unwrap_or("");
        r.consts.push(Const {
            name: name.to_string(),
            value,
            doc,
        });
    });
}

pub fn constant_doc(doc: &'static str) {
    record(|r| r.pending_doc = Some(doc));
}

/// ZEND_ACC_FINAL.
pub const ACC_FINAL: u32 = 1 << 5;

/// Writes the stub if it was asked for (end of MINIT), and stops recording.
pub fn write_if_asked() {
    let Some(rec) = REC.with(|r| r.borrow_mut().take()) else {
        return;
    };
    let path = std::env::var_os("COSOCKET_STUB").expect("set at startup");
    if let Err(e) = std::fs::write(&path, render(&rec)) {
        eprintln!("cosocket: cannot write the stub to {path:?}: {e}");
    }
}

/// `Swoole\Coroutine\run` -> (`Swoole\Coroutine`, `run`).
fn split_ns(name: &str) -> (&str, &str) {
    match name.rfind('\\') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    }
}

/// A doc comment at `indent`: one line if the text is, else a block.
fn doc(out: &mut String, indent: &str, text: &str) {
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    match lines.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "{indent}/** {one} */");
        }
        many => {
            let _ = writeln!(out, "{indent}/**");
            for l in many {
                if l.is_empty() {
                    let _ = writeln!(out, "{indent} *");
                } else {
                    let _ = writeln!(out, "{indent} * {l}");
                }
            }
            let _ = writeln!(out, "{indent} */");
        }
    }
}

fn signature(f: &Func) -> String {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|p| {
            let mut s = String::new();
            if !p.ty.is_empty() {
                s.push_str(p.ty);
                s.push(' ');
            }
            if p.by_ref {
                s.push('&');
            }
            if p.variadic {
                s.push_str("...");
            }
            s.push('$');
            s.push_str(p.php_name());
            if let Some(d) = p.default {
                // A constant's name: global, from inside a namespace too.
                let constant = d.starts_with(|c: char| c.is_ascii_uppercase() || c == '_');
                let _ = write!(s, " = {}{d}", if constant { "\\" } else { "" });
            }
            s
        })
        .collect();
    let ret = if f.ret.is_empty() {
        String::new()
    } else {
        format!(": {}", f.ret)
    };
    format!(
        "function {}({}){ret} {{}}",
        split_ns(f.name).1,
        params.join(", ")
    )
}

fn render(rec: &Recorded) -> String {
    let mut out = String::from("<?php\n/**\n");
    out.push_str(
        " * cosocket: Swoole-compatible coroutine API, for IDEs and static analysers.\n *\n \
         * Generated by scripts/gen-stub.sh from the declarations in src/php/: do not edit.\n \
         * php-tests/stub/reflection.phpt checks it against the loaded extension (names,\n \
         * parameters, types, defaults).\n *\n",
    );
    let aliases: Vec<String> = rec
        .classes
        .iter()
        .flat_map(|c| c.aliases.iter().map(move |a| format!("{a} => {}", c.name)))
        .collect();
    let mut line = String::from(" * Class aliases registered by the extension:");
    for (i, a) in aliases.iter().enumerate() {
        let sep = if i + 1 < aliases.len() { "," } else { "." };
        if line.len() + a.len() + 2 > 90 {
            let _ = writeln!(out, "{line}");
            line = String::from(" *");
        }
        let _ = write!(line, " {a}{sep}");
    }
    let _ = writeln!(out, "{line}\n *\n * @generate-class-entries none\n */");

    // Namespaces in order of first appearance, the global one first.
    let mut namespaces: Vec<&str> = vec![""];
    for ns in rec
        .funcs
        .iter()
        .map(|f| split_ns(f.name).0)
        .chain(rec.classes.iter().map(|c| split_ns(c.name).0))
    {
        if !namespaces.contains(&ns) {
            namespaces.push(ns);
        }
    }
    for ns in namespaces {
        let mut blocks: Vec<String> = Vec::new();
        if ns.is_empty() && !rec.consts.is_empty() {
            let mut b = String::new();
            for c in &rec.consts {
                doc(&mut b, "    ", c.doc);
                let v = match c.value {
                    Value::Int(i64::MAX) => "\\PHP_INT_MAX".to_string(),
                    Value::Int(v) => v.to_string(),
                    Value::Float(v) => format!("{v:?}"),
                    Value::Str(v) => format!("'{v}'"),
                    Value::Bool(v) => v.to_string(),
                };
                let _ = writeln!(b, "    const {} = {v};", c.name);
            }
            blocks.push(b);
        }
        for f in rec.funcs.iter().filter(|f| split_ns(f.name).0 == ns) {
            let mut b = String::new();
            doc(&mut b, "    ", f.doc);
            let _ = writeln!(b, "    {}", signature(f));
            blocks.push(b);
        }
        for c in rec.classes.iter().filter(|c| split_ns(c.name).0 == ns) {
            blocks.push(render_class(c));
        }
        let ns_line = if ns.is_empty() {
            "namespace {".to_string()
        } else {
            format!("namespace {ns} {{")
        };
        let _ = writeln!(out, "\n{ns_line}\n{}}}", blocks.join("\n"));
    }
    out
}

fn render_class(c: &ClassRec) -> String {
    let mut b = String::new();
    doc(&mut b, "    ", c.doc);
    let head = format!(
        "    {}class {}{}",
        if c.is_final { "final " } else { "" },
        split_ns(c.name).1,
        c.parent
            .map(|p| format!(" extends {p}"))
            .unwrap_or_default()
    );
    if c.methods.is_empty() && c.props.is_empty() && c.consts.is_empty() {
        let _ = writeln!(b, "{head} {{}}");
        return b;
    }
    let _ = writeln!(b, "{head}\n    {{");
    for (name, v) in &c.consts {
        let _ = writeln!(b, "        public const {name} = {v};");
    }
    let members = !(c.props.is_empty() && c.methods.is_empty());
    if !c.consts.is_empty() && members {
        b.push('\n');
    }
    for p in &c.props {
        doc(&mut b, "        ", p.doc);
        let ty = if p.ty.is_empty() {
            String::new()
        } else {
            format!("{} ", p.ty)
        };
        let v = match p.default {
            PropDefault::Long(v) => v.to_string(),
            PropDefault::Str(s) => format!("'{s}'"),
            PropDefault::Bool(b) => b.to_string(),
            PropDefault::EmptyArray => "[]".to_string(),
            PropDefault::Null => "null".to_string(),
        };
        let vis = if p.flags & super::zend::ACC_PRIVATE != 0 {
            "private"
        } else if p.flags & super::zend::ACC_PROTECTED != 0 {
            "protected"
        } else {
            "public"
        };
        let _ = writeln!(b, "        {vis} {ty}${} = {v};", p.name);
    }
    if !c.props.is_empty() && !c.methods.is_empty() {
        b.push('\n');
    }
    for m in &c.methods {
        doc(&mut b, "        ", m.doc);
        let kind = if m.flags & super::zend::ACC_STATIC != 0 {
            "public static "
        } else {
            "public "
        };
        let _ = writeln!(b, "        {kind}{}", signature(m));
    }
    let _ = writeln!(b, "    }}");
    b
}
