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
pub fn analyze_paths_with(paths: &[PathBuf], options: &Options) -> Analysis {
    let keep = |p: &std::path::Path| options.filter.is_none_or(|f| f(p));
    let (files, mut input_errors) = source::collect_files_filtered(paths, &keep);
    if let Some(p) = options.progress {
        p.start(files.len());
    }
    let read: Vec<_> = files
        .into_par_iter()
        .map(|p| source::read_text(&p).map(|t| (p, t)))
        .collect();
    let mut texts = Vec::new();
    let mut skipped = Vec::new();
    for r in read {
        match r {
            Ok((p, source::Read::Text(t))) => texts.push((p, t)),
            Ok((p, source::Read::Binary)) => skipped.push(p),
            Err(e) => input_errors.push(e),
        }
    }
    let mut analysis = analyze(texts, options.progress);
    analysis.input_errors = input_errors;
    analysis.skipped = skipped;
    analysis
}

/// Runs the pipeline on texts already in memory, one device per text.
pub fn analyze_texts(files: Vec<(PathBuf, String)>) -> Analysis {
    analyze(files, None)
}

fn analyze(files: Vec<(PathBuf, String)>, progress: Option<&dyn Progress>) -> Analysis {
    let mut sources = SourceMap::default();
    for (path, text) in files {
        // Secrets are masked before any stage sees the text.
        sources.add(path, syntax::secrets::mask(text));
    }
    let parsed: Vec<_> = sources
        .files()
        .par_iter()
        .map(|f| {
            let tree = syntax::parse(&f.text);
            let device = model::build_device(f.id, &f.text, &tree, &f.stem());
            if let Some(p) = progress {
                p.advance();
            }
            let notices: Vec<Notice> = tree
                .diagnostics
                .iter()
                .map(|d| Notice {
                    span: Span::new(f.id, d.start as usize, d.end as usize),
                    message: d.message.clone(),
                })
                .chain(device.problems.iter().map(|p| Notice {
                    span: p.span,
                    message: p.message.clone(),
                }))
                .collect();
            (device, notices)
        })
        .collect();
    let mut devices = Vec::with_capacity(parsed.len());
    let mut notices = Vec::new();
    for (device, n) in parsed {
        devices.push(device);
        notices.extend(n);
    }
    let network = graph::build(devices);
    notices.extend(network.problems.iter().map(|p| Notice {
        span: p.span,
        message: p.message.clone(),
    }));
    let mut findings = rules::check(&network);
    let order = |span: &Span| (sources.get(span.file).display.clone(), span.start);
    findings.sort_by(|a, b| {
        (order(&a.primary.span), a.rule, &a.message).cmp(&(
            order(&b.primary.span),
            b.rule,
            &b.message,
        ))
    });
    notices.sort_by(|a, b| (order(&a.span), &a.message).cmp(&(order(&b.span), &b.message)));
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
