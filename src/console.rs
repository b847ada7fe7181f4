//! Messages on standard error that cannot panic: `eprintln!` panics when stderr is a pipe whose
//! reader has gone (`katalog build 2>&1 | head -1`), and a lost message must not end a command.

/// `eprintln!` that drops the message when standard error cannot take it.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) use note;
