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
pub mod state;
pub mod syntax;
pub mod timing;
pub mod vendor;

use std::path::PathBuf;

use rayon::prelude::*;

pub use timing::timed;

use graph::Network;
use rules::Finding;
use source::{InputError, SourceMap, Span};

/// Something about the input that is not a finding about the network: a
/// line peerlint could not read, a peer VRP would not create. The stages
/// that find them (syntax, model, graph) all speak of them this way.
pub type Notice = model::Problem;

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
    /// Files left out: not text, or not a VRP device.
    pub skipped: Vec<Skipped>,
    /// Findings taken out by the configuration and the baseline.
    pub suppressed: Suppressed,
}

/// A file that is not read as a device, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub why: Skip,
}

/// Why a file is not a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Not text (an image, an archive, a program).
    Binary,
    /// Another vendor's configuration, named.
    Vendor(&'static str),
    /// Text that is no configuration (a license, a makefile, notes).
    NotConfiguration,
    /// A terminal capture of a filtered display only: part of a device.
    PartialCapture,
    /// The output of `display` commands that show no configuration
    /// (`display bgp peer`): a device's state, for `--state`.
    StateCapture,
}

impl Skipped {
    /// Why the file was left out, for a note.
    pub fn reason(&self) -> String {
        match self.why {
            Skip::Binary => "skipped, it is a binary file".to_string(),
            Skip::Vendor(v) => format!(
                "skipped, it looks like a {v} configuration; peerlint reads Huawei VRP, Cisco IOS, IOS XE and IOS XR, Juniper Junos and Arista EOS devices, and peers towards this device are reported as unknown remotes"
            ),
            Skip::NotConfiguration => {
                "skipped, it does not look like a VRP configuration, transcript or capture"
                    .to_string()
            }
            Skip::StateCapture => "skipped, it holds the output of `display` commands, not a configuration (captures of `display bgp peer` are read with --state)".to_string(),
            Skip::PartialCapture => "skipped, it captures a filtered `display current-configuration` (a section or `| include`), which shows part of a device; peers towards it are reported as unknown remotes".to_string(),
        }
    }

    /// Whether a user hears of it without asking (`--verbose` names the
    /// others).
    pub fn noteworthy(&self) -> bool {
        !matches!(self.why, Skip::NotConfiguration)
    }
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
    /// Change transcripts (files, or folders of them) to apply after the
    /// configurations of the devices they name: a what-if check.
    pub overlays: &'a [PathBuf],
    /// The rules to run (all when `None`).
    pub rules: Option<rules::Enabled<'a>>,
    /// Captures of `display bgp peer` (files, or folders of them) to put
    /// beside the configurations.
    pub states: &'a [PathBuf],
    /// A file whose text is given (an editor's unsaved buffer, read from
    /// standard input) instead of read from disk; added to the network when
    /// the walk does not meet it.
    pub given: Option<(&'a std::path::Path, &'a str)>,
    /// Record a hash of each file's text as read (for `check --fix`, which
    /// refuses to write a file that changed since).
    pub hash_files: bool,
}

/// Files that the command line names as something else than devices
/// (change transcripts, captures): a walked file that is one of them is left
/// out. Compared by name first, so only a namesake is resolved on disk.
#[derive(Default)]
struct Elsewhere {
    names: std::collections::HashSet<std::ffi::OsString>,
    real: std::collections::HashSet<PathBuf>,
}

impl Elsewhere {
    fn add(&mut self, path: &std::path::Path) {
        if let (Some(name), Ok(real)) = (path.file_name(), path.canonicalize()) {
            self.names.insert(name.to_owned());
            self.real.insert(real);
        }
    }

    fn contains(&self, path: &std::path::Path) -> bool {
        path.file_name().is_some_and(|n| self.names.contains(n))
            && path.canonicalize().is_ok_and(|r| self.real.contains(&r))
    }
}

/// Reads the captures given with `--state` (files, or folders of them).
fn read_states(paths: &[PathBuf], errors: &mut Vec<InputError>) -> Vec<(PathBuf, String)> {
    let mut states = Vec::new();
    if paths.is_empty() {
        return states;
    }
    let (files, walk_errors) = source::collect_files(paths);
    errors.extend(walk_errors);
    let read: Vec<_> = files
        .into_par_iter()
        .map(|path| (source::read_text(&path), path))
        .collect();
    for (text, path) in read {
        match text {
            Ok(source::Read::Text(t)) => states.push((path, t)),
            Ok(source::Read::Binary) => errors.push(InputError {
                path,
                message: "a binary file cannot be a capture of `display bgp peer`".to_string(),
            }),
            Err(e) => errors.push(e),
        }
    }
    states
}

/// Adds the captures to the sources and reads their rows.
fn parse_states(
    sources: &mut SourceMap,
    files: Vec<(PathBuf, String)>,
    notices: &mut Vec<Notice>,
) -> Option<Vec<state::Row>> {
    if files.is_empty() {
        return None;
    }
    let first = sources.files().len();
    let parsed: Vec<_> = files
        .into_par_iter()
        .enumerate()
        .map(|(i, (path, text))| {
            let text = syntax::secrets::mask(text);
            let id = source::FileId((first + i) as u32);
            let capture = state::capture::parse(id, &text, &source::stem(&path));
            (path, text, capture)
        })
        .collect();
    let mut rows = Vec::new();
    for (path, text, capture) in parsed {
        let id = sources.add(path, text);
        if capture.displays == 0 && capture.rows.is_empty() {
            notices.push(Notice {
                span: Span::at(id, 0, 0, 1),
                message: "no output of `display bgp peer` (or `display bgp all summary`) was found in this capture".to_string(),
            });
        }
        rows.extend(capture.rows);
        notices.extend(capture.notices);
    }
    Some(rows)
}

/// A change transcript, ready to apply to the device it names.
struct Prepared {
    path: PathBuf,
    text: String,
    tree: syntax::SyntaxTree,
    /// The name of the device it applies to: the host of its user-view
    /// prompt, else its file name without extension.
    targets: Vec<String>,
    used: std::sync::atomic::AtomicBool,
}

fn prepare_overlays(paths: &[PathBuf], errors: &mut Vec<InputError>) -> Vec<Prepared> {
    if paths.is_empty() {
        return Vec::new();
    }
    let (files, walk_errors) = source::collect_files(paths);
    errors.extend(walk_errors);
    let mut out = Vec::new();
    for path in files {
        let text = match source::read_text(&path) {
            Ok(source::Read::Text(t)) => t,
            Ok(source::Read::Binary) => {
                errors.push(InputError {
                    path,
                    message: "a binary file cannot be a change transcript".to_string(),
                });
                continue;
            }
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let tree = syntax::parse(&text);
        let mut targets: Vec<String> = syntax::lexer::lines(&text)
            .iter()
            .filter_map(|l| syntax::lexer::prompt(l.text))
            .find(|p| !p.system)
            .map(|p| p.inner.to_string())
            .into_iter()
            .collect();
        if targets.is_empty() {
            targets.push(source::stem(&path));
        }
        out.push(Prepared {
            path,
            text,
            tree,
            targets,
            used: std::sync::atomic::AtomicBool::new(false),
        });
    }
    out
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
    let mut input_errors = Vec::new();
    let overlays = prepare_overlays(options.overlays, &mut input_errors);
    let states = read_states(options.states, &mut input_errors);
    // Change transcripts and captures kept in the network's folder are not
    // devices.
    let mut elsewhere = Elsewhere::default();
    for path in overlays
        .iter()
        .map(|o| &o.path)
        .chain(states.iter().map(|(p, _)| p))
    {
        elsewhere.add(path);
    }
    let keep = |p: &std::path::Path| options.filter.is_none_or(|f| f(p)) && !elsewhere.contains(p);
    let (mut files, walk_errors) = timed("walk", || source::collect_files_filtered(paths, &keep));
    input_errors.splice(0..0, walk_errors);
    // The file whose text is given: where the walk met it, else added.
    let given = options.given.map(|(path, text)| {
        let mut it = Elsewhere::default();
        it.add(path);
        let met = files.iter().position(|f| f == path || it.contains(f));
        let at = met.unwrap_or_else(|| {
            files.push(path.to_path_buf());
            files.len() - 1
        });
        (at, text)
    });
    let first_overlay = files.len();
    let overlays_for = |name: &str, stem: &str| -> Vec<model::Overlay<'_>> {
        overlays
            .iter()
            .enumerate()
            .filter(|(_, o)| o.targets.iter().any(|t| t == name || t == stem))
            .map(|(k, o)| {
                o.used.store(true, std::sync::atomic::Ordering::Relaxed);
                (
                    source::FileId((first_overlay + k) as u32),
                    o.text.as_str(),
                    &o.tree,
                )
            })
            .collect()
    };
    if let Some(p) = options.progress {
        p.start(files.len());
    }
    enum Outcome {
        Device(Box<(model::Device, Vec<Notice>, Option<u64>)>),
        Skipped(Skip),
        Unreadable(InputError),
    }
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let outcomes: Vec<Outcome> = timed("read, parse, model", || {
        files
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let id = source::FileId(i as u32);
                if let Some((at, text)) = given
                    && at == i
                {
                    if let Some(p) = options.progress {
                        p.advance();
                    }
                    return match model_one(id, text, &source::stem(path), &overlays_for) {
                        Ok((device, notices)) => Outcome::Device(Box::new((
                            device,
                            notices,
                            options.hash_files.then(|| source::text_hash(text)),
                        ))),
                        Err(skip) => Outcome::Skipped(skip),
                    };
                }
                if source::is_not_configuration_name(path) {
                    if let Some(p) = options.progress {
                        p.advance();
                    }
                    return Outcome::Skipped(Skip::NotConfiguration);
                }
                let read = FILES.time(|| {
                    BUF.with(|buf| {
                        source::read_with(path, &mut buf.borrow_mut(), |text| {
                            let hash = options.hash_files.then(|| source::text_hash(text));
                            model_one(id, text, &source::stem(path), &overlays_for)
                                .map(|(device, notices)| (device, notices, hash))
                        })
                    })
                });
                let outcome = match read {
                    Ok(Some(Ok(device))) => Outcome::Device(Box::new(device)),
                    Ok(Some(Err(skip))) => Outcome::Skipped(skip),
                    Ok(None) => Outcome::Skipped(Skip::Binary),
                    Err(e) => Outcome::Unreadable(e),
                };
                if let Some(p) = options.progress {
                    p.advance();
                }
                outcome
            })
            .collect()
    });
    FILES.print();
    PARSE.print();
    MODEL.print();
    let mut sources = SourceMap::with_capacity(files.len() + overlays.len());
    let mut devices = Vec::with_capacity(files.len());
    let mut notices = Vec::new();
    let mut skipped = Vec::new();
    let mut hashes = Vec::new();
    for (i, (path, outcome)) in files.into_iter().zip(outcomes).enumerate() {
        match outcome {
            Outcome::Device(d) => {
                let (device, n, hash) = *d;
                if let Some(h) = hash {
                    hashes.push((source::FileId(i as u32), h));
                }
                devices.push(device);
                notices.extend(n);
            }
            Outcome::Skipped(why) => skipped.push(Skipped {
                path: path.clone(),
                why,
            }),
            Outcome::Unreadable(e) => input_errors.push(e),
        }
        match given {
            Some((at, text)) if at == i => {
                sources.add(path, syntax::secrets::mask(text.to_string()));
            }
            _ => {
                sources.add_lazy(path, reload, syntax::secrets::mask);
            }
        }
    }
    for o in overlays {
        if !o.used.load(std::sync::atomic::Ordering::Relaxed) {
            input_errors.push(InputError {
                path: o.path.clone(),
                message: format!(
                    "no device in the network is named {}: the change cannot be applied",
                    o.targets.join(" or ")
                ),
            });
        }
        sources.add(o.path, syntax::secrets::mask(o.text));
    }
    for (id, h) in hashes {
        sources.set_hash(id, h);
    }
    let rows = parse_states(&mut sources, states, &mut notices);
    let mut analysis = finish(
        sources,
        devices,
        notices,
        rows,
        options.rules.unwrap_or(&|_| true),
    );
    analysis.input_errors = input_errors;
    analysis.skipped = skipped;
    analysis
}

/// A file's text read again for a report. Whatever is shown of it passes
/// through [`syntax::secrets::mask`] first (the source map screens it);
/// the model copies only names and numbers out of the text.
fn reload(path: &std::path::Path) -> String {
    match source::read_text(path) {
        Ok(source::Read::Text(text)) => text,
        _ => String::new(),
    }
}

static FILES: timing::Sum = timing::Sum::new("read, parse, model");
static PARSE: timing::Sum = timing::Sum::new("parse");
static MODEL: timing::Sum = timing::Sum::new("model");

/// Parses and models one device, with the change transcripts that apply;
/// a text that is no VRP device is left out, and why.
fn model_one<'a>(
    id: source::FileId,
    text: &str,
    stem: &str,
    overlays: &dyn Fn(&str, &str) -> Vec<model::Overlay<'a>>,
) -> Result<(model::Device, Vec<Notice>), Skip> {
    match syntax::sniff::looks(text) {
        syntax::sniff::Looks::Vrp => {}
        syntax::sniff::Looks::Vendor(v) => {
            let vendor = vendor::reader(v, text).map_err(Skip::Vendor)?;
            let device = MODEL.time(|| vendor::lower(vendor, id, text, stem));
            let mut notices = device.problems.clone();
            // `check --with` applies VRP transcripts: a change for another
            // vendor's device is named, not guessed at.
            for (file, change, _) in overlays(&device.name, stem) {
                let end = change.find(['\n', '\r']).unwrap_or(change.len());
                notices.push(Notice {
                    span: Span::at(file, 0, end, 1),
                    message: format!(
                        "this change is not applied: `--with` applies Huawei VRP change transcripts, and {} is a {} device",
                        device.name,
                        vendor.name()
                    ),
                });
            }
            return Ok((device, notices));
        }
        syntax::sniff::Looks::Other => return Err(Skip::NotConfiguration),
    }
    thread_local! {
        // A tree whose lists each file on this thread parses into.
        static TREE: std::cell::RefCell<syntax::SyntaxTree> =
            std::cell::RefCell::new(syntax::SyntaxTree::empty());
    }
    TREE.with_borrow_mut(|tree| {
        PARSE.time(|| syntax::parse_into(text, &model::reads_block, tree));
        if tree.partial {
            return Err(Skip::PartialCapture);
        }
        let device = MODEL.time(|| model::build_device_with(id, text, tree, stem, overlays));
        if device.bgp.is_empty()
            && device.interfaces.is_empty()
            && syntax::sniff::only_displays(text)
        {
            return Err(Skip::StateCapture);
        }
        let notices = tree
            .diagnostics
            .iter()
            .map(|d| Notice {
                span: Span::at(id, d.start as usize, d.end as usize, d.line),
                message: d.message.clone(),
            })
            .chain(device.problems.iter().cloned())
            .collect();
        Ok((device, notices))
    })
}

/// Runs the pipeline on texts already in memory, one device per text.
pub fn analyze_texts(files: Vec<(PathBuf, String)>) -> Analysis {
    analyze_texts_with_state(files, Vec::new())
}

/// Runs the pipeline on texts already in memory, one device per text,
/// with captures of `display bgp peer` (none: no state is compared).
pub fn analyze_texts_with_state(
    files: Vec<(PathBuf, String)>,
    captures: Vec<(PathBuf, String)>,
) -> Analysis {
    let mut sources = SourceMap::default();
    for (path, text) in files {
        // Secrets are masked before any stage sees the text.
        sources.add(path, syntax::secrets::mask(text));
    }
    let parsed: Vec<_> = sources
        .files()
        .par_iter()
        .map(|f| model_one(f.id, f.text(), &f.stem(), &|_, _| Vec::new()))
        .collect();
    let mut devices = Vec::with_capacity(parsed.len());
    let mut notices = Vec::new();
    let mut skipped = Vec::new();
    for (file, outcome) in sources.files().iter().zip(parsed) {
        match outcome {
            Ok((device, n)) => {
                devices.push(device);
                notices.extend(n);
            }
            Err(why) => skipped.push(Skipped {
                path: file.path.clone(),
                why,
            }),
        }
    }
    let rows = parse_states(&mut sources, captures, &mut notices);
    let mut analysis = finish(sources, devices, notices, rows, &|_| true);
    analysis.skipped = skipped;
    analysis
}

/// Builds the network, runs the rules and sorts what they found.
fn finish(
    sources: SourceMap,
    devices: Vec<model::Device>,
    mut notices: Vec<Notice>,
    rows: Option<Vec<state::Row>>,
    enabled: rules::Enabled,
) -> Analysis {
    // The rules that read devices alone run while the peers are matched.
    let (links, mut findings) = rayon::join(
        || timed("graph", || graph::link(&devices)),
        || {
            timed("rules on devices", || {
                rules::check_devices(&devices, enabled)
            })
        },
    );
    let mut network = links.with(devices);
    notices.extend(network.problems.iter().cloned());
    if let Some(rows) = rows {
        network.state = Some(timed("state", || {
            state::observe(&network, rows, &mut notices)
        }));
    }
    // Route propagation, when a rule reads it, as a stage of its own.
    if enabled("ibgp-not-propagated") || enabled("single-route-reflector") {
        let routes = timed("routes", || network.routes());
        for fr in &routes.families {
            for d in fr.domains.iter().filter(|d| !d.searched) {
                let why = if d.classes.len() > graph::routes::MAX_CLASSES {
                    format!(
                        "they fall in {} groups that peer differently (more than {})",
                        d.classes.len(),
                        graph::routes::MAX_CLASSES
                    )
                } else {
                    format!(
                        "the cluster IDs their reflectors share make more than {} states of a route to follow",
                        graph::routes::MAX_STATES
                    )
                };
                notices.push(Notice {
                    span: network.speaker_line(d.speakers[0]),
                    message: format!(
                        "route propagation in {} among these {} speakers is not followed: {why}",
                        fr.family.name(),
                        d.speakers.len(),
                    ),
                });
            }
        }
    }
    findings.extend(timed("rules on sessions", || {
        rules::check_sessions(&network, enabled)
    }));
    rules::annotate_observed(&network, &mut findings);
    rules::fit_vendors(&network, &mut findings);
    timed("sort", || {
        let order = |span: &Span| (sources.get(span.file).display.clone(), span.start);
        findings.sort_by_cached_key(|f| (order(&f.primary.span), f.rule, f.message.clone()));
        notices.sort_by_cached_key(|n| (order(&n.span), n.message.clone()));
    });
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
