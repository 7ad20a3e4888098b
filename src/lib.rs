//! peerlint reads the configurations of a whole network of Huawei VRP
//! devices, builds the BGP peering graph between them, and reports what
//! stops sessions from ever coming up.
//!
//! The pipeline runs one way: [`source`] → [`syntax`] → [`model`] →
//! [`graph`] → [`rules`] → [`report`]; [`cli`] wires it together, and
//! [`analyze_paths`] / [`analyze_texts`] run it from a library.

pub mod baseline;
pub mod cli;
pub mod config;
pub mod graph;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;
pub mod syntax;

use std::path::PathBuf;

use rayon::prelude::*;

use graph::Network;
use rules::Finding;
use source::{InputError, SourceMap, Span};

/// Something about the input that is not a finding about the network: a
/// line peerlint could not read, a peer VRP would not create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub span: Span,
    pub message: String,
}

/// The result of one run.
#[derive(Debug)]
pub struct Analysis {
    pub sources: SourceMap,
    pub network: Network,
    /// Sorted by file, position, then rule.
    pub findings: Vec<Finding>,
    pub notices: Vec<Notice>,
    /// Paths that could not be read.
    pub input_errors: Vec<InputError>,
    /// Files left out because they are not text.
    pub skipped: Vec<PathBuf>,
    /// Findings taken out by the configuration and the baseline.
    pub suppressed: Suppressed,
}

/// How many findings were left out of the report, and why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Suppressed {
    /// By `ignore:` entries of the config file.
    pub ignored: usize,
    /// By `--baseline`.
    pub baseline: usize,
}

/// Reports how far a run is; the command line draws it as a progress bar.
pub trait Progress: Sync {
    /// The number of files about to be read.
    fn start(&self, files: usize);
    /// One more file read and parsed.
    fn advance(&self);
}

/// How to run the pipeline on paths.
#[derive(Default)]
pub struct Options<'a> {
    /// Keeps a walked file (files named explicitly are always read).
    pub filter: Option<&'a (dyn Fn(&std::path::Path) -> bool + Sync)>,
    pub progress: Option<&'a dyn Progress>,
}

/// Runs the whole pipeline on the files and folders given.
pub fn analyze_paths(paths: &[PathBuf]) -> Analysis {
    analyze_paths_with(paths, &Options::default())
}

/// Runs the whole pipeline on the files and folders given, with options.
///
/// Files are read, parsed and modelled in parallel, one at a time per
/// thread; a file's text is dropped once its device is built, so memory
/// grows with the BGP model, not with the bytes read.
pub fn analyze_paths_with(paths: &[PathBuf], options: &Options) -> Analysis {
    let keep = |p: &std::path::Path| options.filter.is_none_or(|f| f(p));
    let (files, mut input_errors) = source::collect_files_filtered(paths, &keep);
    if let Some(p) = options.progress {
        p.start(files.len());
    }
    enum Outcome {
        Device(Box<(model::Device, Vec<Notice>)>),
        Binary,
        Unreadable(InputError),
    }
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let outcomes: Vec<Outcome> = files
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let id = source::FileId(i as u32);
            let read = BUF.with(|buf| {
                source::read_with(path, &mut buf.borrow_mut(), |text| {
                    model_one(id, text, &source::stem(path))
                })
            });
            let outcome = match read {
                Ok(Some(device)) => Outcome::Device(Box::new(device)),
                Ok(None) => Outcome::Binary,
                Err(e) => Outcome::Unreadable(e),
            };
            if let Some(p) = options.progress {
                p.advance();
            }
            outcome
        })
        .collect();
    let mut sources = SourceMap::default();
    let mut devices = Vec::new();
    let mut notices = Vec::new();
    let mut skipped = Vec::new();
    for (path, outcome) in files.into_iter().zip(outcomes) {
        match outcome {
            Outcome::Device(d) => {
                let (device, n) = *d;
                devices.push(device);
                notices.extend(n);
            }
            Outcome::Binary => skipped.push(path.clone()),
            Outcome::Unreadable(e) => input_errors.push(e),
        }
        sources.add_lazy(path, reload);
    }
    let mut analysis = finish(sources, devices, notices);
    analysis.input_errors = input_errors;
    analysis.skipped = skipped;
    analysis
}

/// A file's text read again for a report, secrets masked: whatever is
/// shown of a configuration comes from here (or from [`analyze_texts`]),
/// and the model copies only names and numbers out of the text.
fn reload(path: &std::path::Path) -> String {
    match source::read_text(path) {
        Ok(source::Read::Text(text)) => syntax::secrets::mask(text),
        _ => String::new(),
    }
}

/// Parses and models one device.
fn model_one(id: source::FileId, text: &str, stem: &str) -> (model::Device, Vec<Notice>) {
    let tree = syntax::parse_with(text, &model::reads_block);
    let device = model::build_device(id, text, &tree, stem);
    let notices = tree
        .diagnostics
        .iter()
        .map(|d| Notice {
            span: Span::at(id, d.start as usize, d.end as usize, d.line),
            message: d.message.clone(),
        })
        .chain(device.problems.iter().map(|p| Notice {
            span: p.span,
            message: p.message.clone(),
        }))
        .collect();
    (device, notices)
}

/// Runs the pipeline on texts already in memory, one device per text.
pub fn analyze_texts(files: Vec<(PathBuf, String)>) -> Analysis {
    let mut sources = SourceMap::default();
    for (path, text) in files {
        // Secrets are masked before any stage sees the text.
        sources.add(path, syntax::secrets::mask(text));
    }
    let parsed: Vec<_> = sources
        .files()
        .par_iter()
        .map(|f| model_one(f.id, f.text(), &f.stem()))
        .collect();
    let mut devices = Vec::with_capacity(parsed.len());
    let mut notices = Vec::new();
    for (device, n) in parsed {
        devices.push(device);
        notices.extend(n);
    }
    finish(sources, devices, notices)
}

/// Builds the network, runs the rules and sorts what they found.
fn finish(sources: SourceMap, devices: Vec<model::Device>, mut notices: Vec<Notice>) -> Analysis {
    let network = graph::build(devices);
    notices.extend(network.problems.iter().map(|p| Notice {
        span: p.span,
        message: p.message.clone(),
    }));
    let mut findings = rules::check(&network);
    let order = |span: &Span| (sources.get(span.file).display.clone(), span.start);
    findings.sort_by_cached_key(|f| (order(&f.primary.span), f.rule, f.message.clone()));
    notices.sort_by_cached_key(|n| (order(&n.span), n.message.clone()));
    Analysis {
        sources,
        network,
        findings,
        notices,
        input_errors: Vec::new(),
        skipped: Vec::new(),
        suppressed: Suppressed::default(),
    }
}
