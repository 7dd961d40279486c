//! `System::readFile()`, `writeFile()`, `statvfs()` and `exec()` (also on
//! `Swoole\Coroutine`): each blocking call runs on the runtime's worker pool while the
//! coroutine waits, so the loop never blocks on a disk or a child process.

use std::ffi::CString;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::ExitStatusExt;

use ext_php_rs::types::{ZendHashTable, Zval};

use super::args::{Arg, Def, Slot};
use super::call::{php_fn, Cx, Fail};
use super::errors::{require_coroutine, set_errno};
use super::zend;
use crate::runtime;

/// `string` as a path (zpp's "p": a NUL byte is a ValueError).
pub struct Path<'a>(pub &'a [u8]);

// SAFETY: zpp's "p" writes a `char *` and a `size_t` into two slots.
unsafe impl<'a> Arg for Path<'a> {
    const SPEC: &'static str = "p";
    const PHP_TYPE: &'static str = "string";
    const SLOTS: usize = 2;
    /// The NUL check is zpp's.
    unsafe fn fast(_: &Cx<'_>, _: u32) -> Option<Self> {
        None
    }
    unsafe fn from_slots(s: &[Slot]) -> Self {
        // The same two outputs as "s" writes.
        Path(<&[u8]>::from_slots(s))
    }
    fn from_default(_: Def) -> Self {
        unreachable!("a required parameter is always passed")
    }
}

/// Swoole's `SW_FILE_LOCK` (= LOCK_EX) and `FILE_APPEND` flag bits.
const FILE_LOCK: i64 = 2;
const FILE_APPEND: i64 = 8;

fn value_error(msg: &'static str) -> Fail {
    // SAFETY: the engine's ValueError class, set at startup.
    Fail::throw(|| unsafe { zend::zend_ce_value_error }, msg, 0)
}

fn errno_now() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

/// Runs `job` on the worker pool (in a coroutine; fatal outside, as in Swoole). None if
/// no worker could take it or the wait ended first (the runtime stopping).
fn off_loop<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    require_coroutine();
    match runtime::with(|rt| rt.run_blocking(job, false)) {
        Ok(Ok(v)) => Some(v),
        _ => None,
    }
}

/// A file's contents as Swoole reads them: open, a shared lock if asked, then as many
/// bytes as fstat says (a directory: none, EISDIR), or to EOF when it says 0 (/proc).
/// Returns the bytes (None: open or flock failed) and the last errno seen (0: none).
fn read_file(path: CString, lock: bool) -> (Option<Vec<u8>>, i32) {
    // SAFETY: a NUL-terminated path; the fd is checked and owned from here on.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    if fd < 0 {
        return (None, errno_now());
    }
    // SAFETY: `fd` was just opened and is ours.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
    // SAFETY: flock/fstat/read on our open fd, into locals and our buffer.
    unsafe {
        if lock && libc::flock(raw, libc::LOCK_SH) != 0 {
            return (None, errno_now());
        }
        let mut st: libc::stat = std::mem::zeroed();
        let size = if libc::fstat(raw, &mut st) == 0 {
            st.st_size.max(0) as usize
        } else {
            0
        };
        let mut out: Vec<u8> = Vec::with_capacity(if size > 0 { size } else { 8192 });
        let mut err = 0;
        loop {
            if size > 0 && out.len() >= size {
                break;
            }
            if out.capacity() == out.len() {
                out.reserve(out.len().max(8192));
            }
            let want = if size > 0 {
                size - out.len()
            } else {
                out.capacity() - out.len()
            };
            let n = libc::read(raw, out.as_mut_ptr().add(out.len()).cast(), want);
            if n > 0 {
                out.set_len(out.len() + n as usize);
            } else if n == 0 {
                break;
            } else {
                let e = errno_now();
                if e == libc::EINTR {
                    continue;
                }
                err = e;
                break;
            }
        }
        if lock {
            libc::flock(raw, libc::LOCK_UN);
        }
        (Some(out), err)
    }
}

/// Writes `data` as Swoole does: `flags` are open(2)'s (O_NOFOLLOW: a symlink fails),
/// an exclusive lock if asked, then pwrite until done or an error. Returns the bytes
/// written (None: open or flock failed) and the last errno seen.
fn write_file(path: CString, data: Vec<u8>, flags: i32, lock: bool) -> (Option<usize>, i32) {
    // SAFETY: a NUL-terminated path; the fd is checked and owned from here on.
    let fd = unsafe { libc::open(path.as_ptr(), flags | libc::O_CLOEXEC, 0o644) };
    if fd < 0 {
        return (None, errno_now());
    }
    // SAFETY: `fd` was just opened and is ours.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
    // SAFETY: flock/pwrite on our open fd, from our buffer.
    unsafe {
        if lock && libc::flock(raw, libc::LOCK_EX) != 0 {
            return (None, errno_now());
        }
        let (mut done, mut err) = (0usize, 0);
        while done < data.len() {
            let n = libc::pwrite(
                raw,
                data.as_ptr().add(done).cast(),
                data.len() - done,
                done as libc::off_t,
            );
            if n > 0 {
                done += n as usize;
            } else if n < 0 && errno_now() == libc::EINTR {
                continue;
            } else {
                err = if n < 0 { errno_now() } else { libc::EIO };
                break;
            }
        }
        if lock {
            libc::flock(raw, libc::LOCK_UN);
        }
        (Some(done), err)
    }
}

php_fn! {
    /// The file's contents, or false (errno says why); `$flag & LOCK_EX`: read under a shared lock.
    "readFile" fn sys_read_file(cx, filename: Path, flag: i64 = "0") -> "string|false" {
        if filename.0.is_empty() {
            return Err(value_error("Filename cannot be empty"));
        }
        let path = CString::new(filename.0).map_err(|_| Fail::False)?;
        let lock = flag & FILE_LOCK != 0;
        let (data, err) = off_loop(move || read_file(path, lock)).unwrap_or((None, libc::EINTR));
        if err != 0 {
            set_errno(err);
        }
        match data {
            Some(bytes) => {
                let mut z = Zval::new();
                z.set_binary(bytes);
                Ok(z)
            }
            None => Err(Fail::False),
        }
    }
}

php_fn! {
    /// Writes the file (created 0644, truncated unless FILE_APPEND; LOCK_EX: under an exclusive lock; never through a symlink); the bytes written, or false.
    "writeFile" fn sys_write_file(cx, filename: Path, fileContent: &[u8], flags: i64 = "0") -> "int|false" {
        if filename.0.is_empty() {
            return Err(value_error("Filename cannot be empty"));
        }
        let path = CString::new(filename.0).map_err(|_| Fail::False)?;
        let mut oflags = libc::O_CREAT | libc::O_WRONLY | libc::O_NOFOLLOW;
        oflags |= if flags & FILE_APPEND != 0 {
            libc::O_APPEND
        } else {
            libc::O_TRUNC
        };
        let lock = flags & FILE_LOCK != 0;
        let data = fileContent.to_vec();
        let (done, err) =
            off_loop(move || write_file(path, data, oflags, lock)).unwrap_or((None, libc::EINTR));
        if err != 0 {
            set_errno(err);
        }
        done.map(|n| n as i64).ok_or(Fail::False)
    }
}

/// statvfs(3): the fields, or the errno.
fn statvfs(path: CString) -> Result<[(&'static str, i64); 11], i32> {
    // SAFETY: a NUL-terminated path and a zeroed struct the call fills.
    unsafe {
        let mut st: libc::statvfs = std::mem::zeroed();
        if libc::statvfs(path.as_ptr(), &mut st) != 0 {
            return Err(errno_now());
        }
        Ok([
            ("bsize", st.f_bsize as i64),
            ("frsize", st.f_frsize as i64),
            ("blocks", st.f_blocks as i64),
            ("bfree", st.f_bfree as i64),
            ("bavail", st.f_bavail as i64),
            ("files", st.f_files as i64),
            ("ffree", st.f_ffree as i64),
            ("favail", st.f_favail as i64),
            ("fsid", st.f_fsid as i64),
            ("flag", st.f_flag as i64),
            ("namemax", st.f_namemax as i64),
        ])
    }
}

php_fn! {
    /// The file system's statistics (statvfs(3)); false if the path cannot be looked at (errno says why). Outside a coroutine too.
    "statvfs" fn sys_statvfs(cx, path: Path) -> "array" {
        if path.0.is_empty() {
            return Err(value_error("Path cannot be empty"));
        }
        let path = CString::new(path.0).map_err(|_| Fail::False)?;
        let r = if runtime::in_coroutine() {
            off_loop(move || statvfs(path)).unwrap_or(Err(libc::EINTR))
        } else {
            statvfs(path)
        };
        match r {
            Ok(fields) => {
                let mut ht = ZendHashTable::new();
                for (k, v) in fields {
                    let _ = ht.insert(k, v);
                }
                Ok(ht)
            }
            Err(e) => {
                set_errno(e);
                Err(Fail::False)
            }
        }
    }
}

/// Runs `/bin/sh -c command` with its stdout (and stderr, if asked) in a pipe read to
/// EOF, then waits for it: (wait status, output), or the errno of a failed start.
fn exec(command: Vec<u8>, with_stderr: bool) -> Result<(i32, Vec<u8>), i32> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut fds = [0; 2];
    // SAFETY: pipe2 fills the two ints; both fds are owned right after.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(errno_now());
    }
    // SAFETY: just made, ours.
    let (rd, wr) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c").arg(std::ffi::OsStr::from_bytes(&command));
    if with_stderr {
        cmd.stderr(Stdio::from(
            wr.try_clone()
                .map_err(|e| e.raw_os_error().unwrap_or(libc::EIO))?,
        ));
    }
    cmd.stdout(Stdio::from(wr));
    let mut child = cmd
        .spawn()
        .map_err(|e| e.raw_os_error().unwrap_or(libc::EIO))?;
    // The Command held the write ends: dropped with it, so EOF comes when the child ends.
    drop(cmd);
    let mut out = Vec::new();
    let _ = std::fs::File::from(rd).read_to_end(&mut out);
    let status = child
        .wait()
        .map_err(|e| e.raw_os_error().unwrap_or(libc::EIO))?;
    Ok((status.into_raw(), out))
}

php_fn! {
    /// Runs the command with /bin/sh -c: {code, signal, output} (stdout; also stderr with $get_error_stream), or false.
    "exec" fn sys_exec(cx, command: &[u8], get_error_stream: bool = "false") -> "array|false" {
        require_coroutine();
        // execl() takes a C string: the command ends at its first NUL byte.
        let command = command.split(|&b| b == 0).next().unwrap_or(&[]).to_vec();
        match off_loop(move || exec(command, get_error_stream)) {
            Some(Ok((status, output))) => {
                let mut ht = ZendHashTable::new();
                let _ = ht.insert("code", libc::WEXITSTATUS(status) as i64);
                let _ = ht.insert("signal", (status & 0x7f) as i64);
                let mut z = Zval::new();
                z.set_binary(output);
                let _ = ht.insert("output", z);
                Ok(ht)
            }
            Some(Err(e)) => {
                set_errno(e);
                Err(Fail::False)
            }
            None => Err(Fail::False),
        }
    }
}
