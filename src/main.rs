// A network is read as hundreds of thousands of small allocations made by
// two threads at once; mimalloc serves them from per-thread pages and maps
// memory in large steps. Against the system allocator on a generated
// 10,000-device network: about 15 % less CPU and a hundredth of the page
// faults, for about a quarter more peak memory (bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(peerlint::cli::main());
}
