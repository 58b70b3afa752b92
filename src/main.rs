//! The `atsctl` binary: parse arguments, run, map the outcome to an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
