fn main() -> std::process::ExitCode {
    bangtin::cli::run()
}
