//! The `katalog` binary; the command line itself is `katalog::cli`.

// Rendering allocates many small, short-lived values (template contexts); mimalloc handles that
// far better than the system allocator (see benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    katalog::cli::main()
}
