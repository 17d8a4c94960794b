//! A running rehearsal holds its setup file: a second `rehearse` on the same file would replace
//! it, and the first one's commands (its environment names the first pool) would then act on
//! a pool the file no longer names. The hold is an exclusive `flock` on a file beside the
//! setup (the setup itself is replaced by rename on every save, so a lock on it would not
//! last), which the kernel releases however the process ends. The lock file says who holds it.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

pub struct SetupLock {
    file: File,
    path: PathBuf,
}

/// `.rehearsal.toml.lock` beside `rehearsal.toml`.
fn lock_path(setup: &Path) -> PathBuf {
    let name = setup
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "setup".into());
    setup.with_file_name(format!(".{name}.lock"))
}

impl SetupLock {
    /// Takes the hold, or says which rehearsal has it.
    pub fn take(setup: &Path) -> Result<SetupLock, String> {
        let path = lock_path(setup);
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            // Never through a link planted at the lock's name.
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&path)
            .map_err(|e| {
                format!(
                    "cannot hold {} for this rehearsal ({e}): pass --setup ANOTHER_PATH",
                    path.display()
                )
            })?;
        // SAFETY: flock(2) on a descriptor this function owns.
        let held = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if !held {
            let mut said = String::new();
            let _ = (&file).take(512).read_to_string(&mut said);
            let who = crate::terminal_text::escape_controls(said.trim()).into_owned();
            return Err(format!(
                "{} is in use by another rehearsal ({}): stop that one first, or pass --setup ANOTHER_PATH to run a second",
                setup.display(),
                if who.is_empty() { "starting" } else { &who }
            ));
        }
        // The holder before us removes the file as it ends; a hold on that removed file
        // would hold nothing, so the name must still be this file.
        use std::os::unix::fs::MetadataExt;
        let same = match (file.metadata(), std::fs::symlink_metadata(&path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        };
        if !same {
            return Err(format!(
                "{} changed while this rehearsal was starting (another one just ended or began): run rehearse again",
                path.display()
            ));
        }
        let mut lock = SetupLock { file, path };
        lock.say(&format!("pid {}", std::process::id()));
        let _ = lock.file.flush();
        Ok(lock)
    }

    /// What a second rehearsal is told about this one.
    pub fn say(&mut self, who: &str) {
        let _ = self.file.set_len(0);
        let _ = self.file.rewind();
        let _ = self.file.write_all(who.as_bytes());
    }
}

impl Drop for SetupLock {
    fn drop(&mut self) {
        // Removed while still held, so no other rehearsal can be holding this same file.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_hold_names_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let setup = dir.path().join("rehearsal.toml");
        let mut first = SetupLock::take(&setup).unwrap();
        first.say("pid 42, on 127.0.0.1: Cognito :5000");
        let refused = SetupLock::take(&setup).err().unwrap();
        assert!(
            refused.contains("pid 42, on 127.0.0.1: Cognito :5000"),
            "{refused}"
        );
        assert!(refused.contains("--setup ANOTHER_PATH"), "{refused}");
        drop(first);
        assert!(SetupLock::take(&setup).is_ok(), "free once the first ends");
    }

    #[test]
    fn a_link_at_the_lock_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("victim");
        std::fs::write(&target, "keep").unwrap();
        let setup = dir.path().join("rehearsal.toml");
        std::os::unix::fs::symlink(&target, lock_path(&setup)).unwrap();
        assert!(SetupLock::take(&setup).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
    }
}
