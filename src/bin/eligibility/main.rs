//! `eligibility`: the native command-line tool (see `cli.rs`). The package
//! also builds for wasm32, where this binary is an empty stub.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
