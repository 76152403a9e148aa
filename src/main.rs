use std::process::ExitCode;

fn main() -> ExitCode {
    unilab::cli::main()
}
