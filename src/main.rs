fn main() {
    std::process::exit(peerlint::cli::main());
}
