//! SIGTERM, SIGHUP (an SSH session dropping) and SIGINT end the program cleanly: the current
//! write transaction finishes, so the next open never has to repair the database.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Replace the default "die at once" with a flag that long loops check.
pub fn install() {
    let flag = STOP.get_or_init(|| Arc::new(AtomicBool::new(false)));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        // A second signal while the first is being honoured ends the program at once (someone
        // pressing Ctrl-C twice at a password prompt). Registration only fails for forbidden
        // signals, which these are not.
        let _ = signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(flag));
        let _ = signal_hook::flag::register(sig, Arc::clone(flag));
    }
}

pub fn stop_requested() -> bool {
    STOP.get().is_some_and(|f| f.load(Ordering::Relaxed))
}
