//! The command line: argument parsing, the config file, output selection,
//! exit codes.
//!
//! Exit codes: 0 when no finding is at the fail level (`--fail-on`, default
//! warning) or above, 1 when some are, 2 when the run itself failed (bad
//! arguments, bad config file, unreadable input).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::{Config, FailOn};
use crate::report;
use crate::rules;

#[derive(Parser, Debug)]
#[command(
    name = "peerlint",
    version,
    about = "Finds the BGP sessions of a Huawei VRP network that can never come up",
    long_about = "peerlint reads the configurations of a whole network of Huawei VRP devices \
(saved configurations, CLI transcripts, terminal captures), builds the BGP peering graph \
between them, and reports what stops sessions from ever coming up."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check the configurations under PATH... (files or folders, one device per file)
    Check(CheckArgs),
    /// For pre-commit: check the whole network, report only findings that touch FILE...
    Hook(HookArgs),
    /// Write change scripts that repair the findings (one per device)
    Fix(FixArgs),
    /// List every configured BGP peer with its status and whether its session can establish
    Sessions(TableArgs),
    /// Draw the peering graph (Graphviz DOT, Mermaid or JSON)
    Graph(GraphArgs),
    /// List every rule with its default level
    Rules,
    /// Print the documentation of a rule
    Explain {
        /// A rule id, such as both-listen-only
        rule: String,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args, Debug)]
struct ConfigArgs {
    /// Read this config file instead of looking for peerlint.yaml or
    /// .peerlint.yaml from the current folder upward
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not read any config file
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
}

#[derive(clap::Args, Debug)]
struct ReportArgs {
    /// Output format
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// When to colour the text output (never when NO_COLOR is set)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Only these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Leave out these rules (comma-separated ids)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// The lowest level that fails the run [default: warning, or the config file's fail-on]
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Print the findings and nothing else (no summary, no warnings about lines)
    #[arg(short, long)]
    quiet: bool,
    /// Also name the files left out because they are no configuration
    #[arg(short, long, conflicts_with = "quiet")]
    verbose: bool,
    /// Print how many findings each rule gave instead of the findings
    #[arg(long)]
    statistics: bool,
    /// Leave out the findings recorded in this baseline file
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in FILE as a baseline and exit
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// What-if: apply these change transcripts (files or folders) after the
    /// configurations of the devices they name, then check the changed
    /// network. A transcript names its device by its `<HOST>` prompt or its
    /// file name.
    #[arg(long = "with", value_name = "PATH")]
    with: Vec<PathBuf>,
    /// Captures of `display bgp peer` (files or folders; several
    /// commands per file, the `<HOST>` prompt naming the device) to compare
    /// with what the configurations say: each session confirmed, explained,
    /// down-unexplained or a contradiction
    #[arg(long = "state", value_name = "PATH")]
    state: Vec<PathBuf>,
    /// Fix in place what a file edit alone repairs (deleting an overridden
    /// line), then report what is left
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print the edits `--fix` would make, as a unified diff, and write nothing
    #[arg(long)]
    diff: bool,
    /// With --fix or --diff, also make the edits that change what a device
    /// does (a misspelt group name written the way the group is)
    #[arg(long)]
    unsafe_fixes: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Configuration files, or folders to search for them [default: the
    /// config file's paths, else the current folder]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(clap::Args, Debug)]
struct HookArgs {
    /// The changed files; findings that touch none of them are not reported
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(clap::Args, Debug)]
struct FixArgs {
    /// Configuration files, or folders to search for them
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write one change script per device into DIR (`DIR/<device>.txt`)
    #[arg(long, value_name = "DIR", required = true)]
    script: PathBuf,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(clap::Args, Debug)]
struct TableArgs {
    /// Configuration files, or folders to search for them
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    format: TableFormat,
    /// Write the table to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Captures of `display bgp peer` (files or folders; several
    /// commands per file, the `<HOST>` prompt naming the device) to compare
    /// with what the configurations say: each session confirmed, explained,
    /// down-unexplained or a contradiction
    #[arg(long = "state", value_name = "PATH")]
    state: Vec<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum TableFormat {
    Text,
    Json,
    Csv,
}

#[derive(clap::Args, Debug)]
struct GraphArgs {
    /// Configuration files, or folders to search for them
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Only the sessions of one address family, with the route reflector
    /// roles in it: ipv4-unicast, ipv6-unicast, vpnv4, vpnv6, evpn
    #[arg(long, value_name = "FAMILY", value_parser = parse_family)]
    family: Option<crate::model::Family>,
    /// Write the graph to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Diagnostics with both ends of each session (aliases: full, concise)
    #[value(alias = "full", alias = "concise")]
    Text,
    Json,
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// GitLab Code Quality report
    Gitlab,
    /// JUnit XML, one test case per device
    Junit,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Runs the command line; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check(args.paths, None, args.report),
        Command::Hook(args) => check(Vec::new(), Some(args.files), args.report),
        Command::Fix(args) => {
            let Some((analysis, failed)) = load(&args.paths, &args.config, &[], Say::Normal) else {
                return 2;
            };
            match report::fix::write_scripts(&analysis, &args.script) {
                Ok(files) => {
                    let fixed = analysis
                        .findings
                        .iter()
                        .filter(|f| {
                            f.changes().next().is_some() && f.severity >= rules::Severity::Warning
                        })
                        .count();
                    eprintln!(
                        "peerlint: wrote {} change scripts into {} for {fixed} of {} findings",
                        files.len(),
                        args.script.display(),
                        analysis.findings.len()
                    );
                    if failed { 2 } else { 0 }
                }
                Err(e) => {
                    eprintln!(
                        "peerlint: error: cannot write into {}: {e}",
                        args.script.display()
                    );
                    2
                }
            }
        }
        Command::Sessions(args) => {
            let render = match args.format {
                TableFormat::Text => report::sessions::text,
                TableFormat::Json => report::sessions::json,
                TableFormat::Csv => report::sessions::csv,
            };
            show(
                &args.paths,
                &args.config,
                &args.state,
                args.output.as_ref(),
                &render,
            )
        }
        Command::Graph(args) => {
            let render = match args.format {
                GraphFormat::Dot => report::graph::dot,
                GraphFormat::Mermaid => report::graph::mermaid,
                GraphFormat::Json => report::graph::json,
            };
            let family = args.family;
            show(&args.paths, &args.config, &[], args.output.as_ref(), &|a| {
                render(a, family)
            })
        }
        Command::Rules => {
            let mut out = format!("{:<24} {:<8} {}\n", "RULE", "LEVEL", "TITLE");
            for m in rules::all_meta() {
                out.push_str(&format!(
                    "{:<24} {:<8} {}\n",
                    m.id,
                    m.severity.as_str(),
                    m.title
                ));
            }
            finish(None, &out, false, 0)
        }
        Command::Explain { rule } => match rules::meta(&rule) {
            Some(m) => finish(None, &explain(m), false, 0),
            None => {
                eprintln!("peerlint: error: no rule named `{rule}`; `peerlint rules` lists them");
                2
            }
        },
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "peerlint", &mut out);
            finish(None, &String::from_utf8_lossy(&out), false, 0)
        }
    }
}

/// A rule's documentation as plain text.
pub fn explain(m: &rules::RuleMeta) -> String {
    let mut s = format!(
        "{} ({})\n\n{}\n\nWhat it does\n{}\nWhy it matters\n{}\nHow to fix\n{}",
        m.id,
        m.severity.as_str(),
        m.title,
        indent(&m.what),
        indent(&m.why),
        indent(&m.fix)
    );
    for (label, ex) in [("Example", &m.bad), ("Use instead", &m.good)] {
        s.push_str(&format!("\n{label}\n"));
        for (file, text) in &ex.files {
            s.push_str(&format!("  {file}:\n{}", indent(&indent(text))));
        }
        for (file, text) in &ex.state {
            s.push_str(&format!(
                "  {file} (a capture given with --state):\n{}",
                indent(&indent(text))
            ));
        }
    }
    s
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// The config file that applies, if any; `Err` after printing why it
/// cannot be used.
fn config(args: &ConfigArgs, color: bool) -> Result<Config, ()> {
    if args.no_config {
        return Ok(Config::default());
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| Config::discover(&d))
            .map(|p| {
                // Keep paths relative to the current folder when below it.
                std::env::current_dir()
                    .ok()
                    .and_then(|cwd| p.strip_prefix(&cwd).ok().map(Path::to_path_buf))
                    .unwrap_or(p)
            }),
    };
    let Some(path) = path else {
        return Ok(Config::default());
    };
    Config::load(&path).map_err(|e| eprint!("{}", e.render(color)))
}

/// A progress bar on standard error, for large inputs on a terminal.
struct Bar(indicatif::ProgressBar);

impl crate::Progress for Bar {
    fn start(&self, files: usize) {
        if files >= 2000 {
            self.0.set_length(files as u64);
            // What it counts: files read and modelled.
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{prefix} {wide_bar} {pos}/{len} files ({eta})",
            ) {
                self.0.set_style(style);
            }
            self.0.set_prefix("peerlint: reading configurations");
            self.0
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn advance(&self) {
        self.0.inc(1);
    }
}

/// Reads the config, then reads and analyses the network. Returns `None`
/// when the config file is unusable; else the analysis and whether some
/// input could not be read.
fn load(
    paths: &[PathBuf],
    args: &ConfigArgs,
    states: &[PathBuf],
    say: Say,
) -> Option<(crate::Analysis, bool)> {
    let stderr_color = std::io::stderr().is_terminal() && no_color_unset();
    let mut config = config(args, stderr_color).ok()?;
    config.states = states.to_vec();
    load_with(paths, &config, say, None).map(|(a, failed, _)| (a, failed))
}

/// How much a run says on standard error besides its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Say {
    /// Errors only.
    Quiet,
    /// Also notes on skipped files and warnings about lines.
    Normal,
    /// Also every file left out because it is no configuration.
    Verbose,
}

impl Say {
    fn of(args: &ReportArgs) -> Say {
        match (args.quiet, args.verbose) {
            (true, _) => Say::Quiet,
            (false, true) => Say::Verbose,
            (false, false) => Say::Normal,
        }
    }
}

fn load_with(
    paths: &[PathBuf],
    config: &Config,
    say: Say,
    rules: Option<rules::Enabled>,
) -> Option<(crate::Analysis, bool, Vec<PathBuf>)> {
    let quiet = say == Say::Quiet;
    let paths: Vec<PathBuf> = if !paths.is_empty() {
        paths.to_vec()
    } else if !config.paths.is_empty() {
        config.network_paths()
    } else {
        vec![PathBuf::from(".")]
    };
    let filter = config.file_filter();
    let bar = Bar(indicatif::ProgressBar::with_draw_target(
        None,
        indicatif::ProgressDrawTarget::hidden(),
    ));
    let show_bar = std::io::stderr().is_terminal() && !quiet;
    let options = crate::Options {
        rules,
        overlays: &config.overlays,
        states: &config.states,
        filter: Some(&filter),
        progress: show_bar.then_some(&bar as &dyn crate::Progress),
    };
    let analysis = crate::analyze_paths_with(&paths, &options);
    bar.0.finish_and_clear();
    let mut failed = false;
    for e in &analysis.input_errors {
        eprintln!("peerlint: error: {e}");
        failed = true;
    }
    if analysis.network.devices.is_empty() && analysis.input_errors.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "peerlint: error: no configuration files under {} (looked for .cfg .conf .txt .log .vrp and files without extension)",
            shown.join(", ")
        );
        failed = true;
    }
    if !quiet {
        for s in analysis
            .skipped
            .iter()
            .filter(|s| say == Say::Verbose || s.noteworthy())
        {
            eprintln!(
                "peerlint: note: {}: {}",
                crate::source::display_path(&s.path),
                s.reason()
            );
        }
        for n in &analysis.notices {
            let loc = report::locate(&analysis.sources, n.span);
            eprintln!(
                "peerlint: warning: {}:{}:{}: {}",
                loc.path, loc.line, loc.column, n.message
            );
        }
    }
    Some((analysis, failed, paths))
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Analyses the network and writes one view of it (sessions, graph).
/// `--family NAME`.
fn parse_family(name: &str) -> Result<crate::model::Family, String> {
    crate::model::Family::from_name(name).ok_or_else(|| {
        format!("`{name}` is no address family: ipv4-unicast, ipv6-unicast, vpnv4, vpnv6, evpn, labeled-unicast")
    })
}

fn show(
    paths: &[PathBuf],
    config: &ConfigArgs,
    states: &[PathBuf],
    output: Option<&PathBuf>,
    render: &dyn Fn(&crate::Analysis) -> String,
) -> i32 {
    let Some((analysis, failed)) = load(paths, config, states, Say::Normal) else {
        return 2;
    };
    finish(output, &render(&analysis), failed, 0)
}

/// Writes the output and picks the exit code: 2 when the run failed or the
/// output cannot be written, else `code`.
fn finish(output: Option<&PathBuf>, rendered: &str, failed: bool, code: i32) -> i32 {
    let written = match output {
        Some(path) => {
            std::fs::write(path, rendered.as_bytes()).map_err(|e| (path.display().to_string(), e))
        }
        None => std::io::stdout()
            .lock()
            .write_all(rendered.as_bytes())
            .map_err(|e| ("standard output".to_string(), e)),
    };
    match written {
        // A closed pipe (`peerlint check | head`) is not a failure.
        Err((_, e)) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err((what, e)) => {
            eprintln!("peerlint: error: cannot write {what}: {e}");
            2
        }
        Ok(()) if failed => 2,
        Ok(()) => code,
    }
}

/// Checks rule ids given on the command line.
fn rule_ids(ids: &[String], flag: &str) -> Result<(), i32> {
    for id in ids {
        if rules::meta(id).is_none() {
            eprintln!("peerlint: error: {flag}: no rule named `{id}`; `peerlint rules` lists them");
            return Err(2);
        }
    }
    Ok(())
}

/// Whether a finding touches one of the files (its primary or a related
/// location).
fn touches(sources: &crate::source::SourceMap, f: &rules::Finding, files: &[PathBuf]) -> bool {
    std::iter::once(&f.primary).chain(&f.related).any(|l| {
        let path = &sources.get(l.span.file).path;
        let canon = path.canonicalize().ok();
        files
            .iter()
            .any(|x| x == path || (canon.is_some() && x.canonicalize().ok() == canon))
    })
}

/// Keeps the findings the config file, `--select`/`--ignore` and, for a
/// hook, the changed files let through.
fn select(
    analysis: &mut crate::Analysis,
    config: &Config,
    args: &ReportArgs,
    only: Option<&[PathBuf]>,
) {
    analysis.suppressed.ignored = config.apply(&mut analysis.findings);
    analysis.findings.retain(|f| {
        (args.select.is_empty() || args.select.iter().any(|s| s == f.rule))
            && !args.ignore.iter().any(|s| s == f.rule)
    });
    if let Some(files) = only {
        let sources = &analysis.sources;
        analysis.findings.retain(|f| touches(sources, f, files));
    }
}

/// `check`, and `hook` when `only` holds the files pre-commit passed.
fn check(paths: Vec<PathBuf>, only: Option<Vec<PathBuf>>, args: ReportArgs) -> i32 {
    if let Err(code) = rule_ids(&args.select, "--select").and(rule_ids(&args.ignore, "--ignore")) {
        return code;
    }
    if args.unsafe_fixes && !(args.fix || args.diff) {
        eprintln!("peerlint: error: --unsafe-fixes goes with --fix or --diff");
        return 2;
    }
    let stdout_tty = std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => args.output.is_none() && stdout_tty && no_color_unset(),
    };
    let Ok(mut config) = config(
        &args.config,
        std::io::stderr().is_terminal() && no_color_unset(),
    ) else {
        return 2;
    };
    config.overlays = args.with.clone();
    config.states = args.state.clone();
    // Only the rules that can report run.
    let enabled = |id: &str| {
        (args.select.is_empty() || args.select.iter().any(|s| s == id))
            && !args.ignore.iter().any(|s| s == id)
            && config.level(id) != Some(crate::config::Level::Off)
    };
    let Some((mut analysis, failed, _)) =
        load_with(&paths, &config, Say::of(&args), Some(&enabled))
    else {
        return 2;
    };
    select(&mut analysis, &config, &args, only.as_deref());
    if args.diff || args.fix {
        let (edits, skipped) = report::edit::plan(&analysis, args.unsafe_fixes);
        for s in &skipped {
            eprintln!("peerlint: note: not fixed: {s}");
        }
        if args.diff {
            let diff: String = edits.iter().map(|e| e.diff()).collect();
            return finish(
                args.output.as_ref(),
                &diff,
                failed,
                i32::from(!edits.is_empty()),
            );
        }
        let mut lines = 0;
        for e in &edits {
            if let Err(err) = report::edit::apply(e) {
                eprintln!("peerlint: error: cannot write {}: {err}", e.display);
                return 2;
            }
            lines += e.lines();
        }
        if !edits.is_empty() {
            eprintln!("peerlint: fixed {lines} lines in {} files", edits.len());
            // Report what is left.
            let Some((again, failed_again, _)) =
                load_with(&paths, &config, Say::of(&args), Some(&enabled))
            else {
                return 2;
            };
            analysis = again;
            select(&mut analysis, &config, &args, only.as_deref());
            if failed_again {
                return 2;
            }
        }
    }
    if let Some(path) = &args.write_baseline {
        return match crate::baseline::write(path, &analysis) {
            Ok(n) => {
                eprintln!(
                    "peerlint: wrote {n} findings to the baseline {}",
                    path.display()
                );
                if failed { 2 } else { 0 }
            }
            Err(e) => {
                eprintln!("peerlint: error: cannot write {}: {e}", path.display());
                2
            }
        };
    }
    if let Some(path) = &args.baseline {
        match crate::baseline::Baseline::load(path) {
            Ok(b) => analysis.suppressed.baseline = b.apply(&mut analysis.findings),
            Err(e) => {
                eprintln!("peerlint: error: {}: {e}", path.display());
                return 2;
            }
        }
    }
    let files = analysis
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.primary).chain(&f.related))
        .map(|l| l.span.file)
        .chain(analysis.notices.iter().map(|n| n.span.file));
    crate::timed("read again", || analysis.sources.preload(files));
    let rendered = crate::timed("report", || match args.format {
        Format::Text if args.statistics => statistics(&analysis, args.quiet),
        Format::Text => {
            let mut text = report::text::render(&analysis, color);
            if args.quiet {
                // The summary is the last line.
                let body_end = text.trim_end_matches('\n').rfind('\n').map_or(0, |i| i + 1);
                text.truncate(body_end);
            }
            text
        }
        Format::Json => report::json::render(&analysis),
        Format::Sarif => report::sarif::render(&analysis),
        Format::Github => report::ci::github(&analysis),
        Format::Gitlab => report::ci::gitlab(&analysis),
        Format::Junit => report::ci::junit(&analysis),
    });
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Warning);
    let fails = analysis.findings.iter().any(|f| fail_on.fails(f.severity));
    // The process ends next: freeing a large network piece by piece would
    // only delay the exit.
    std::mem::forget(analysis);
    finish(args.output.as_ref(), &rendered, failed, i32::from(fails))
}

/// `--statistics`: findings per rule, most frequent first.
fn statistics(analysis: &crate::Analysis, quiet: bool) -> String {
    let mut counts: Vec<(usize, &str, &str)> = Vec::new();
    for f in &analysis.findings {
        match counts.iter_mut().find(|c| c.1 == f.rule) {
            Some(c) => c.0 += 1,
            None => counts.push((1, f.rule, f.severity.as_str())),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut out: String = counts
        .iter()
        .map(|(n, rule, level)| format!("{n:>6}  {rule:<24} [{level}]\n"))
        .collect();
    if !quiet {
        out.push_str(&format!(
            "peerlint: {}\n",
            report::summary_line(&report::summary(analysis))
        ));
    }
    out
}
