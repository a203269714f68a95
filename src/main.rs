// A build allocates and frees millions of small strings from every core; mimalloc does that
// several times faster than glibc's malloc and returns memory as readily (issue 16).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    bangtin::cli::run()
}
