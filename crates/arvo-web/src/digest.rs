//! The daily digest: each active user who can act (not read-only) gets by e-mail what My work
//! shows them that day: overdue tasks and those due today, account plan actions due, suggested
//! actions, customers drifting away, today's meetings and their customers' adherence (a
//! manager's: the team's), in their language. It goes through the SMTP server that `ARVO_SMTP_URL` names, after each scheduled
//! run of the adherence engine; without that setting nothing is sent. A user with nothing to
//! report gets no mail.

use crate::auth::Caller;
use crate::care::{self, Work};
use crate::error::AppError;
use crate::i18n::Lang;
use arvo_core::care::GapKind;
use arvo_store::Store;
use chrono::NaiveDate;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt::Write;

/// At most this many suggestions are listed; the rest are counted.
const LISTED: usize = 10;

/// Where and how the digest is sent.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where Arvo is reached, for the link to My work.
    base_url: String,
}

impl Mailer {
    /// A mailer for an SMTP URL (`smtp://user:password@host:587?tls=required`, `smtps://host`,
    /// or `smtp://host:25` without TLS) sending as `from` (`Arvo <arvo@example.fi>`).
    pub fn new(smtp_url: &str, from: &str, base_url: &str) -> Result<Self, AppError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| AppError::BadRequest(format!("the SMTP URL: {e}")))?
            .build();
        let from = from
            .parse()
            .map_err(|e| AppError::BadRequest(format!("the sender address {from:?}: {e}")))?;
        Ok(Self {
            transport,
            from,
            base_url: base_url.trim_end_matches('/').to_owned(),
        })
    }
}

/// The digest of one user's work on `today` in `lang`: its subject and plain-text body, or
/// `None` when there is nothing to report.
pub fn compose(
    name: &str,
    work: &Work,
    today: NaiveDate,
    lang: Lang,
    base_url: &str,
) -> Option<(String, String)> {
    let fi = lang == Lang::Fi;
    let overdue: Vec<_> = work.tasks.iter().filter(|t| t.due < today).collect();
    let due_today: Vec<_> = work.tasks.iter().filter(|t| t.due == today).collect();
    let actions: Vec<_> = work
        .plan_actions
        .iter()
        .filter(|a| a.due <= today)
        .collect();
    let (drifting, suggested): (Vec<_>, Vec<_>) = work
        .evaluation
        .suggestions
        .iter()
        .partition(|s| matches!(s.gap.kind, GapKind::Passivation { .. }));
    if overdue.is_empty()
        && due_today.is_empty()
        && suggested.is_empty()
        && drifting.is_empty()
        && work.meetings.is_empty()
        && actions.is_empty()
    {
        return None;
    }
    let mut body = String::new();
    let _ = writeln!(body, "{} {name},\n", if fi { "Hei" } else { "Hello" });
    let mut section = |title: &str, lines: Vec<String>, more: usize| {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(body, "{title}");
        for l in lines {
            let _ = writeln!(body, "  - {l}");
        }
        if more > 0 {
            let _ = writeln!(
                body,
                "  {}",
                if fi {
                    format!("… ja {more} muuta")
                } else {
                    format!("… and {more} more")
                }
            );
        }
        let _ = writeln!(body);
    };
    let task_line = |t: &&arvo_store::care::Task| match &t.account_name {
        Some(a) => format!("{} ({a}), {}", t.title, lang.date(t.due)),
        None => format!("{}, {}", t.title, lang.date(t.due)),
    };
    section(
        &format!(
            "{} ({})",
            if fi {
                "Myöhässä olevat tehtävät"
            } else {
                "Overdue tasks"
            },
            overdue.len()
        ),
        overdue.iter().map(task_line).collect(),
        0,
    );
    section(
        &format!(
            "{} ({})",
            if fi {
                "Tänään erääntyvät tehtävät"
            } else {
                "Tasks due today"
            },
            due_today.len()
        ),
        due_today.iter().map(task_line).collect(),
        0,
    );
    section(
        &format!(
            "{} ({})",
            if fi {
                "Asiakkuussuunnitelmien erääntyneet toimenpiteet"
            } else {
                "Account plan actions due"
            },
            actions.len()
        ),
        actions
            .iter()
            .map(|a| format!("{} ({}), {}", a.title, a.account_name, lang.date(a.due)))
            .collect(),
        0,
    );
    section(
        &format!(
            "{} ({})",
            if fi {
                "Tämän päivän tapaamiset"
            } else {
                "Today's meetings"
            },
            work.meetings.len()
        ),
        work.meetings
            .iter()
            .map(|m| {
                format!(
                    "{}{}: {} – {}",
                    m.time.as_deref().map_or(String::new(), |t| format!("{t} ")),
                    lang.encounter_kind_code(&m.kind),
                    m.account_name,
                    m.summary
                )
            })
            .collect(),
        0,
    );
    section(
        &format!(
            "{} ({})",
            if fi {
                "Ehdotetut toimenpiteet"
            } else {
                "Suggested actions"
            },
            suggested.len()
        ),
        suggested
            .iter()
            .take(LISTED)
            .map(|s| format!("{} → {}", s.reason, s.step))
            .collect(),
        suggested.len().saturating_sub(LISTED),
    );
    section(
        &format!(
            "{} ({})",
            if fi {
                "Etääntyvät asiakkaat"
            } else {
                "Customers drifting away"
            },
            drifting.len()
        ),
        drifting
            .iter()
            .take(LISTED)
            .map(|s| s.reason.clone())
            .collect(),
        drifting.len().saturating_sub(LISTED),
    );
    let a = &work.evaluation.adherence;
    if a.required > 0 {
        let _ = writeln!(
            body,
            "{}: {} ({}/{})\n",
            if fi {
                "Hoitomallien toteutuminen"
            } else {
                "Care-model adherence"
            },
            lang.percent(a.ratio),
            a.met,
            a.required
        );
    }
    let _ = writeln!(body, "{base_url}/work");
    let subject = if fi {
        format!("Arvo: oma työ {}", lang.date(today))
    } else {
        format!("Arvo: your work on {}", lang.date(today))
    };
    Some((subject, body))
}

/// Sends every user's digest for `today`; returns how many were sent. A user whose address the
/// server refuses is logged and skipped; the others still get theirs.
pub async fn send_all(store: &Store, mailer: &Mailer, today: NaiveDate) -> Result<usize, AppError> {
    let mut sent = 0;
    for user in store.users().await? {
        if !user.active || user.role == arvo_core::Role::ReadOnly {
            continue;
        }
        let lang = Lang::parse(&user.language).unwrap_or_default();
        let (name, email) = (user.name.clone(), user.email.clone());
        let caller = Caller::for_user(store, user, "digest", None, None).await?;
        let work = care::work(store, &caller, today).await?;
        let Some((subject, body)) = compose(&name, &work, today, lang, &mailer.base_url) else {
            continue;
        };
        let to: Mailbox = match format!("{name} <{email}>").parse() {
            Ok(to) => to,
            Err(e) => {
                tracing::warn!(user = %name, error = %e, "no digest: the address is not valid");
                continue;
            }
        };
        let message = Message::builder()
            .from(mailer.from.clone())
            .to(to)
            .subject(subject)
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| AppError::Unexpected(format!("the digest: {e}")))?;
        match mailer.transport.send(message).await {
            Ok(_) => sent += 1,
            Err(e) => tracing::warn!(user = %name, error = %e, "the digest was not sent"),
        }
    }
    Ok(sent)
}
