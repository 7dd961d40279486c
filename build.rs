//! Derives cfg flags from the PHP the extension is built against, so version-specific
//! code (the executor-global fields switched per coroutine, stack limits) sits behind
//! `#[cfg(php83)]` and friends.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=PHP_CONFIG");
    for v in ["php81", "php82", "php83", "php84", "php85"] {
        println!("cargo::rustc-check-cfg=cfg({v})");
    }
    println!("cargo::rustc-check-cfg=cfg(php_zts)");
    if std::env::var_os("CARGO_FEATURE_PHP").is_none() {
        return;
    }
    let php_config = std::env::var("PHP_CONFIG").unwrap_or_else(|_| "php-config".into());
    let out = Command::new(&php_config)
        .arg("--vernum")
        .output()
        .unwrap_or_else(|e| panic!("running `{php_config} --vernum`: {e} (install php8.x-dev)"));
    let vernum: u32 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("php-config --vernum printed no number");
    // Every minor version from 8.1 up to the one found: `php83` means "8.3 or newer".
    for (flag, min) in [
        ("php81", 80100),
        ("php82", 80200),
        ("php83", 80300),
        ("php84", 80400),
        ("php85", 80500),
    ] {
        if vernum >= min {
            println!("cargo:rustc-cfg={flag}");
        }
    }
    println!("cargo:rustc-env=COSOCKET_PHP_VERNUM={vernum}");
    refuse_zts(&php_config);

    // The few engine structs without a Rust binding are reached through C compiled
    // against PHP's own headers.
    println!("cargo:rerun-if-changed=src/php/shim.c");
    println!("cargo:rerun-if-changed=src/php/hook_stream.c");
    let includes = Command::new(&php_config)
        .arg("--includes")
        .output()
        .expect("php-config --includes");
    let mut cc = cc::Build::new();
    // PHP's headers as system headers: their own warnings are not ours to fix, while
    // every warning in shim.c stops the build (-Wall -Wextra -Werror).
    for dir in String::from_utf8_lossy(&includes.stdout).split_whitespace() {
        cc.flag("-isystem").flag(dir.trim_start_matches("-I"));
    }
    cc.file("src/php/shim.c")
        .file("src/php/hook_stream.c")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("cosocket_shim");
}

/// Stops the build on a thread-safe (ZTS) PHP: the PHP layer reads the executor
/// globals as one C global and keeps one runtime per process, which only holds for
/// NTS builds (ZTS keeps engine state per thread).
fn refuse_zts(php_config: &str) {
    let out = Command::new(php_config)
        .arg("--include-dir")
        .output()
        .expect("php-config --include-dir");
    let header = format!(
        "{}/main/php_config.h",
        String::from_utf8_lossy(&out.stdout).trim()
    );
    println!("cargo:rerun-if-changed={header}");
    let Ok(text) = std::fs::read_to_string(&header) else {
        return;
    };
    if text
        .lines()
        .any(|l| l.split_whitespace().take(3).eq(["#define", "ZTS", "1"]))
    {
        panic!(
            "cosocket needs a non-thread-safe (NTS) PHP, and `{php_config}` is a thread-safe (ZTS) build \
             ({header} defines ZTS). Build against an NTS PHP: set PHP_CONFIG to its php-config."
        );
    }
}
