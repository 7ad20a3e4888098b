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
    /// Draw the peering graph (Graphviz DOT, Mermaid, JSON, or SVG drawn by peerlint)
    Graph(GraphArgs),
    /// Write an audit report: one self-contained HTML file with the summary,
    /// pictures of the sessions, the findings and the sessions table
    Report(HtmlArgs),
    /// List every rule with its default level and how its findings are fixed
    Rules(RulesArgs),
    /// About the config file (peerlint.yaml)
    Config(ConfigCommandArgs),
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
    /// When to colour the text output (auto: not with NO_COLOR, yes with
    /// FORCE_COLOR or CLICOLOR_FORCE, not with TERM=dumb, else on a terminal)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(flatten)]
    rules: RuleSelection,
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

/// `--select` and `--ignore`.
#[derive(clap::Args, Debug)]
struct RuleSelection {
    /// Only these rules (comma-separated ids, or ALL)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Leave out these rules (comma-separated ids, or ALL)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
}

impl RuleSelection {
    /// The selection with its ids checked ([`rule_ids`]).
    fn resolved(&self) -> Result<RuleSelection, String> {
        Ok(RuleSelection {
            select: rule_ids(&self.select, "--select")?,
            ignore: rule_ids(&self.ignore, "--ignore")?,
        })
    }

    /// Whether a rule is selected and not ignored.
    fn wants(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s == id))
            && !self.ignore.iter().any(|s| s == id)
    }
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Configuration files, or folders to search for them [default: the
    /// config file's paths, else the current folder]; `-` reads one file's
    /// text from standard input (with --stdin-filename)
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// With `-`: the file whose text standard input holds (an editor's
    /// unsaved buffer). The network around it (the config file's paths,
    /// else the current folder) is read from disk, with this file's text
    /// taken from standard input
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
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

#[derive(clap::Args, Debug)]
struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
struct ConfigCommandArgs {
    /// Print the JSON Schema of peerlint.yaml (for editors' validation)
    #[arg(long, required = true)]
    schema: bool,
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
    /// A picture drawn by peerlint (no graphviz needed)
    Svg,
}

#[derive(clap::Args, Debug)]
struct HtmlArgs {
    /// Configuration files, or folders to search for them [default: the
    /// config file's paths, else the current folder]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the report to FILE (an .html file) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleSelection,
    /// The lowest level that fails the run, for the verdict the report
    /// gives [default: warning, or the config file's fail-on]
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// What-if: apply these change transcripts (files or folders) first
    #[arg(long = "with", value_name = "PATH")]
    with: Vec<PathBuf>,
    /// Captures of `display bgp peer` to compare with the configurations
    #[arg(long = "state", value_name = "PATH")]
    state: Vec<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Diagnostics with both ends of each session (alias: full)
    #[value(alias = "full")]
    Text,
    /// One line per finding: `path:line:column: rule-id message` (grep,
    /// editors' quickfix lists)
    Concise,
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
        Command::Check(args) => match (args.paths.as_slice(), args.stdin_filename) {
            ([dash], Some(name)) if dash.as_os_str() == "-" => check_stdin(name, args.report),
            (paths, None) if paths.iter().any(|p| p.as_os_str() == "-") => fail_run(
                &args.report,
                Path::new("-"),
                "`-` (standard input) needs --stdin-filename PATH",
            ),
            (paths, Some(_)) if !paths.iter().any(|p| p.as_os_str() == "-") => fail_run(
                &args.report,
                Path::new("-"),
                "--stdin-filename goes with `-` as the only PATH",
            ),
            (_, Some(_)) => fail_run(&args.report, Path::new("-"), "`-` must be the only PATH"),
            (_, None) => check(args.paths, None, args.report),
        },
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
        Command::Report(args) => html_report(args),
        Command::Graph(args) if matches!(args.format, GraphFormat::Svg) => {
            let Some((analysis, failed)) = load(&args.paths, &args.config, &[], Say::Normal) else {
                return 2;
            };
            match report::picture::svg(&analysis) {
                Ok(svg) => finish(args.output.as_ref(), &svg, failed, 0),
                Err(why) => {
                    eprintln!("peerlint: error: {why}");
                    2
                }
            }
        }
        Command::Graph(args) => {
            let render = match args.format {
                GraphFormat::Dot | GraphFormat::Svg => report::graph::dot,
                GraphFormat::Mermaid => report::graph::mermaid,
                GraphFormat::Json => report::graph::json,
            };
            let family = args.family;
            show(&args.paths, &args.config, &[], args.output.as_ref(), &|a| {
                render(a, family)
            })
        }
        Command::Rules(args) => {
            let out = match args.format {
                RulesFormat::Text => {
                    let mut out =
                        format!("{:<26} {:<8} {:<8} {}\n", "RULE", "LEVEL", "FIX", "TITLE");
                    for m in rules::all_meta() {
                        out.push_str(&format!(
                            "{:<26} {:<8} {:<8} {}\n",
                            m.id,
                            m.severity.as_str(),
                            fixable(m).unwrap_or("-"),
                            m.title
                        ));
                    }
                    out
                }
                RulesFormat::Json => {
                    let list: Vec<serde_json::Value> = rules::all_meta()
                        .iter()
                        .map(|m| {
                            serde_json::json!({
                                "id": m.id,
                                "title": m.title,
                                "severity": m.severity.as_str(),
                                "fixable": fixable(m),
                                "needs_state": !m.bad.state.is_empty(),
                            })
                        })
                        .collect();
                    let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
                    s.push('\n');
                    s
                }
            };
            finish(None, &out, false, 0)
        }
        Command::Config(_) => {
            let mut s = serde_json::to_string_pretty(&crate::config::schema()).unwrap_or_default();
            s.push('\n');
            finish(None, &s, false, 0)
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

/// How a rule's findings are repaired, as its bad example shows: `safe`
/// (`check --fix` edits the file), `unsafe` (`--fix --unsafe-fixes`),
/// `script` (commands that `fix --script` writes down), or none.
fn fixable(m: &rules::RuleMeta) -> Option<&'static str> {
    let texts = |files: &std::collections::BTreeMap<String, String>| {
        files
            .iter()
            .map(|(name, text)| (PathBuf::from(name), text.clone()))
            .collect()
    };
    let a = crate::analyze_texts_with_state(texts(&m.bad.files), texts(&m.bad.state));
    a.findings
        .iter()
        .filter(|f| f.rule == m.id)
        .flat_map(|f| &f.remedies)
        .map(|r| match (&r.action, r.applicability) {
            (rules::Action::Edits(_), rules::Applicability::Safe) => (0, "safe"),
            (rules::Action::Edits(_), _) => (1, "unsafe"),
            (rules::Action::Commands(_), _) => (2, "script"),
        })
        .min()
        .map(|(_, name)| name)
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

/// The config file that applies, if any; `Err` (its path and why) after
/// printing why it cannot be used.
fn config(args: &ConfigArgs, color: bool) -> Result<Config, (PathBuf, String)> {
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
    Config::load(&path).map_err(|e| {
        eprint!("{}", e.render(color));
        (path.clone(), e.render(false).trim_end().to_string())
    })
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
    let stderr_color = color_wanted(ColorChoice::Auto, std::io::stderr().is_terminal());
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
        given: config
            .given
            .as_ref()
            .map(|(p, t)| (p.as_path(), t.as_str())),
        hash_files: config.hash_files,
        filter: Some(&filter),
        progress: show_bar.then_some(&bar as &dyn crate::Progress),
    };
    let mut analysis = crate::analyze_paths_with(&paths, &options);
    bar.0.finish_and_clear();
    let mut failed = false;
    for e in &analysis.input_errors {
        eprintln!("peerlint: error: {}", report::printable(&e.to_string()));
        failed = true;
    }
    if analysis.network.devices.is_empty() && analysis.input_errors.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let error = crate::source::InputError {
            path: PathBuf::from(shown.join(", ")),
            message: "no configuration files here (looked for .cfg .conf .txt .log .vrp and files without extension)".to_string(),
        };
        eprintln!("peerlint: error: {error}");
        // JSON and SARIF reports carry it too.
        analysis.input_errors.push(error);
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
                report::printable(&crate::source::display_path(&s.path)),
                s.reason()
            );
        }
        for n in &analysis.notices {
            let loc = report::locate(&analysis.sources, n.span);
            eprintln!(
                "peerlint: warning: {}:{}:{}: {}",
                report::printable(&loc.path),
                loc.line,
                loc.column,
                report::printable(&n.message)
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

/// The rule ids given to `--select` or `--ignore`: blanks around each id
/// trimmed, empty ones dropped, `ALL` standing for every rule; an unknown
/// id is an error that names the closest one.
fn rule_ids(ids: &[String], flag: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for id in ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if id == "ALL" {
            out.extend(rules::ids().map(str::to_string));
        } else if rules::meta(id).is_some() {
            out.push(id.to_string());
        } else {
            let close = if id.eq_ignore_ascii_case("all") {
                Some("ALL")
            } else {
                rules::ids()
                    .map(|k| (strsim::levenshtein(k, id), k))
                    .min()
                    .filter(|(d, _)| *d <= 4 || rules::ids().any(|k| k.contains(id)))
                    .map(|(_, k)| k)
            };
            return Err(match close {
                Some(k) => format!(
                    "{flag}: no rule named `{id}`; did you mean `{k}`? (`peerlint rules` lists them)"
                ),
                None => format!("{flag}: no rule named `{id}`; `peerlint rules` lists them"),
            });
        }
    }
    Ok(out)
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
    rules: &RuleSelection,
    only: Option<&[PathBuf]>,
) {
    analysis.suppressed.ignored = config.apply(&mut analysis.findings);
    analysis.findings.retain(|f| rules.wants(f.rule));
    if let Some(files) = only {
        let sources = &analysis.sources;
        analysis.findings.retain(|f| touches(sources, f, files));
    }
}

/// Reads again, in parallel, the files whose lines a report shows (those
/// the findings and notices point into).
fn preload_shown(analysis: &crate::Analysis) {
    let files = analysis
        .findings
        .iter()
        .flat_map(|f| std::iter::once(&f.primary).chain(&f.related))
        .map(|l| l.span.file)
        .chain(analysis.notices.iter().map(|n| n.span.file));
    crate::timed("read again", || analysis.sources.preload(files));
}

/// `peerlint report`: the network read as `check` reads it, written as one
/// HTML file.
fn html_report(args: HtmlArgs) -> i32 {
    let rules = match args.rules.resolved() {
        Ok(rules) => rules,
        Err(message) => {
            eprintln!("peerlint: error: {message}");
            return 2;
        }
    };
    let Ok(mut config) = config(
        &args.config,
        color_wanted(ColorChoice::Auto, std::io::stderr().is_terminal()),
    ) else {
        return 2;
    };
    config.overlays = args.with.clone();
    config.states = args.state.clone();
    let enabled = |id: &str| rules.wants(id) && config.level(id) != Some(crate::config::Level::Off);
    let Some((mut analysis, failed, _)) =
        load_with(&args.paths, &config, Say::Normal, Some(&enabled))
    else {
        return 2;
    };
    select(&mut analysis, &config, &rules, None);
    preload_shown(&analysis);
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Warning);
    let html = crate::timed("report", || report::html::render(&analysis, fail_on));
    let code = finish(args.output.as_ref(), &html, failed, 0);
    if code == 0
        && let Some(path) = &args.output
    {
        eprintln!(
            "peerlint: wrote {} ({} findings, {} devices)",
            path.display(),
            analysis.findings.len(),
            analysis.network.devices.len()
        );
    }
    std::mem::forget(analysis);
    code
}

/// `check`, and `hook` when `only` holds the files pre-commit passed.
/// Whether to colour: `--color always|never`, else `NO_COLOR` (set and
/// not empty) turns colour off, `FORCE_COLOR` or `CLICOLOR_FORCE` (set, not
/// empty and not `0`) turns it on, `TERM=dumb` off, and otherwise a
/// terminal gets colour.
fn color_wanted(choice: ColorChoice, terminal: bool) -> bool {
    let forced = |name: &str| {
        std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
    };
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if !no_color_unset() => false,
        ColorChoice::Auto if forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") => true,
        ColorChoice::Auto if std::env::var_os("TERM").is_some_and(|t| t == "dumb") => false,
        ColorChoice::Auto => terminal,
    }
}

/// Ends a run that could not be made (exit 2): the message on standard
/// error and, for JSON and SARIF, a report that carries it as an error, so
/// that a consumer reading only the report sees the run failed.
fn fail_run(args: &ReportArgs, path: &Path, message: &str) -> i32 {
    eprintln!("peerlint: error: {}", report::printable(message));
    fail_report(args, path, message)
}

/// The JSON or SARIF report of a run that could not be made (the message
/// said already), exit 2.
fn fail_report(args: &ReportArgs, path: &Path, message: &str) -> i32 {
    let render: fn(&crate::Analysis) -> String = match args.format {
        Format::Json => report::json::render,
        Format::Sarif => report::sarif::render,
        _ => return 2,
    };
    let mut analysis = crate::analyze_texts(Vec::new());
    analysis.input_errors.push(crate::source::InputError {
        path: path.to_path_buf(),
        message: message.to_string(),
    });
    finish(args.output.as_ref(), &render(&analysis), true, 2)
}

/// `check - --stdin-filename PATH`: the network read from disk, with one
/// file's text taken from standard input.
fn check_stdin(name: PathBuf, args: ReportArgs) -> i32 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes) {
        return fail_run(&args, &name, &format!("cannot read standard input: {e}"));
    }
    if bytes.len() as u64 > crate::source::MAX_FILE {
        let big = crate::source::TooLarge(bytes.len() as u64);
        return fail_run(&args, &name, &format!("standard input: {big}"));
    }
    if crate::source::is_binary(&bytes) {
        return fail_run(
            &args,
            &name,
            "standard input is not text (a binary file cannot be a configuration)",
        );
    }
    let text = crate::source::decode(&bytes);
    if args.fix {
        return fail_run(
            &args,
            &name,
            "--fix edits files on disk; with standard input use --diff",
        );
    }
    check_with(Vec::new(), None, args, Some((name, text)))
}

fn check(paths: Vec<PathBuf>, only: Option<Vec<PathBuf>>, args: ReportArgs) -> i32 {
    check_with(paths, only, args, None)
}

fn check_with(
    paths: Vec<PathBuf>,
    only: Option<Vec<PathBuf>>,
    mut args: ReportArgs,
    given: Option<(PathBuf, String)>,
) -> i32 {
    match args.rules.resolved() {
        Ok(rules) => args.rules = rules,
        Err(message) => return fail_run(&args, Path::new(""), &message),
    }
    if args.unsafe_fixes && !(args.fix || args.diff) {
        return fail_run(
            &args,
            Path::new(""),
            "--unsafe-fixes goes with --fix or --diff",
        );
    }
    let stdout_tty = std::io::stdout().is_terminal();
    let color = color_wanted(args.color, args.output.is_none() && stdout_tty);
    let mut config = match config(
        &args.config,
        color_wanted(ColorChoice::Auto, std::io::stderr().is_terminal()),
    ) {
        Ok(config) => config,
        Err((path, message)) => return fail_report(&args, &path, &message),
    };
    config.overlays = args.with.clone();
    config.states = args.state.clone();
    config.given = given;
    config.hash_files = args.fix || args.diff;
    // Only the rules that can report run.
    let enabled =
        |id: &str| args.rules.wants(id) && config.level(id) != Some(crate::config::Level::Off);
    let Some((mut analysis, mut failed, _)) =
        load_with(&paths, &config, Say::of(&args), Some(&enabled))
    else {
        return 2;
    };
    select(&mut analysis, &config, &args.rules, only.as_deref());
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
        let mut unwritten = Vec::new();
        for e in &edits {
            match report::edit::apply(e) {
                Ok(()) => lines += e.lines(),
                Err(err) => {
                    eprintln!(
                        "peerlint: error: cannot write {}: {}",
                        report::printable(&e.display),
                        report::printable(&err.to_string())
                    );
                    unwritten.push(crate::source::InputError {
                        path: e.path.clone(),
                        message: format!("not fixed: {err}"),
                    });
                }
            }
        }
        if !unwritten.is_empty() {
            analysis.input_errors.extend(unwritten);
            failed = true;
        } else if !edits.is_empty() {
            eprintln!("peerlint: fixed {lines} lines in {} files", edits.len());
            // Report what is left.
            let Some((again, failed_again, _)) =
                load_with(&paths, &config, Say::of(&args), Some(&enabled))
            else {
                return 2;
            };
            analysis = again;
            select(&mut analysis, &config, &args.rules, only.as_deref());
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
                // Reported with every finding, as a run that failed.
                eprintln!("peerlint: error: {}: {e}", path.display());
                analysis.input_errors.push(crate::source::InputError {
                    path: path.clone(),
                    message: format!("the baseline cannot be used: {e}"),
                });
                failed = true;
            }
        }
    }
    preload_shown(&analysis);
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
        Format::Json if args.statistics => statistics_json(&analysis),
        Format::Json => report::json::render(&analysis),
        Format::Concise => {
            let mut text = report::text::concise(&analysis);
            if !args.quiet {
                text.push_str(&format!(
                    "peerlint: {}\n",
                    report::summary_line(&report::summary(&analysis))
                ));
            }
            text
        }
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

/// Findings per rule, most frequent first: count, rule, level.
fn rule_counts(analysis: &crate::Analysis) -> Vec<(usize, &'static str, &'static str)> {
    let mut counts: Vec<(usize, &'static str, &'static str)> = Vec::new();
    for f in &analysis.findings {
        match counts.iter_mut().find(|c| c.1 == f.rule) {
            Some(c) => c.0 += 1,
            None => counts.push((1, f.rule, f.severity.as_str())),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    counts
}

/// `--statistics --format json`: the counts per rule and the summary.
fn statistics_json(analysis: &crate::Analysis) -> String {
    let rows: Vec<serde_json::Value> = rule_counts(analysis)
        .iter()
        .map(|(n, rule, level)| serde_json::json!({ "rule": rule, "severity": level, "count": n }))
        .collect();
    let errors: Vec<serde_json::Value> = analysis
        .input_errors
        .iter()
        .map(|e| {
            serde_json::json!({
                "path": crate::source::display_path(&e.path),
                "message": e.message,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&serde_json::json!({
        "version": env!("CARGO_PKG_VERSION"),
        "statistics": rows,
        "errors": errors,
        "summary": report::summary(analysis),
    }))
    .unwrap_or_default();
    s.push('\n');
    s
}

/// `--statistics`: findings per rule, most frequent first.
fn statistics(analysis: &crate::Analysis, quiet: bool) -> String {
    let counts = rule_counts(analysis);
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
