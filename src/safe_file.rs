//! Writing files the user asked for without being steered by what else is in the folder.
//! Setup files live in shared support folders and `/tmp`, where anyone can plant a symlink at a
//! predictable name (`okta.toml.tmp`, `acme-metadata.xml`) and have us overwrite `~/.bashrc`.
//! So: the temporary file gets a random name and is created exclusively (never through a
//! link), it is renamed over the target (a rename replaces a link, never follows it), and the
//! target's mode is kept.

use std::fs::Permissions;
use std::io::{self, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// What to do when the output path itself is a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtSymlink {
    /// The user's own file (the setup file they named): write to what it points at, on purpose.
    WriteThrough,
    /// A file we name ourselves next to another (exported metadata, a report): a link there was
    /// put by someone else, so refuse.
    Refuse,
}

/// Replaces `path` with `bytes` atomically: readers see the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8], at_symlink: AtSymlink) -> io::Result<()> {
    let target = resolve_target(path, at_symlink)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let existing_mode = std::fs::metadata(&target)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions().mode() & 0o7777);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        // A new file gets the usual 0666 less the umask, as `fs::write` would have given it.
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(&dir)?;
    if let Some(mode) = existing_mode {
        tmp.as_file()
            .set_permissions(Permissions::from_mode(mode))?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

fn resolve_target(path: &Path, at_symlink: AtSymlink) -> io::Result<PathBuf> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(path.to_path_buf());
    };
    if !meta.file_type().is_symlink() {
        return Ok(path.to_path_buf());
    }
    match at_symlink {
        AtSymlink::Refuse => Err(io::Error::other(format!(
            "{} is a symbolic link (to {}); refusing to write through it",
            path.display(),
            std::fs::read_link(path)
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "?".into())
        ))),
        AtSymlink::WriteThrough => {
            // Follows the whole chain; a dangling link's target is created beside where it points.
            std::fs::canonicalize(path).or_else(|_| {
                let link = std::fs::read_link(path)?;
                Ok(match path.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                })
            })
        }
    }
}

/// Reads a whole file, refusing one larger than `cap` bytes (`/dev/zero` has no end).
pub fn read_capped(path: &Path, cap: u64) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than the {} KiB limit", cap / 1024),
        ));
    }
    Ok(bytes)
}

/// Reads `name`, a file a customer's export names, only inside `folder` (the export's own):
/// a relative path without `..`, no symbolic link on the way, a regular file (a FIFO would
/// hang the reader, a device never ends), at most `cap` bytes, within `time`. Err: why it
/// was refused, in words that name the path.
pub fn read_confined(
    folder: &Path,
    name: &Path,
    cap: u64,
    time: std::time::Duration,
) -> Result<Vec<u8>, String> {
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Component;
    if !name
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(format!(
            "\"{}\" is not a path inside the export's folder (absolute, or with `..`)",
            name.display()
        ));
    }
    let mut at = folder.to_path_buf();
    for part in name.components() {
        at.push(part);
        let meta = std::fs::symlink_metadata(&at)
            .map_err(|e| format!("\"{}\" cannot be read: {e}", at.display()))?;
        if meta.file_type().is_symlink() {
            return Err(format!(
                "\"{}\" is a symbolic link; only a plain file beside the export is read",
                at.display()
            ));
        }
    }
    // Opened without blocking (a FIFO would wait for a writer) and without following a link
    // swapped in since the look above.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&at)
        .map_err(|e| format!("\"{}\" cannot be read: {e}", at.display()))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("\"{}\" cannot be read: {e}", at.display()))?;
    if !meta.is_file() {
        return Err(format!(
            "\"{}\" is not a regular file (a pipe, a device or a folder)",
            at.display()
        ));
    }
    if meta.len() > cap {
        return Err(format!(
            "\"{}\" is {} KiB, over the {} KiB limit",
            at.display(),
            meta.len() / 1024,
            cap / 1024
        ));
    }
    let deadline = std::time::Instant::now() + time;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let mut reader = file;
    loop {
        if std::time::Instant::now() > deadline {
            return Err(format!(
                "\"{}\" took longer than {} s to read",
                at.display(),
                time.as_secs()
            ));
        }
        match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(format!("\"{}\" cannot be read: {e}", at.display())),
        }
        if bytes.len() as u64 > cap {
            return Err(format!(
                "\"{}\" grew over the {} KiB limit while read",
                at.display(),
                cap / 1024
            ));
        }
    }
    Ok(bytes)
}
