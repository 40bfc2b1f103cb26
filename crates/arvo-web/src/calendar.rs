//! Each user's calendar feed: their meetings (the encounters they recorded or take part in, from
//! a month back to a year ahead) as events and their open tasks as to-dos, in iCalendar
//! (RFC 5545), for a calendar program to subscribe to. The feed's address carries a secret key
//! of its own, stored only as its digest: it opens the calendar and nothing else, and a new key
//! replaces the old one.

use crate::auth::Caller;
use crate::auth::secrets::{digest, random_text};
use crate::error::AppError;
use crate::i18n::{Lang, helsinki_to_utc};
use arvo_store::Store;
use arvo_store::care::{Encounter, EncounterQuery, Task, TaskQuery};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

/// How long an encounter without a duration is shown, in minutes.
const DEFAULT_MINUTES: i64 = 60;

/// Gives the caller a new feed key and returns the feed's path with it; the old key stops
/// working.
pub async fn new_feed(store: &Store, caller: &Caller) -> Result<String, AppError> {
    let key = random_text(24);
    store
        .set_calendar_key(caller.user.id, &digest(&key), &caller.actor())
        .await?;
    Ok(format!("/calendar/{key}.ics"))
}

/// The feed a key opens, on `now`, in its owner's language; `NotFound` for a key that is not
/// (or no longer) any active user's.
pub async fn feed(
    store: &Store,
    key: &str,
    now: DateTime<Utc>,
    base_url: &str,
) -> Result<String, AppError> {
    let key = key.strip_suffix(".ics").unwrap_or(key);
    let Some((user, language)) = store.calendar_owner(&digest(key)).await? else {
        return Err(AppError::NotFound("calendar".into()));
    };
    let today = crate::i18n::helsinki_date(now);
    let meetings = EncounterQuery {
        user: Some(user.clone()),
        from: today.checked_sub_days(Days::new(31)),
        to: today.checked_add_days(Days::new(366)),
        limit: 5_000,
        ..EncounterQuery::default()
    };
    let open = TaskQuery {
        owners: vec![user.clone()],
        done: Some(false),
        limit: 5_000,
        ..TaskQuery::default()
    };
    let (encounters, tasks) = tokio::try_join!(store.encounters(&meetings), store.tasks(&open))?;
    let lang = Lang::parse(&language).unwrap_or_default();
    Ok(ics(&user, &encounters, &tasks, now, base_url, lang))
}

/// The address the request reached Arvo at, from its `Host` header: `https://` when Arvo
/// marks its cookies Secure (it is served over TLS).
pub fn base_url(headers: &axum::http::HeaderMap, secure: bool) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && !h.contains(['/', ' ']))
        .unwrap_or("localhost");
    format!("{}://{host}", if secure { "https" } else { "http" })
}

/// `GET /calendar/{key}.ics`: a user's feed, opened by its key alone (calendar programs send no
/// session or token).
pub async fn serve_feed(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    axum::extract::Path(key): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    let base = base_url(&headers, state.auth.secure_cookies);
    let body = feed(&state.store, &key, Utc::now(), &base).await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8",
            ),
            (axum::http::header::CACHE_CONTROL, "private, max-age=300"),
        ],
        body,
    )
        .into_response())
}

/// Escapes a text value: backslashes, commas, semicolons and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Adds a content line, folded at 75 octets (never inside a character) and ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The feed of `user`'s encounters and open tasks as iCalendar text, stamped `now`; the events
/// link to the accounts at `base_url`.
pub fn ics(
    user: &str,
    encounters: &[Encounter],
    tasks: &[Task],
    now: DateTime<Utc>,
    base_url: &str,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let stamp = utc(now);
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Arvo//Arvo CRM//FI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape(&format!("Arvo: {user}"))),
    );
    for e in encounters {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:encounter-{}@arvo", e.id));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        let start = e
            .time
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
        if let Some(time) = start {
            let begins = helsinki_to_utc(e.date.and_time(time));
            let minutes = e.duration_minutes.unwrap_or(DEFAULT_MINUTES);
            line(&mut out, &format!("DTSTART:{}", utc(begins)));
            line(
                &mut out,
                &format!("DTEND:{}", utc(begins + chrono::Duration::minutes(minutes))),
            );
        } else {
            line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day(e.date)));
            let next = e.date.succ_opt().unwrap_or(e.date);
            line(&mut out, &format!("DTEND;VALUE=DATE:{}", day(next)));
        }
        line(
            &mut out,
            &format!(
                "SUMMARY:{}",
                escape(&format!(
                    "{}: {}",
                    lang.encounter_kind_code(&e.kind),
                    e.account_name
                ))
            ),
        );
        let description = match &e.next_step {
            Some(next) => format!("{}\n{next}", e.summary),
            None => e.summary.clone(),
        };
        line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        line(
            &mut out,
            &format!("URL:{base_url}/accounts/{}", e.account_id),
        );
        line(&mut out, "END:VEVENT");
    }
    for t in tasks {
        line(&mut out, "BEGIN:VTODO");
        line(&mut out, &format!("UID:task-{}@arvo", t.id));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("DUE;VALUE=DATE:{}", day(t.due)));
        let summary = match &t.account_name {
            Some(account) => format!("{} ({account})", t.title),
            None => t.title.clone(),
        };
        line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
        if let Some(notes) = &t.notes {
            line(&mut out, &format!("DESCRIPTION:{}", escape(notes)));
        }
        if let Some(id) = t.account_id {
            line(&mut out, &format!("URL:{base_url}/accounts/{id}"));
        }
        line(&mut out, "STATUS:NEEDS-ACTION");
        line(&mut out, "END:VTODO");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encounter(time: Option<&str>, summary: &str) -> Encounter {
        Encounter {
            id: 7,
            account_id: 3,
            account_name: "Kone Oy".into(),
            kind: "meeting".into(),
            channel: "in_person".into(),
            date: "2026-12-09".parse().unwrap(),
            time: time.map(Into::into),
            duration_minutes: Some(90),
            summary: summary.into(),
            outcome: None,
            next_step: Some("Tarjous; hinnat, ehdot".into()),
            participants: Vec::new(),
            recorded_by: "Mikko".into(),
            recorded_at: Utc::now(),
        }
    }

    #[test]
    fn meetings_are_events_in_utc_and_texts_are_escaped_and_folded() {
        let now: DateTime<Utc> = "2026-12-06T08:00:00Z".parse().unwrap();
        let long = "Vuoden tarpeet, budjetti ja kevään sesonki; ".repeat(4);
        let text = ics(
            "Mikko",
            &[encounter(Some("12:30"), &long), encounter(None, "Soitto")],
            &[],
            now,
            "https://arvo.example.fi",
            Lang::Fi,
        );
        // Winter time in Helsinki is UTC+2: 12:30 local is 10:30 UTC; ninety minutes long.
        assert!(text.contains("DTSTART:20261209T103000Z\r\nDTEND:20261209T120000Z\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261209\r\nDTEND;VALUE=DATE:20261210\r\n"));
        assert!(text.contains("SUMMARY:Tapaaminen: Kone Oy\r\n"));
        assert!(text.contains("Tarjous\\; hinnat\\, ehdot"));
        for l in text.split("\r\n") {
            assert!(l.len() <= 75, "{l:?}");
        }
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
        // Unfolded, the long summary is whole again.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&escape(&long)));
    }

    #[test]
    fn summer_time_is_three_hours_ahead() {
        let local = "2026-06-15T09:00:00".parse().unwrap();
        assert_eq!(utc(helsinki_to_utc(local)), "20260615T060000Z");
    }
}
