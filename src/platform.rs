//! What differs between operating systems, in one place to port: swapping two folders in one
//! step, asking whether a process still runs, and waiting for Ctrl-C or SIGTERM. Each has a
//! portable fallback.

use std::io;
use std::path::{Path, PathBuf};

/// Puts the folder `new` in place of the folder `target`; returns where the old `target` is
/// now, for the caller to remove. On Linux the two are exchanged in one step
/// (`renameat2(RENAME_EXCHANGE)`), so `target` is never missing; elsewhere, or on a file
/// system without the exchange, the old folder is first renamed to `aside`.
pub fn swap_dirs(new: &Path, target: &Path, aside: &Path) -> io::Result<PathBuf> {
    if exchange(new, target).is_ok() {
        return Ok(new.to_path_buf());
    }
    std::fs::rename(target, aside)?;
    std::fs::rename(new, target)?;
    Ok(aside.to_path_buf())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::other("no atomic exchange on this OS"))
}

/// Whether the process `pid` (a decimal number, as in a folder name) runs. `kill(pid, 0)`
/// sends nothing and works on every Unix; a process of another user answers EPERM, and is
/// alive. Anything but a positive process id is no process.
#[cfg(unix)]
pub fn process_alive(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<libc::pid_t>() else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let answered = unsafe { libc::kill(pid, 0) };
    answered == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Without a way to ask, every process counts as running: its folder is left alone.
#[cfg(not(unix))]
pub fn process_alive(_: &str) -> bool {
    true
}

/// Ctrl-C (SIGINT) and SIGTERM, held back from every thread so that one thread can wait for
/// them and stop the process tidily.
pub struct StopSignals(#[cfg(unix)] libc::sigset_t);

impl StopSignals {
    /// Blocks the signals in this thread and so in every thread started after it (all of them:
    /// call this first).
    #[cfg(unix)]
    pub fn block() -> StopSignals {
        // SAFETY: plain libc calls on a sigset_t owned here.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGINT);
            libc::sigaddset(&mut set, libc::SIGTERM);
            libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            StopSignals(set)
        }
    }

    /// Returns when one of the signals arrives.
    #[cfg(unix)]
    pub fn wait(&self) {
        let mut sig = 0;
        // SAFETY: waits for one of the signals blocked in `block`.
        unsafe { libc::sigwait(&self.0, &mut sig) };
    }

    /// Elsewhere the signals keep their default: they end the process at once.
    #[cfg(not(unix))]
    pub fn block() -> StopSignals {
        StopSignals()
    }

    /// Never returns: the process ends without this thread's help.
    #[cfg(not(unix))]
    pub fn wait(&self) {
        loop {
            std::thread::park();
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::process_alive;

    #[test]
    fn a_process_is_alive_while_it_runs_and_not_after() {
        assert!(process_alive(&std::process::id().to_string()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id().to_string();
        child.wait().unwrap();
        assert!(!process_alive(&pid), "a finished process");
        // 0 and -1 would ask about process groups: they are no process.
        for name in ["0", "-1", "abc", ""] {
            assert!(!process_alive(name), "{name:?}");
        }
    }
}
