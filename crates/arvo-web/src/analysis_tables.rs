//! The value analysis of a period as tables to download: every customer's figures (the
//! waterfall with each cost pool's share, score, segment, behaviour, alerts, share of wallet,
//! P(alive) and lifetime value), the whale curve, the profitability groups and the passivation
//! alerts. The pages, the JSON API and the command line share them.
//!
//! A table is written with [`Labels`]: the command line's `Keys` give stable column keys
//! (`customer_margin`) and codes (`retain`) for scripts; the pages' `Words` give headers and
//! choices in the reader's language (*Asiakkuuden kate*, *Pito*). Money is money, scores and
//! model outputs have up to six decimals. A download from the pages or the API is recorded in
//! the audit log (`export.analysis`) with its table, period, format, language and rows.

use crate::analysis::{self, Period, Report};
use crate::auth::Caller;
use crate::error::AppError;
use crate::exports::{FileFormat, attachment};
use crate::i18n::Lang;
use arvo_core::behaviour::Alert;
use arvo_core::{Decimal, Money, Problem, ValidationErrors};
use arvo_sheets::{Cell, XLSX_MAX_ROWS};
use arvo_store::{NewAuditEvent, Store};
use axum::response::Response;
use chrono::NaiveDate;
use serde_json::json;

/// The tables of an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalysisTable {
    Customers,
    Whale,
    Groups,
    Alerts,
}

impl AnalysisTable {
    pub const ALL: [Self; 4] = [Self::Customers, Self::Whale, Self::Groups, Self::Alerts];

    /// `customers`, `whale`, `groups` or `alerts`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customers => "customers",
            Self::Whale => "whale",
            Self::Groups => "groups",
            Self::Alerts => "alerts",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s.trim())
    }

    /// The start of a downloaded file's name.
    fn file_stem(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Customers, Lang::Fi) => "analyysi-asiakkaat",
            (Self::Customers, Lang::En) => "analysis-customers",
            (Self::Whale, Lang::Fi) => "valaskayra",
            (Self::Whale, Lang::En) => "whale-curve",
            (Self::Groups, Lang::Fi) => "kannattavuusryhmat",
            (Self::Groups, Lang::En) => "profitability-groups",
            (Self::Alerts, Lang::Fi) => "passivoitumishalytykset",
            (Self::Alerts, Lang::En) => "passivation-alerts",
        }
    }
}

/// How a table names its columns and choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labels {
    /// Column keys and codes, the same in every language; sentences in English.
    Keys,
    /// Headers, choices and sentences in a language.
    Words(Lang),
}

impl Labels {
    fn lang(self) -> Lang {
        match self {
            Self::Keys => Lang::En,
            Self::Words(lang) => lang,
        }
    }

    fn header(self, (key, fi, en): (&str, &str, &str)) -> String {
        match self {
            Self::Keys => key,
            Self::Words(Lang::Fi) => fi,
            Self::Words(Lang::En) => en,
        }
        .to_owned()
    }

    /// A choice: its code, or its word.
    fn choice(self, code: &str, word: impl FnOnce(Lang) -> &'static str) -> Cell {
        Cell::Text(match self {
            Self::Keys => code.to_owned(),
            Self::Words(lang) => word(lang).to_owned(),
        })
    }

    fn yes_no(self, yes: bool) -> Cell {
        let word = match (self, yes) {
            (Self::Words(Lang::Fi), true) => "kyllä",
            (Self::Words(Lang::Fi), false) => "ei",
            (_, true) => "yes",
            (_, false) => "no",
        };
        Cell::Text(word.into())
    }
}

/// A table: its column headers and its rows of typed cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(labels: Labels, columns: &[(&str, &str, &str)]) -> Self {
        Self {
            columns: columns.iter().map(|c| labels.header(*c)).collect(),
            rows: Vec::new(),
        }
    }
}

/// A model output or a ratio as a cell, to six decimals.
pub fn decimal(value: f64) -> Cell {
    if !value.is_finite() {
        return Cell::Empty;
    }
    Cell::Decimal(Decimal::new((value * 1e6).round() as i128, 6).normalized())
}

fn money(cents: i64) -> Cell {
    Cell::Money(Money(cents))
}

fn count(n: usize) -> Cell {
    Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn name(report: &Report, id: i64) -> Cell {
    Cell::Text(report.names.get(&id).cloned().unwrap_or_default())
}

/// One of the report's tables.
pub fn table(report: &Report, which: AnalysisTable, labels: Labels) -> Table {
    match which {
        AnalysisTable::Customers => customers(report, labels),
        AnalysisTable::Whale => whale(report, labels),
        AnalysisTable::Groups => groups(report, labels),
        AnalysisTable::Alerts => alerts(report, labels),
    }
}

/// Every customer's figures, a column per cost pool among them.
fn customers(report: &Report, labels: Labels) -> Table {
    let mut t = Table::new(
        labels,
        &[
            ("id", "Tunnus", "Id"),
            ("name", "Nimi", "Name"),
            ("revenue", "Myynti", "Revenue"),
            ("direct_costs", "Välittömät kulut", "Direct costs"),
            ("sales_margin", "Myyntikate", "Sales margin"),
            ("sales_costs", "Myynnin kulut", "Sales costs"),
            ("marketing_costs", "Markkinoinnin kulut", "Marketing costs"),
            ("service_costs", "Palvelun kulut", "Service costs"),
            ("customer_margin", "Asiakkuuden kate", "Customer margin"),
        ],
    );
    t.columns.extend(report.pools.iter().map(|p| match labels {
        Labels::Keys => format!("pool: {}", p.name),
        Labels::Words(Lang::Fi) => format!("Pooli: {}", p.name),
        Labels::Words(Lang::En) => format!("Pool: {}", p.name),
    }));
    t.columns.extend(
        [
            ("score", "Arvopisteet", "Score"),
            ("key_account", "Avainasiakas", "Key account"),
            ("segment", "Segmentti", "Segment"),
            ("tier", "Taso", "Tier"),
            ("behaviour", "Ostokäyttäytyminen", "Behaviour"),
            ("stage", "Elinkaaren vaihe", "Lifecycle stage"),
            ("cycle_days", "Ostoväli (pv)", "Purchase cycle (days)"),
            (
                "days_since_last",
                "Päiviä viime ostosta",
                "Days since last purchase",
            ),
            ("alerts", "Hälytykset", "Alerts"),
            ("share_of_wallet", "Asiakasosuus", "Share of wallet"),
            ("growth_room", "Kasvuvara", "Growth room"),
            ("p_alive", "Todennäköisyys asiakkaana", "P(alive)"),
            ("lifetime_value", "Elinkaariarvo", "Lifetime value"),
        ]
        .map(|c| labels.header(c)),
    );
    t.rows = report
        .analysis
        .customers
        .iter()
        .map(|c| {
            let w = &c.waterfall;
            let mut row = vec![
                Cell::Integer(c.id),
                name(report, c.id),
                money(w.revenue),
                money(w.direct_costs),
                money(w.sales_margin),
                money(w.sales_costs),
                money(w.marketing_costs),
                money(w.service_costs),
                money(w.customer_margin),
            ];
            row.extend(w.pool_costs.iter().map(|p| money(*p)));
            let a = &c.assessment;
            let alerts = match labels {
                Labels::Keys => a
                    .alerts
                    .iter()
                    .map(|x| match x {
                        Alert::Overdue { .. } => "overdue",
                        Alert::Falling { .. } => "falling",
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
                Labels::Words(lang) => a
                    .alerts
                    .iter()
                    .map(|x| lang.alert(x))
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            row.extend([
                decimal(c.score.score),
                labels.yes_no(c.score.key_account),
                labels.choice(c.segment.as_str(), |l| l.segment(c.segment)),
                labels.choice(c.tier.as_str(), |l| l.tier(c.tier)),
                labels.choice(a.behaviour.as_str(), |l| l.behaviour(a.behaviour)),
                labels.choice(a.stage.as_str(), |l| l.stage(a.stage)),
                a.cycle_days.map_or(Cell::Empty, decimal),
                a.days_since_last.map_or(Cell::Empty, Cell::Integer),
                Cell::Text(alerts),
                c.share_of_wallet.map_or(Cell::Empty, decimal),
                c.growth_room_cents.map_or(Cell::Empty, money),
                c.p_alive.map_or(Cell::Empty, decimal),
                c.lifetime_value_cents.map_or(Cell::Empty, money),
            ]);
            row
        })
        .collect();
    t
}

/// The whale curve: customers from the most profitable, with the cumulative margin and its
/// share of the company's result.
fn whale(report: &Report, labels: Labels) -> Table {
    let mut t = Table::new(
        labels,
        &[
            ("customers", "Asiakkaita", "Customers"),
            ("customer_share", "Osuus asiakkaista", "Share of customers"),
            ("cumulative_margin", "Kertynyt kate", "Cumulative margin"),
            ("profit_share", "Osuus tuloksesta", "Share of profit"),
        ],
    );
    t.rows = report
        .analysis
        .whale
        .points
        .iter()
        .map(|p| {
            vec![
                count(p.customers),
                decimal(p.customer_share),
                money(p.cumulative_margin),
                p.profit_share.map_or(Cell::Empty, decimal),
            ]
        })
        .collect();
    t
}

/// The profitability groups: sales volume × profitability, with counts, totals and traits.
fn groups(report: &Report, labels: Labels) -> Table {
    let mut t = Table::new(
        labels,
        &[
            ("volume_band", "Myyntiluokka", "Volume band"),
            ("profit_band", "Kannattavuusluokka", "Profit band"),
            ("customers", "Asiakkaita", "Customers"),
            ("revenue", "Myynti", "Revenue"),
            ("customer_margin", "Asiakkuuden kate", "Customer margin"),
            ("traits", "Erityispiirteet", "Traits"),
        ],
    );
    let lang = labels.lang();
    t.rows = report
        .analysis
        .grid
        .groups
        .iter()
        .map(|g| {
            let traits = g
                .distinct
                .iter()
                .map(|d| lang.trait_text(d.kind, d.ratio))
                .collect::<Vec<_>>()
                .join("; ");
            vec![
                count(g.volume_band + 1),
                count(g.profit_band + 1),
                count(g.members.len()),
                money(g.revenue_cents),
                money(g.customer_margin_cents),
                Cell::Text(traits),
            ]
        })
        .collect();
    t
}

/// The passivation alerts: one row per alert, with its reason in words.
fn alerts(report: &Report, labels: Labels) -> Table {
    let mut t = Table::new(
        labels,
        &[
            ("id", "Tunnus", "Id"),
            ("name", "Nimi", "Name"),
            ("alert", "Hälytys", "Alert"),
            ("reason", "Syy", "Reason"),
        ],
    );
    let lang = labels.lang();
    for c in &report.analysis.customers {
        for a in &c.assessment.alerts {
            let (code, word) = match (a, lang) {
                (Alert::Overdue { .. }, Lang::Fi) => ("overdue", "myöhässä"),
                (Alert::Overdue { .. }, Lang::En) => ("overdue", "overdue"),
                (Alert::Falling { .. }, Lang::Fi) => ("falling", "laskeva"),
                (Alert::Falling { .. }, Lang::En) => ("falling", "falling"),
            };
            t.rows.push(vec![
                Cell::Integer(c.id),
                name(report, c.id),
                labels.choice(code, |_| word),
                Cell::Text(lang.alert(a)),
            ]);
        }
    }
    t
}

/// The table and the file format asked for (`customers` and `csv` when not given), each refused
/// with the choices it allows.
pub fn chosen(
    table: Option<&str>,
    format: Option<&str>,
) -> Result<(AnalysisTable, FileFormat), AppError> {
    let choice = |field: &str, allowed: &[&str]| {
        AppError::Validation(ValidationErrors::single(
            field,
            Problem::Choice {
                allowed: allowed.iter().map(|a| (*a).to_owned()).collect(),
            },
        ))
    };
    let table = AnalysisTable::parse(table.unwrap_or("customers"))
        .ok_or_else(|| choice("table", &AnalysisTable::ALL.map(AnalysisTable::as_str)))?;
    let format = FileFormat::parse(format.unwrap_or("csv"))
        .ok_or_else(|| choice("format", &["csv", "xlsx"]))?;
    Ok((table, format))
}

/// A table of a period's analysis as a file to download, in the reader's language; recorded in
/// the audit log before it is handed out. For those who may see the company-wide analysis.
pub async fn download(
    store: &Store,
    caller: &Caller,
    period: Period,
    which: AnalysisTable,
    format: FileFormat,
    lang: Lang,
    today: NaiveDate,
) -> Result<Response, AppError> {
    let report = analysis::run(store, caller, period, today).await?;
    let Table { columns, rows } = table(&report, which, Labels::Words(lang));
    if format == FileFormat::Xlsx && rows.len() as u64 > XLSX_MAX_ROWS {
        return Err(AppError::BadRequest(format!(
            "format xlsx holds at most {XLSX_MAX_ROWS} rows and the table has {}; choose csv",
            rows.len()
        )));
    }
    let actor = caller.actor();
    store
        .record_event(&NewAuditEvent {
            kind: "export.analysis",
            actor: &actor.name,
            via: &actor.via,
            subject: None,
            details: json!({
                "table": which.as_str(),
                "period": period.code(),
                "format": format.as_str(),
                "language": lang.code(),
                "rows": rows.len(),
            }),
            address: caller.address.as_deref(),
        })
        .await?;
    let language = lang.sheet_language();
    let bytes = tokio::task::spawn_blocking(move || match format {
        FileFormat::Csv => arvo_sheets::write_csv(Vec::new(), language, &columns, &rows),
        FileFormat::Xlsx => {
            arvo_sheets::write_xlsx(std::io::Cursor::new(Vec::new()), language, &columns, &rows)
                .map(std::io::Cursor::into_inner)
        }
    })
    .await
    .map_err(|e| AppError::Unexpected(e.to_string()))?
    .map_err(|e| AppError::Unexpected(format!("the table could not be written: {e}")))?;
    let file_name = format!(
        "arvo-{}-{}.{}",
        which.file_stem(lang),
        period.code(),
        format.as_str()
    );
    Ok(attachment(format, &file_name, bytes.into()))
}
