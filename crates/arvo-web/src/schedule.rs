//! The adherence engine's schedule inside `arvo serve`: every interval (a day by default) one
//! server instance evaluates every customer, records the run (see
//! [`crate::care::scheduled_run`]) and, when an SMTP server is configured, sends each user's
//! daily digest ([`crate::digest`]). Each instance tries at its own ticks; the database lets one
//! claim each interval's slot, and none while another run is unfinished, so instances sharing a
//! database never evaluate at the same time.

use arvo_store::Store;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// How often the schedule runs, and who this instance is.
#[derive(Clone)]
pub struct Schedule {
    pub every: Duration,
    /// This instance's name in the runs it records, e.g. `4711@app-1`.
    pub instance: String,
    /// Sends the digests after each run this instance makes; `None` sends none.
    pub mailer: Option<crate::digest::Mailer>,
}

impl Schedule {
    /// Every `every`, as this process on this host, sending digests through `mailer`.
    pub fn new(every: Duration, mailer: Option<crate::digest::Mailer>) -> Self {
        let host = std::env::var("HOSTNAME")
            .ok()
            .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".into());
        Self {
            every,
            instance: format!(
                "{}@{host}-{}",
                std::process::id(),
                crate::auth::secrets::random_text(4)
            ),
            mailer,
        }
    }
}

/// The slot `now` falls in: the start of its interval, counted from the Unix epoch, in RFC 3339.
pub fn slot_of(now: DateTime<Utc>, every: Duration) -> String {
    let every = i64::try_from(every.as_secs().max(1)).unwrap_or(i64::MAX);
    let start = now.timestamp() - now.timestamp().rem_euclid(every);
    DateTime::<Utc>::from_timestamp(start, 0)
        .unwrap_or(now)
        .to_rfc3339()
}

/// Runs the schedule until the task is dropped: at each tick (a quarter of the interval, at
/// most a minute), tries to run the current slot unless this instance already ran it. A failed
/// run is logged and tried again at the next tick.
pub fn spawn(store: Store, schedule: Schedule) -> tokio::task::JoinHandle<()> {
    let tick = (schedule.every / 4).clamp(Duration::from_millis(100), Duration::from_mins(1));
    tokio::spawn(async move {
        let mut ran: Option<String> = None;
        loop {
            let now = Utc::now();
            let slot = slot_of(now, schedule.every);
            if ran.as_deref() != Some(slot.as_str()) {
                match crate::care::scheduled_run(&store, &schedule.instance, &slot, now).await {
                    Ok(Some(_)) => {
                        ran = Some(slot);
                        if let Some(mailer) = &schedule.mailer {
                            let today = crate::i18n::helsinki_date(now);
                            match crate::digest::send_all(&store, mailer, today).await {
                                Ok(sent) => tracing::info!(sent, "daily digests sent"),
                                Err(e) => tracing::warn!(error = %e, "the digests failed"),
                            }
                        }
                    }
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e, slot, "the care evaluation failed"),
                }
            }
            tokio::time::sleep(tick).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_the_start_of_its_interval() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let day = Duration::from_hours(24);
        assert_eq!(
            slot_of(at("2026-12-06T17:45:12Z"), day),
            "2026-12-06T00:00:00+00:00"
        );
        assert_eq!(
            slot_of(at("2026-12-06T17:45:12Z"), Duration::from_mins(1)),
            "2026-12-06T17:45:00+00:00"
        );
        assert_eq!(
            slot_of(at("2026-12-06T17:45:59Z"), Duration::from_mins(1)),
            slot_of(at("2026-12-06T17:45:00Z"), Duration::from_mins(1))
        );
    }
}
