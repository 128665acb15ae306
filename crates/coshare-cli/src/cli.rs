//! The command line, declared for clap: every command, option, help text
//! and example. Values that coshare checks itself (dates, amounts,
//! durations) are taken as text here, so that their errors keep their
//! coshare codes (`invalid_date`, ...) rather than clap's usage error.

// Doc comments here are the help text people read: no Markdown backticks.
#![allow(clippy::doc_markdown)]

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exact profit-share accounting for co-operatives.
#[derive(Debug, Parser)]
#[command(
    name = "coshare",
    version,
    about = "coshare: exact profit-share accounting for co-ops",
    long_about = "coshare: exact profit-share accounting for co-ops.\n\n\
        Contributions of money and labour become units that fade by a curve; a \
        period's profit is split pro rata to live units, in whole cents that add up. \
        The ledger format is described in docs/format.md.",
    after_help = "Every command that reads a LEDGER also takes --contributions FILE.csv \
        (header id,member,date,kind,value,hours,rate,paid,note) and --format table|json|csv. \
        A file name `-` reads standard input.\n\n\
        Exit status: 0 success, 2 invalid input (with the error's code), 1 another failure \
        (an unreadable file).",
    propagate_version = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Split a period's profit (or loss) across reserves, pools and members.
    #[command(after_help = "Examples:\n  \
        coshare split examples/coop.json --request examples/fy2025.json\n  \
        coshare split ledger.json --start 2026-01-01 --end 2026-12-31 --amount 50000.00 --basis snapshot\n  \
        coshare split ledger.json --request year.json --format json -o split.json")]
    Split(SplitArgs),
    /// List every error of a ledger, not only the first.
    #[command(after_help = "Examples:\n  \
        coshare validate examples/coop.json\n  \
        coshare validate ledger.json --contributions hours.csv --format json\n\n\
        Exits 2 when the ledger has an error, after listing them all.")]
    Validate(ValidateArgs),
    /// Live units per member and kind on one day, and each member's share.
    #[command(after_help = "Example:\n  coshare shares examples/coop.json --at 2025-06-30")]
    Shares(SharesArgs),
    /// How a member's basis over a period adds up, contribution by contribution.
    #[command(after_help = "Example:\n  \
        coshare explain examples/coop.json --member ana --start 2025-01-01 --end 2025-12-31 --kinds labor")]
    Explain(ExplainArgs),
    /// Each member's share of live units on a series of dates.
    #[command(after_help = "Example:\n  \
        coshare curve examples/coop.json --from 2025-01-01 --to 2030-01-01 --every P6M")]
    Curve(CurveArgs),
    /// Print a commented starting ledger.
    #[command(after_help = "Example:\n  coshare init --preset worker-coop > ledger.json")]
    Init(InitArgs),
    /// Print a shell completion script.
    #[command(after_help = "Example (bash):\n  \
        coshare completions bash > ~/.local/share/bash-completion/completions/coshare")]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    #[default]
    Table,
    /// The canonical JSON document (docs/format.md).
    Json,
    /// Comma-separated values for spreadsheets.
    Csv,
}

/// The ledger a command reads.
#[derive(Debug, Args)]
pub struct LedgerInput {
    /// The ledger JSON file (`-` for standard input).
    #[arg(value_name = "LEDGER")]
    pub ledger: PathBuf,
    /// Contributions kept in a CSV file, added after the ledger's entries
    /// (header id,member,date,kind,value,hours,rate,paid,note).
    #[arg(long, value_name = "FILE.csv")]
    pub contributions: Option<PathBuf>,
}

/// Where and how the result is written.
#[derive(Debug, Args)]
pub struct Output {
    /// Output format; with json, errors are also written as JSON on standard error.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the result to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `coshare split`.
#[derive(Debug, Args)]
pub struct SplitArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// A request JSON file: {"period": {"start", "end"}, "amount", "basis"?, "carry_in"?}.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["start", "end", "amount", "basis", "carry_in"])]
    pub request: Option<PathBuf>,
    /// The period's first day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", required_unless_present = "request")]
    pub start: Option<String>,
    /// The period's last day, included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", required_unless_present = "request")]
    pub end: Option<String>,
    /// The profit to split (negative for a loss), e.g. 120000.00.
    #[arg(
        long,
        value_name = "X",
        required_unless_present = "request",
        allow_hyphen_values = true
    )]
    pub amount: Option<String>,
    /// time_weighted (unit-days over the period, the default) or snapshot (live units on the last day).
    #[arg(long, value_name = "BASIS")]
    pub basis: Option<String>,
    /// Amounts owed to members from earlier splits: a JSON object {"member": "12.50"}
    /// or a CSV file with the header member,amount.
    #[arg(long = "carry-in", value_name = "FILE")]
    pub carry_in: Option<PathBuf>,
    #[command(flatten)]
    pub out: Output,
}

/// `coshare validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    #[command(flatten)]
    pub out: Output,
}

/// `coshare shares`.
#[derive(Debug, Args)]
pub struct SharesArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// The day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub at: String,
    #[command(flatten)]
    pub out: Output,
}

/// `coshare explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// The member's id.
    #[arg(long, value_name = "ID")]
    pub member: String,
    /// The period's first day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub start: String,
    /// The period's last day, included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub end: String,
    /// Only these kinds, comma-separated (default: every kind).
    #[arg(long, value_name = "K1,K2")]
    pub kinds: Option<String>,
    #[command(flatten)]
    pub out: Output,
}

/// `coshare curve`.
#[derive(Debug, Args)]
pub struct CurveArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// The first date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: String,
    /// The last date, included when reached (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: String,
    /// The step between dates, a duration such as P1M or P1Y6M.
    #[arg(long, value_name = "DURATION")]
    pub every: String,
    #[command(flatten)]
    pub out: Output,
}

/// The starting ledgers `coshare init` prints.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum Preset {
    /// A worker co-op: labour fading over years, member loans, a reserve.
    #[default]
    WorkerCoop,
    /// The public Slicing Pie rules: time x2, cash x4, no fading.
    SlicingPie,
}

/// `coshare init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Which starting ledger.
    #[arg(long, value_enum, default_value_t = Preset::WorkerCoop)]
    pub preset: Preset,
    #[command(flatten)]
    pub out: Output,
}
