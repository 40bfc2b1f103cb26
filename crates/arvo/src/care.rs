//! `arvo care`: runs the adherence engine over every customer and prints the suggested actions
//! (as a table, or as JSON with each action's account, gap, reason and proposed step) and the
//! adherence per owner and per segment.

use crate::service_error;
use anyhow::Result;
use arvo_store::Store;
use clap::{Subcommand, ValueEnum};

#[derive(Subcommand)]
pub enum CareAction {
    /// Evaluates every customer against its care model, account plan and passivation alerts and
    /// prints the suggested actions.
    Run {
        /// The day to evaluate on (`2026-12-06` or `6.12.2026`); today when not given.
        #[arg(long)]
        on: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// The language of the reasons and steps: `fi` or `en`.
        #[arg(long, default_value = "en")]
        lang: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub async fn care(store: &Store, action: CareAction) -> Result<()> {
    match action {
        CareAction::Run { on, format, lang } => {
            let on = match on {
                Some(d) => arvo_core::dates::parse_date(&d)
                    .map_err(|p| anyhow::anyhow!("--on {d:?} {}", p.english()))?,
                None => arvo_web::i18n::helsinki_today(),
            };
            let lang = arvo_web::i18n::Lang::parse(&lang)
                .ok_or_else(|| anyhow::anyhow!("--lang must be fi or en"))?;
            let evaluation = arvo_web::care::evaluate(store, &arvo_core::Scope::All, on, lang)
                .await
                .map_err(|e| anyhow::anyhow!(service_error(&e)))?;
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&evaluation.suggestions)?);
                return Ok(());
            }
            let share = |a: &arvo_web::care::AdherenceView| {
                format!("{}/{} ({})", a.met, a.required, lang.percent(a.ratio))
            };
            println!(
                "Care on {on}: {} suggested action(s); adherence {}.",
                evaluation.suggestions.len(),
                share(&evaluation.adherence)
            );
            for s in &evaluation.suggestions {
                println!(
                    "  {:>4} d  {:<24} {:<40} → {}",
                    s.gap.days_overdue,
                    s.owner.as_deref().unwrap_or("-"),
                    s.reason,
                    s.step
                );
            }
            println!("Adherence by owner:");
            for (owner, a) in &evaluation.by_owner {
                let owner = if owner.is_empty() {
                    "(no owner)"
                } else {
                    owner
                };
                println!("  {owner:<28} {}", share(a));
            }
            println!("Adherence by segment:");
            for (segment, a) in &evaluation.by_segment {
                println!("  {segment:<28} {}", share(a));
            }
            Ok(())
        }
    }
}
