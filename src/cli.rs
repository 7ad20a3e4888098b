//! The command line: argument parsing, output selection, exit codes.
//!
//! Exit codes: 0 when no finding is at warning level or above, 1 when some
//! are, 2 when the run itself failed (bad arguments, unreadable input).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report;
use crate::rules::{self, Severity};

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
    /// List every configured BGP peer with its status and whether its session can establish
    Sessions(SessionsArgs),
    /// Draw the peering graph (Graphviz DOT, Mermaid or JSON)
    Graph(GraphArgs),
    /// List every rule with its default level
    Rules,
    /// Print the documentation of a rule
    Explain {
        /// A rule id, such as both-listen-only
        rule: String,
    },
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Configuration files, or folders to search for them
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// When to colour the text output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(clap::Args, Debug)]
struct SessionsArgs {
    /// Configuration files, or folders to search for them
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    format: TableFormat,
    /// Write the table to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
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
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
    /// Write the graph to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    Text,
    Json,
    Sarif,
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
        Command::Check(args) => check(args),
        Command::Sessions(args) => {
            let (analysis, failed) = load(&args.paths);
            let rendered = match args.format {
                TableFormat::Text => report::sessions::text(&analysis),
                TableFormat::Json => report::sessions::json(&analysis),
                TableFormat::Csv => report::sessions::csv(&analysis),
            };
            finish(args.output.as_ref(), &rendered, failed, 0)
        }
        Command::Graph(args) => {
            let (analysis, failed) = load(&args.paths);
            let rendered = match args.format {
                GraphFormat::Dot => report::graph::dot(&analysis),
                GraphFormat::Mermaid => report::graph::mermaid(&analysis),
                GraphFormat::Json => report::graph::json(&analysis),
            };
            finish(args.output.as_ref(), &rendered, failed, 0)
        }
        Command::Rules => {
            let mut out = String::new();
            for m in rules::all_meta() {
                out.push_str(&format!(
                    "{:<20} {:<8} {}\n",
                    m.id,
                    m.severity.as_str(),
                    m.title
                ));
            }
            print!("{out}");
            0
        }
        Command::Explain { rule } => match rules::meta(&rule) {
            Some(m) => {
                print!("{}", explain(m));
                0
            }
            None => {
                eprintln!("peerlint: error: no rule named `{rule}`; `peerlint rules` lists them");
                2
            }
        },
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
    }
    s
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// Reads and analyses the paths; reports unreadable input and notices on
/// standard error. Returns whether the run failed.
fn load(paths: &[PathBuf]) -> (crate::Analysis, bool) {
    let analysis = crate::analyze_paths(paths);
    let mut failed = false;
    for e in &analysis.input_errors {
        eprintln!("peerlint: error: {e}");
        failed = true;
    }
    if analysis.sources.files().is_empty() && analysis.input_errors.is_empty() {
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "peerlint: error: no configuration files under {} (looked for .cfg .conf .txt .log .vrp and files without extension)",
            paths.join(", ")
        );
        failed = true;
    }
    for n in &analysis.notices {
        let loc = report::locate(&analysis.sources, n.span);
        eprintln!(
            "peerlint: warning: {}:{}:{}: {}",
            loc.path, loc.line, loc.column, n.message
        );
    }
    (analysis, failed)
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
    if let Err((what, e)) = written {
        eprintln!("peerlint: error: cannot write {what}: {e}");
        return 2;
    }
    if failed { 2 } else { code }
}

fn check(args: CheckArgs) -> i32 {
    let (analysis, failed) = load(&args.paths);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let rendered = match args.format {
        Format::Text => report::text::render(&analysis, color),
        Format::Json => report::json::render(&analysis),
        Format::Sarif => report::sarif::render(&analysis),
    };
    let fails = analysis
        .findings
        .iter()
        .any(|f| f.severity >= Severity::Warning);
    finish(args.output.as_ref(), &rendered, failed, i32::from(fails))
}
