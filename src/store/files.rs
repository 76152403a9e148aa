//! The lab's files are private to the lab's account: the data directory 0700, the database,
//! backups, exports and logs 0600, whatever the umask. Argon2 hashes and records must be
//! neither readable nor writable by other local users.

use std::path::Path;

use super::{Result, StoreError};

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| StoreError::Db(format!("无法设置 {} 的权限：{e}", path.display())))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<()> {
    Ok(())
}

/// Create a directory (and its parents) and make it 0700.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| StoreError::Db(format!("无法创建目录 {}：{e}", dir.display())))?;
    set_mode(dir, 0o700)
}

/// Make a file 0600.
pub fn make_private(path: &Path) -> Result<()> {
    set_mode(path, 0o600)
}

/// On open: a database (or its directory) left readable by others by an older release is made
/// private again.
pub fn tighten(db: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let loose = |p: &Path| {
            std::fs::metadata(p)
                .map(|m| m.permissions().mode() & 0o077 != 0)
                .unwrap_or(false)
        };
        // Best effort: a file owned by another account cannot be changed, and that must not
        // stop the lab from reading its records.
        if loose(db) {
            let _ = make_private(db);
        }
        if let Some(dir) = db.parent().filter(|d| loose(d)) {
            let _ = set_mode(dir, 0o700);
        }
    }
    let _ = db;
    Ok(())
}
