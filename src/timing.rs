//! Stage times for developers: with `PEERLINT_TIMINGS` set in the
//! environment, each stage prints how long it took to standard error (see
//! `bench/README.md`). Without it, nothing is measured.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("PEERLINT_TIMINGS").is_some())
}

/// Runs one stage of the pipeline and prints its wall time.
pub fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    eprintln!(
        "peerlint: timing: {stage}: {:.1} ms{}",
        start.elapsed().as_secs_f64() * 1e3,
        peak_memory()
    );
    out
}

/// The peak resident memory and the page faults so far, where the system
/// tells them (Linux): memory touched for the first time costs a fault.
fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:"));
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which may hold blanks): the
    // minor fault count is the eighth.
    let faults = stat
        .rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().nth(7));
    match (peak, faults) {
        (Some(peak), Some(faults)) => {
            format!(
                " (peak memory so far {}, page faults {faults})",
                peak.trim()
            )
        }
        _ => String::new(),
    }
}

/// Thread time of a step that runs once per file, summed over all files
/// and threads (the CPU time it costs, where [`timed`] gives wall time).
pub struct Sum {
    name: &'static str,
    nanos: AtomicU64,
}

impl Sum {
    pub const fn new(name: &'static str) -> Sum {
        Sum {
            name,
            nanos: AtomicU64::new(0),
        }
    }

    pub fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        if !enabled() {
            return f();
        }
        let start = Instant::now();
        let out = f();
        let spent = start.elapsed().as_nanos().min(u128::from(u64::MAX)) as u64;
        self.nanos.fetch_add(spent, Ordering::Relaxed);
        out
    }

    /// Prints the sum so far.
    pub fn print(&self) {
        if enabled() {
            let ms = self.nanos.load(Ordering::Relaxed) as f64 / 1e6;
            eprintln!(
                "peerlint: timing: {} (summed over threads): {ms:.1} ms",
                self.name
            );
        }
    }
}
