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
    /// Each member's share of each pool (and of all live units) on a series of dates.
    #[command(after_help = "Examples:\n  \
        coshare curve examples/coop.json --from 2025-01-01 --to 2030-01-01 --every P6M\n  \
        coshare curve examples/coop.json --from 2023-01-01 --to 2030-01-01 --every P3M --format svg -o dilution.svg")]
    Curve(CurveArgs),
    /// Post a closed period: print the allocation entry of its split (JSON).
    #[command(after_help = "Examples:\n  \
        coshare close examples/coop.json --start 2026-01-01 --end 2026-12-31 --amount 80000.00 --id fy2026 --date 2027-03-15\n  \
        coshare close ledger.json --start 2026-01-01 --end 2026-12-31 --amount 80000.00 --id fy2026 --date 2027-03-01 --append\n\n\
        The entry is canonical compact JSON (docs/format.md, \"Close\"), whatever --format says;\n\
        --format json writes errors as JSON too. --append also adds it to the ledger file's entries,\n\
        leaving the rest of the file as it was.")]
    Close(CloseArgs),
    /// Capital accounts on a day: each member's balance and due, reserves, unallocated, payable, carried.
    #[command(after_help = "Example:\n  coshare accounts examples/coop.json --at 2026-12-31")]
    Accounts(AccountsArgs),
    /// A member's yearly statement: opening, movements, closing, due, allocations, payments.
    #[command(after_help = "Example:\n  \
        coshare statement examples/coop.json --member ana --start 2026-01-01 --end 2026-12-31")]
    Statement(StatementArgs),
    /// The written notices of an allocation, with pay-by date and the qualified money test.
    #[command(
        after_help = "Example:\n  coshare notices examples/coop.json --allocation fy2025\n\n\
        `qualified` checks the money test of a qualified notice (US Subchapter T: at least 20% paid\n\
        in money by pay_by); the member's consent is assumed, not recorded."
    )]
    Notices(NoticesArgs),
    /// The journal for the accountant: balanced transactions as CSV, beancount, JSON or a table.
    #[command(after_help = "Examples:\n  \
        coshare journal examples/coop.json --start 2024-01-01 --end 2026-12-31 --format beancount -o books.beancount\n  \
        coshare journal ledger.json --start 2026-01-01 --end 2026-12-31 --format csv --accounts accounts.json\n\n\
        accounts.json names the accounts, e.g. {\"cash\": \"Assets:Bank\", \"kinds\": {\"buyin\": \"Assets:Bank\"}}\n\
        (docs/format.md, \"journal\", lists the roles and their defaults).")]
    Journal(JournalArgs),
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
    #[command(flatten)]
    pub request: RequestArgs,
    #[command(flatten)]
    pub out: Output,
}

/// The request of a split, from a file or from flags.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// A request JSON file: {"period": {"start", "end"}, "amount", "basis"?, "carry_in"?}.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["start", "end", "amount", "basis", "carry_in"])]
    pub request: Option<PathBuf>,
    /// The period's first day (YYYY-MM-DD).
    #[arg(
        long,
        value_name = "DATE",
        required_unless_present = "request",
        allow_hyphen_values = true
    )]
    pub start: Option<String>,
    /// The period's last day, included (YYYY-MM-DD).
    #[arg(
        long,
        value_name = "DATE",
        required_unless_present = "request",
        allow_hyphen_values = true
    )]
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
}

/// `coshare close`.
#[derive(Debug, Args)]
pub struct CloseArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    #[command(flatten)]
    pub request: RequestArgs,
    /// The new allocation entry's id, e.g. fy2025.
    #[arg(long, value_name = "ID")]
    pub id: String,
    /// The day the allocation is declared (the notices' date), YYYY-MM-DD.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub date: String,
    /// Also add the entry to the ledger file's entries (not with `-` or --contributions).
    #[arg(long)]
    pub append: bool,
    #[command(flatten)]
    pub out: Output,
}

/// `coshare accounts`.
#[derive(Debug, Args)]
pub struct AccountsArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// The day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub at: String,
    #[command(flatten)]
    pub out: Output,
}

/// `coshare statement`.
#[derive(Debug, Args)]
pub struct StatementArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// The member's id.
    #[arg(long, value_name = "ID")]
    pub member: String,
    /// The period's first day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub start: String,
    /// The period's last day, included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub end: String,
    #[command(flatten)]
    pub out: Output,
}

/// `coshare notices`.
#[derive(Debug, Args)]
pub struct NoticesArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// The allocation entry's id.
    #[arg(long, value_name = "ID")]
    pub allocation: String,
    #[command(flatten)]
    pub out: Output,
}

/// How the journal is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum JournalFormat {
    /// Aligned columns for people.
    #[default]
    Table,
    /// The journal document (docs/format.md).
    Json,
    /// One row per line: date,entry,type,account,amount.
    Csv,
    /// A beancount file (bean-check accepts it).
    Beancount,
}

/// `coshare journal`.
#[derive(Debug, Args)]
pub struct JournalArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// The period's first day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub start: String,
    /// The period's last day, included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub end: String,
    /// A JSON file naming the accounts (default names: docs/format.md, "journal").
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,
    /// Output format; with json, errors are also written as JSON on standard error.
    #[arg(long, value_enum, default_value_t = JournalFormat::Table)]
    pub format: JournalFormat,
    /// Write the result to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
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
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
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
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub start: String,
    /// The period's last day, included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub end: String,
    /// Only these kinds, comma-separated (default: every kind).
    #[arg(long, value_name = "K1,K2")]
    pub kinds: Option<String>,
    /// The period's profit (negative: a loss): each pool then ends with the
    /// member's money from it, as a time-weighted split pays it.
    #[arg(long, value_name = "MONEY", allow_hyphen_values = true)]
    pub amount: Option<String>,
    #[command(flatten)]
    pub out: Output,
}

/// `coshare curve`.
#[derive(Debug, Args)]
pub struct CurveArgs {
    #[command(flatten)]
    pub input: LedgerInput,
    /// The first date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub from: String,
    /// The last date, included when reached (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub to: String,
    /// The step between dates, a duration such as P1M or P1Y6M.
    #[arg(long, value_name = "DURATION")]
    pub every: String,
    /// Output format; with json, errors are also written as JSON on standard error.
    #[arg(long, value_enum, default_value_t = CurveFormat::Table)]
    pub format: CurveFormat,
    /// Write the result to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How `coshare curve` writes its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CurveFormat {
    /// Aligned columns for people: each pool, then all kinds.
    #[default]
    Table,
    /// The curve document (docs/format.md).
    Json,
    /// One row per date, pool and member: date,pool,member,name,live_units,share.
    Csv,
    /// A chart of each pool's shares over time (opens in any browser); dates
    /// after the ledger's last entry (the future, without new contributions)
    /// are shaded.
    Svg,
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
