//! The value analysis of the database as reports: every customer's figures, the whale curve,
//! the profitability groups and the passivation alerts of a period, and the refresh that saves
//! the segments. The command line acts for no user and sees every account.

use super::{OutputFormat, write_table};
use crate::import::LanguageArg;
use anyhow::Result;
use arvo_sheets::Language;
use arvo_web::analysis::{Period, Report, reckon, refresh_segments};
use arvo_web::analysis_tables::{AnalysisTable, Labels, Table, table};
use clap::Args;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    db: crate::DbArgs,
    /// `2026` (a year), `2026-Q3` (a quarter) or `rolling` (the twelve months up to today).
    #[arg(long, default_value = "rolling")]
    period: String,
    /// The day the analysis looks from (2026-11-22 or 22.11.2026); today when not given.
    #[arg(long)]
    today: Option<String>,
    #[arg(long, value_enum, default_value = "json")]
    format: OutputFormat,
    /// Where to write (standard output when not given; XLSX needs a file).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The language of CSV and XLSX numbers and dates: `fi` (`;`, decimal commas) or `en`.
    #[arg(long, value_enum, default_value = "fi")]
    language: LanguageArg,
}

impl ReportArgs {
    async fn report(&self) -> Result<Report> {
        let (period, today) = self.period()?;
        let store = crate::open(&self.db).await?;
        reckon(&store, period, today)
            .await
            .map_err(|e| anyhow::anyhow!(crate::service_error(&e)))
    }

    /// The period asked for and the day the analysis looks from.
    fn period(&self) -> Result<(Period, chrono::NaiveDate)> {
        let today = match &self.today {
            Some(d) => arvo_core::dates::parse_date(d)
                .map_err(|p| anyhow::anyhow!("--today {d:?}: {}", p.english()))?,
            None => chrono::Local::now().date_naive(),
        };
        let period = Period::parse(Some(&self.period), today)
            .map_err(|p| anyhow::anyhow!("--period {:?}: {}", self.period, p.english()))?;
        Ok((period, today))
    }

    fn language(&self) -> Language {
        match self.language {
            LanguageArg::Fi => Language::Fi,
            LanguageArg::En => Language::En,
        }
    }

    /// Writes one of the report's tables (column keys, codes), or `json` when JSON is asked for.
    fn write<T: Serialize>(&self, report: &Report, which: AnalysisTable, json: &T) -> Result<()> {
        let Table { columns, rows } = table(report, which, Labels::Keys);
        write_table(
            self.out.as_deref(),
            self.format,
            self.language(),
            &columns,
            &rows,
            json,
        )
    }
}

pub async fn customers(args: &ReportArgs) -> Result<()> {
    let report = args.report().await?;
    args.write(&report, AnalysisTable::Customers, &report)
}

pub async fn whale(args: &ReportArgs) -> Result<()> {
    let report = args.report().await?;
    let json = serde_json::json!({
        "whale": report.analysis.whale,
        "concentration": report.analysis.concentration,
        "company_result_cents": report.analysis.company_result,
        "unallocated_cents": report.analysis.unallocated_total,
    });
    args.write(&report, AnalysisTable::Whale, &json)
}

pub async fn groups(args: &ReportArgs) -> Result<()> {
    let report = args.report().await?;
    args.write(&report, AnalysisTable::Groups, &report.analysis.grid)
}

pub async fn alerts(args: &ReportArgs) -> Result<()> {
    let report = args.report().await?;
    let listed: Vec<serde_json::Value> = report
        .analysis
        .customers
        .iter()
        .flat_map(|c| {
            let name = report.names.get(&c.id).cloned().unwrap_or_default();
            c.assessment
                .alerts
                .iter()
                .map(move |a| serde_json::json!({"id": c.id, "name": name, "alert": a}))
        })
        .collect();
    args.write(&report, AnalysisTable::Alerts, &listed)
}

pub async fn refresh(args: &ReportArgs) -> Result<()> {
    let (period, today) = args.period()?;
    let store = crate::open(&args.db).await?;
    let (report, changed) = refresh_segments(&store, period, today, &crate::cli_actor())
        .await
        .map_err(|e| anyhow::anyhow!(crate::service_error(&e)))?;
    println!(
        "Analysed {} customers ({} to {}); {changed} changed segment.",
        report.analysis.customers.len(),
        report.from,
        report.to
    );
    Ok(())
}
