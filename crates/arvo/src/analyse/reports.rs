//! The value analysis of the database as reports: every customer's figures, the whale curve,
//! the profitability groups and the passivation alerts of a period, and the refresh that saves
//! the segments. The command line acts for no user and sees every account.

use super::{OutputFormat, decimal, write_table};
use crate::import::LanguageArg;
use anyhow::Result;
use arvo_core::Money;
use arvo_core::behaviour::Alert;
use arvo_sheets::{Cell, Language};
use arvo_web::analysis::{Period, Report, reckon, refresh_segments};
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
        let period = Period::parse(Some(&self.period), today).map_err(|e| {
            anyhow::anyhow!("--period {:?}: {}", self.period, crate::service_error(&e))
        })?;
        Ok((period, today))
    }

    fn language(&self) -> Language {
        match self.language {
            LanguageArg::Fi => Language::Fi,
            LanguageArg::En => Language::En,
        }
    }

    fn write<T: Serialize>(&self, columns: &[&str], rows: &[Vec<Cell>], json: &T) -> Result<()> {
        let columns: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
        write_table(
            self.out.as_deref(),
            self.format,
            self.language(),
            &columns,
            rows,
            json,
        )
    }
}

fn money(cents: i64) -> Cell {
    Cell::Money(Money(cents))
}

fn name(report: &Report, id: i64) -> String {
    report.names.get(&id).cloned().unwrap_or_default()
}

pub async fn customers(args: &ReportArgs) -> Result<()> {
    let report = args.report().await?;
    let mut columns = vec![
        "id",
        "name",
        "revenue",
        "direct_costs",
        "sales_margin",
        "sales_costs",
        "marketing_costs",
        "service_costs",
        "customer_margin",
    ];
    let pool_columns: Vec<String> = report
        .pools
        .iter()
        .map(|p| format!("pool: {}", p.name))
        .collect();
    columns.extend(pool_columns.iter().map(String::as_str));
    columns.extend([
        "score",
        "key_account",
        "segment",
        "tier",
        "behaviour",
        "stage",
        "cycle_days",
        "days_since_last",
        "alerts",
        "share_of_wallet",
        "growth_room",
        "p_alive",
        "lifetime_value",
    ]);
    let rows: Vec<Vec<Cell>> = report
        .analysis
        .customers
        .iter()
        .map(|c| {
            let w = &c.waterfall;
            let mut row = vec![
                Cell::Integer(c.id),
                Cell::Text(name(&report, c.id)),
                money(w.revenue),
                money(w.direct_costs),
                money(w.sales_margin),
                money(w.sales_costs),
                money(w.marketing_costs),
                money(w.service_costs),
                money(w.customer_margin),
            ];
            row.extend(w.pool_costs.iter().map(|p| money(*p)));
            row.extend([
                decimal(c.score.score),
                Cell::Text(if c.score.key_account { "yes" } else { "no" }.into()),
                Cell::Text(c.segment.as_str().into()),
                Cell::Text(c.tier.as_str().into()),
                Cell::Text(c.assessment.behaviour.as_str().into()),
                Cell::Text(format!("{:?}", c.assessment.stage).to_lowercase()),
                c.assessment.cycle_days.map_or(Cell::Empty, decimal),
                c.assessment
                    .days_since_last
                    .map_or(Cell::Empty, Cell::Integer),
                Cell::Text(alert_codes(&c.assessment.alerts)),
                c.share_of_wallet.map_or(Cell::Empty, decimal),
                c.growth_room_cents.map_or(Cell::Empty, money),
                c.p_alive.map_or(Cell::Empty, decimal),
                c.lifetime_value_cents.map_or(Cell::Empty, money),
            ]);
            row
        })
        .collect();
    args.write(&columns, &rows, &report)
}

fn alert_codes(alerts: &[Alert]) -> String {
    alerts
        .iter()
        .map(|a| match a {
            Alert::Overdue { .. } => "overdue",
            Alert::Falling { .. } => "falling",
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn whale(args: &ReportArgs) -> Result<()> {
    let report = args.report().await?;
    let curve = &report.analysis.whale;
    let rows: Vec<Vec<Cell>> = curve
        .points
        .iter()
        .map(|p| {
            vec![
                Cell::Integer(i64::try_from(p.customers).unwrap_or(i64::MAX)),
                decimal(p.customer_share),
                money(p.cumulative_margin),
                p.profit_share.map_or(Cell::Empty, decimal),
            ]
        })
        .collect();
    args.write(
        &[
            "customers",
            "customer_share",
            "cumulative_margin",
            "profit_share",
        ],
        &rows,
        &serde_json::json!({
            "whale": curve,
            "concentration": report.analysis.concentration,
            "company_result_cents": report.analysis.company_result,
            "unallocated_cents": report.analysis.unallocated_total,
        }),
    )
}

pub async fn groups(args: &ReportArgs) -> Result<()> {
    let report = args.report().await?;
    let grid = &report.analysis.grid;
    let rows: Vec<Vec<Cell>> = grid
        .groups
        .iter()
        .map(|g| {
            let traits = g
                .distinct
                .iter()
                .map(|d| format!("{:?} ×{:.1}", d.kind, d.ratio).to_lowercase())
                .collect::<Vec<_>>()
                .join(", ");
            vec![
                Cell::Integer(i64::try_from(g.volume_band + 1).unwrap_or_default()),
                Cell::Integer(i64::try_from(g.profit_band + 1).unwrap_or_default()),
                Cell::Integer(i64::try_from(g.members.len()).unwrap_or_default()),
                money(g.revenue_cents),
                money(g.customer_margin_cents),
                Cell::Text(traits),
            ]
        })
        .collect();
    args.write(
        &[
            "volume_band",
            "profit_band",
            "customers",
            "revenue",
            "customer_margin",
            "traits",
        ],
        &rows,
        grid,
    )
}

pub async fn alerts(args: &ReportArgs) -> Result<()> {
    let report = args.report().await?;
    let mut rows = Vec::new();
    let mut listed = Vec::new();
    for c in &report.analysis.customers {
        for a in &c.assessment.alerts {
            let (code, detail) = match a {
                Alert::Overdue {
                    days_since,
                    typical_gap,
                    ..
                } => (
                    "overdue",
                    format!(
                        "no purchase for {days_since} days; usually every {typical_gap:.0} days"
                    ),
                ),
                Alert::Falling { change, .. } => (
                    "falling",
                    format!(
                        "the last twelve months' purchases {:.0} % below the twelve before",
                        -change * 100.0
                    ),
                ),
            };
            rows.push(vec![
                Cell::Integer(c.id),
                Cell::Text(name(&report, c.id)),
                Cell::Text(code.into()),
                Cell::Text(detail),
            ]);
            listed.push(serde_json::json!({
                "id": c.id, "name": name(&report, c.id), "alert": a,
            }));
        }
    }
    args.write(&["id", "name", "alert", "reason"], &rows, &listed)
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
