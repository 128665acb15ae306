//! The commands of the books: close, accounts, statement, notices, journal.

use crate::cli::{
    AccountsArgs, CloseArgs, Format, JournalArgs, JournalFormat, NoticesArgs, StatementArgs,
};
use crate::commands::{date_arg, request};
use crate::input::{usage_error, Failure, Files};
use crate::table::Table;
use coshare::{JournalAccounts, Ledger};
use std::fmt::Write as _;

fn ledger(files: &Files, input: &crate::cli::LedgerInput) -> Result<Ledger, Failure> {
    crate::commands::checked_ledger(files, input)
}

/// The allocation entry as one line of canonical JSON; with `--append`,
/// also written into the ledger file.
pub fn close(files: &Files, args: &CloseArgs) -> Result<String, Failure> {
    if args.append && (args.input.ledger.as_os_str() == "-" || args.input.contributions.is_some()) {
        return Err(usage_error(
            "--append writes into the LEDGER file: give a file name (not -) and no --contributions",
        ));
    }
    let text = files.read(&args.input.ledger)?;
    let ledger = match &args.input.contributions {
        None => Ledger::from_json(&text)?,
        Some(csv) => {
            let mut doc = coshare::Document::from_json(&text)?;
            doc.add_contributions_csv(&files.read(csv)?)?;
            Ledger::new(doc)?
        }
    };
    let request = request(files, &args.request)?;
    let closed = ledger.close_on(&request, &args.id, &args.date)?;
    let entry = closed.to_json();
    if args.append {
        let appended = coshare::append_entry(&text, &entry)?;
        // Checked again as a whole before the file is replaced.
        Ledger::from_json(&appended)?;
        let path = &args.input.ledger;
        let tmp = path.with_extension("coshare-tmp");
        std::fs::write(&tmp, appended)
            .and_then(|()| std::fs::rename(&tmp, path))
            .map_err(|e| Failure::Other(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(entry + "\n")
}

pub fn accounts(files: &Files, args: &AccountsArgs) -> Result<String, Failure> {
    let ledger = ledger(files, &args.input)?;
    let a = ledger.accounts(date_arg("at", &args.at)?);
    Ok(match args.out.format {
        Format::Json => a.to_json() + "\n",
        Format::Csv => {
            let mut t = Table::new(["section", "name", "balance", "due"]);
            for m in &a.members {
                t.row([
                    "member".to_string(),
                    m.member.clone(),
                    m.balance.to_string(),
                    m.due.to_string(),
                ]);
            }
            for (name, x) in &a.reserves {
                t.row([
                    "reserve".to_string(),
                    name.clone(),
                    x.to_string(),
                    String::new(),
                ]);
            }
            for (name, x) in [
                ("unallocated", a.unallocated),
                ("payable", a.payable),
                ("carried", a.carried),
            ] {
                t.row([
                    name.to_string(),
                    String::new(),
                    x.to_string(),
                    String::new(),
                ]);
            }
            t.csv()
        }
        Format::Table => {
            let code = &ledger.currency().code;
            let mut out = format!("Capital accounts on {} ({code})\n\n", a.at);
            if a.members.is_empty() {
                out.push_str("No member has a capital account yet.\n");
            } else {
                let mut t = Table::new(["member", "balance", "due"]);
                for m in &a.members {
                    t.row([m.member.clone(), m.balance.to_string(), m.due.to_string()]);
                }
                out.push_str(&t.render());
            }
            let mut t = Table::new(["account", "amount"]);
            for (name, x) in &a.reserves {
                t.row([format!("{name} (reserve)"), x.to_string()]);
            }
            t.row(["unallocated".to_string(), a.unallocated.to_string()]);
            t.row([
                "payable (cash not yet paid)".to_string(),
                a.payable.to_string(),
            ]);
            t.row([
                "carried (below minimum payout)".to_string(),
                a.carried.to_string(),
            ]);
            out.push('\n');
            out.push_str(&t.render());
            out
        }
    })
}

pub fn statement(files: &Files, args: &StatementArgs) -> Result<String, Failure> {
    let ledger = ledger(files, &args.input)?;
    let (start, end) = (date_arg("start", &args.start)?, date_arg("end", &args.end)?);
    let s = ledger.statement(&args.member, start, end)?;
    let mut lines = Table::new(["date", "type", "entry", "amount", "balance"]);
    lines.row([
        start.to_string(),
        "opening".into(),
        String::new(),
        String::new(),
        s.opening.to_string(),
    ]);
    for l in &s.movements {
        lines.row([
            l.date.to_string(),
            l.kind.as_str().into(),
            l.entry.clone(),
            l.amount.to_string(),
            l.balance.to_string(),
        ]);
    }
    lines.row([
        end.to_string(),
        "closing".into(),
        String::new(),
        String::new(),
        s.closing.to_string(),
    ]);
    Ok(match args.out.format {
        Format::Json => s.to_json() + "\n",
        Format::Csv => lines.csv(),
        Format::Table => {
            let mut out = format!(
                "Statement of {} from {} to {} ({})\n\n{}\nDue on {}: {}\n",
                s.member,
                s.start,
                s.end,
                ledger.currency().code,
                lines.render(),
                s.end,
                s.due
            );
            if !s.allocations.is_empty() {
                let mut t = Table::new([
                    "allocation",
                    "date",
                    "allocated",
                    "carry_in",
                    "paid",
                    "cash",
                    "retained",
                    "carry_out",
                ]);
                for a in &s.allocations {
                    t.row([
                        a.allocation.clone(),
                        a.date.to_string(),
                        a.allocated.to_string(),
                        a.carry_in.to_string(),
                        a.paid.to_string(),
                        a.cash.to_string(),
                        a.retained.to_string(),
                        a.carry_out.to_string(),
                    ]);
                }
                let _ = write!(out, "\nAllocations\n{}", t.render());
            }
            if !s.payments.is_empty() {
                let mut t = Table::new(["payment", "allocation", "date", "amount"]);
                for p in &s.payments {
                    t.row([
                        p.payment.clone(),
                        p.allocation.clone(),
                        p.date.to_string(),
                        p.amount.to_string(),
                    ]);
                }
                let _ = write!(out, "\nCash paid\n{}", t.render());
            }
            out
        }
    })
}

pub fn notices(files: &Files, args: &NoticesArgs) -> Result<String, Failure> {
    let ledger = ledger(files, &args.input)?;
    let n = ledger.notices(&args.allocation)?;
    let mut t = Table::new([
        "member",
        "paid",
        "cash",
        "retained",
        "cash_paid",
        "qualified",
    ]);
    for x in &n.notices {
        t.row([
            x.member.clone(),
            x.paid.to_string(),
            x.cash.to_string(),
            x.retained.to_string(),
            x.cash_paid.to_string(),
            x.qualified.to_string(),
        ]);
    }
    Ok(match args.out.format {
        Format::Json => n.to_json() + "\n",
        Format::Csv => t.csv(),
        Format::Table if n.notices.is_empty() => format!(
            "Allocation {} (declared {}, period {} to {}) pays no member anything \
             (a loss, or payouts carried below the minimum): there is no notice to send.\n",
            n.allocation, n.date, n.start, n.end
        ),
        Format::Table => format!(
            "Written notices of allocation {} (declared {}, period {} to {}, {})\n\
             Pay the cash by {}.\n\n{}\n\
             qualified: at least 20% of the patronage dividend paid in money by the pay-by date\n\
             (cash_paid); the member's consent to take the retained part into account is assumed,\n\
             not recorded.\n",
            n.allocation,
            n.date,
            n.start,
            n.end,
            ledger.currency().code,
            n.pay_by,
            t.render()
        ),
    })
}

pub fn journal(files: &Files, args: &JournalArgs) -> Result<String, Failure> {
    let ledger = ledger(files, &args.input)?;
    let (start, end) = (date_arg("start", &args.start)?, date_arg("end", &args.end)?);
    let accounts = match &args.accounts {
        Some(path) => JournalAccounts::from_json(&files.read(path)?)?,
        None => JournalAccounts::default(),
    };
    let j = ledger.journal(start, end, &accounts)?;
    Ok(match args.format {
        JournalFormat::Json => j.to_json() + "\n",
        JournalFormat::Csv => j.to_csv(),
        JournalFormat::Beancount => j.to_beancount(&ledger.currency().code),
        JournalFormat::Table => {
            let mut t = Table::new(["date", "entry", "type", "account", "amount"]);
            for tx in &j.transactions {
                for l in &tx.lines {
                    t.row([
                        tx.date.to_string(),
                        tx.entry.clone(),
                        tx.kind.as_str().to_string(),
                        l.account.clone(),
                        l.amount.to_string(),
                    ]);
                }
            }
            format!(
                "Journal from {} to {} ({}): debits positive, credits negative\n\n{}",
                j.start,
                j.end,
                ledger.currency().code,
                t.render()
            )
        }
    })
}
