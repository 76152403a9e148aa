//! Standard output for commands. A reader that stops early (`unilab order list | head -1`)
//! closes the pipe: the command then ends quietly with the status a shell expects of a process
//! whose pipe closed (141), instead of a panic with a broken-pipe message.

use std::fmt;
use std::io::Write;

/// The reader of our output went away; not an error worth a message.
#[derive(Debug)]
pub struct PipeClosed;

impl fmt::Display for PipeClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("standard output closed")
    }
}

impl std::error::Error for PipeClosed {}

/// The exit status of a process whose output pipe closed (128 + SIGPIPE).
pub const PIPE_CLOSED_STATUS: u8 = 141;

/// Write to standard output; a closed pipe becomes [`PipeClosed`]. Control characters other
/// than line breaks and tabs are shown as `�`: a record's text must never drive the terminal
/// (an `ESC[2J` in a name would clear the screen of whoever lists it).
pub fn write(args: fmt::Arguments<'_>) -> anyhow::Result<()> {
    let text = terminal_safe(&args.to_string());
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(text.as_bytes()).and_then(|()| lock.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(PipeClosed.into()),
        Err(e) => Err(anyhow::anyhow!("无法写出结果：{e}")),
    }
}

/// One line of a tab-separated listing: each field's own control characters (a tab or line
/// break typed into a record) shown as `�` so it cannot shift the columns, the separators kept.
pub fn tab_row<S: AsRef<str>>(fields: &[S]) -> String {
    fields
        .iter()
        .map(|f| crate::model::text::printable(f.as_ref()).into_owned())
        .collect::<Vec<_>>()
        .join("\t")
}

/// The text with control characters other than `\n` and `\t` replaced by `�`.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// `println!` for commands: `say!("…", x)?`-free, it returns early from the command when the
/// pipe closed.
macro_rules! say {
    () => { crate::cli::output::write(format_args!("\n"))? };
    ($($arg:tt)*) => { crate::cli::output::write(format_args!("{}\n", format_args!($($arg)*)))? };
}

/// `print!` for commands.
macro_rules! say_raw {
    ($($arg:tt)*) => { crate::cli::output::write(format_args!($($arg)*))? };
}
