//! The shapes of the value analysis's stored settings and records: cost pools, ratings and
//! segments with their history; and the analysis's data as the store reads it, many rows at a
//! time aggregated into one text, with the parsers of those texts.

use crate::{Result, StoreError};
use arvo_core::analysis::CustomerData;
use arvo_core::behaviour::PurchaseDay;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// A cost pool as stored: its cost is yearly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPool {
    #[serde(flatten)]
    pub pool: arvo_core::profitability::CostPool,
}

/// A person's rating of one criterion for an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Rating {
    pub criterion: String,
    pub score: i64,
    pub reason: Option<String>,
    pub rated_by: String,
    pub rated_at: DateTime<Utc>,
}

/// An account's current segment and tier, and who set them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SegmentState {
    pub segment: String,
    pub tier: String,
    /// Set by hand (the rule leaves it alone).
    pub manual: bool,
    pub reason: Option<String>,
    pub set_by: String,
    pub set_at: DateTime<Utc>,
}

/// One change of an account's segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SegmentChange {
    pub from_segment: Option<String>,
    pub to_segment: String,
    pub manual: bool,
    pub reason: Option<String>,
    pub actor: String,
    pub at: DateTime<Utc>,
}

/// Which count of a customer's activity a grouped table gives.
pub(crate) type CountOf = fn(&mut arvo_core::profitability::CustomerActivity) -> &mut u64;

fn corrupt(what: &str, text: &str) -> StoreError {
    let start: String = text.chars().take(60).collect();
    StoreError::Corrupt(format!("{what}: {start:?}"))
}

/// Reads the accounts as `string_agg` gives them: `id size_class estimated_need` for each,
/// joined by `;` (`-` for none).
pub(crate) fn parse_accounts(text: &str) -> Result<Vec<CustomerData>> {
    text.split(';')
        .filter(|r| !r.is_empty())
        .map(|record| {
            let bad = || corrupt("the accounts of the analysis", record);
            let mut fields = record.split(' ');
            let (Some(id), Some(size), Some(need), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(bad());
            };
            Ok(CustomerData {
                id: id.parse().map_err(|_| bad())?,
                size_class: (size != "-").then(|| size.to_owned()),
                estimated_need_cents: match need {
                    "-" => None,
                    n => Some(n.parse().map_err(|_| bad())?),
                },
                ..CustomerData::default()
            })
        })
        .collect()
}

/// Reads the accounts' names as `string_agg` gives them: `id name_length name` for each, joined
/// by `;` (the name's length in characters, so that a name may hold any character).
pub(crate) fn parse_names(text: &str) -> Result<HashMap<i64, String>> {
    let mut names = HashMap::new();
    let mut rest = text;
    while !rest.is_empty() {
        let bad = || corrupt("the accounts' names", rest);
        let mut head = rest.splitn(3, ' ');
        let (Some(id), Some(len), Some(tail)) = (head.next(), head.next(), head.next()) else {
            return Err(bad());
        };
        let id: i64 = id.parse().map_err(|_| bad())?;
        let len: usize = len.parse().map_err(|_| bad())?;
        let end = tail.char_indices().nth(len).map_or(tail.len(), |(i, _)| i);
        names.insert(id, tail[..end].to_owned());
        rest = match &tail[end..] {
            "" => "",
            more => more.strip_prefix(';').ok_or_else(bad)?,
        };
    }
    Ok(names)
}

/// An account's current segment as a bulk save compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CurrentSegment<'a> {
    pub segment: &'a str,
    pub tier: &'a str,
    pub manual: bool,
}

/// Reads the accounts' segments as `string_agg` gives them: `id segment tier m|r` for each
/// (`m` set by hand, `r` by the rule), joined by `;`.
pub(crate) fn parse_segments(text: &str) -> Result<HashMap<i64, CurrentSegment<'_>>> {
    text.split(';')
        .filter(|r| !r.is_empty())
        .map(|record| {
            let bad = || corrupt("an account's segment", record);
            let mut f = record.split(' ');
            let (Some(id), Some(segment), Some(tier), Some(how), None) =
                (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                return Err(bad());
            };
            let id = id.parse().map_err(|_| bad())?;
            Ok((
                id,
                CurrentSegment {
                    segment,
                    tier,
                    manual: how == "m",
                },
            ))
        })
        .collect()
}

/// Records of whole numbers as `string_agg` gives them: numbers joined by spaces, records by `;`.
pub(crate) struct Packed;

impl Packed {
    /// Each record of `N` numbers.
    pub(crate) fn records<const N: usize>(text: &str) -> impl Iterator<Item = Result<[i64; N]>> {
        text.split(';').filter(|r| !r.is_empty()).map(|record| {
            let mut out = [0; N];
            let mut fields = record.split(' ');
            for slot in &mut out {
                *slot = fields
                    .next()
                    .and_then(|f| f.parse().ok())
                    .ok_or_else(|| corrupt("an aggregated record", record))?;
            }
            if fields.next().is_some() {
                return Err(corrupt("an aggregated record", record));
            }
            Ok(out)
        })
    }
}

/// Reads the accounts' purchase histories as `string_agg` gives them (`account_id:days`, joined
/// by `|`; see [`add_purchase_days`]): each account's purchase days up to `to` and its orders,
/// lines, net sales and own-cost lines' cost from `from` to `to`, in account id order.
pub(crate) fn parse_histories(
    text: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<CustomerData>> {
    let mut out = Vec::new();
    for record in text.split('|').filter(|r| !r.is_empty()) {
        let (id, days) = record.split_once(':').unwrap_or((record, ""));
        let mut customer = CustomerData {
            id: id
                .parse()
                .map_err(|_| corrupt("a purchase history", record))?,
            ..CustomerData::default()
        };
        add_purchase_days(&mut customer, days, from, to)?;
        out.push(customer);
    }
    if !out.is_sorted_by_key(|c| c.id) {
        out.sort_unstable_by_key(|c| c.id);
    }
    Ok(out)
}

/// Adds an account's purchase history (`purchase_histories.days`: `date orders lines net cost`
/// for each day, the date as `2026-11-22`, in date order, joined by `;`) to its data: the days
/// up to `to` as its purchase days, and the orders, lines, net sales and own-cost lines' cost of
/// the days from `from` to `to` to its activity. Read byte by byte: a large base has millions
/// of days.
pub(crate) fn add_purchase_days(
    customer: &mut CustomerData,
    days: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<()> {
    let bytes = days.as_bytes();
    customer
        .purchase_days
        .reserve(days.matches(';').count() + 1);
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let bad = || corrupt("a purchase day", days.get(start..).unwrap_or_default());
        let date = bytes.get(at..at + 10).and_then(iso_date).ok_or_else(bad)?;
        at += 10;
        let mut numbers = [0i64; 4];
        for n in &mut numbers {
            if bytes.get(at) != Some(&b' ') {
                return Err(bad());
            }
            (*n, at) = whole_number(bytes, at + 1).ok_or_else(bad)?;
        }
        match bytes.get(at) {
            None => {}
            Some(b';') => at += 1,
            Some(_) => return Err(bad()),
        }
        if date > to {
            break;
        }
        let [orders, lines, net, cost] = numbers;
        customer
            .purchase_days
            .push(PurchaseDay { date, cents: net });
        if date >= from {
            let a = &mut customer.activity;
            a.orders += u64::try_from(orders).unwrap_or_default();
            a.order_lines += u64::try_from(lines).unwrap_or_default();
            a.revenue_cents = a.revenue_cents.saturating_add(net);
            a.direct_cost_cents = a.direct_cost_cents.saturating_add(cost);
        }
    }
    Ok(())
}

/// The whole number (an optional `-` and digits) at `at`, and where it ends.
fn whole_number(bytes: &[u8], at: usize) -> Option<(i64, usize)> {
    let (negative, mut end) = match bytes.get(at) {
        Some(b'-') => (true, at + 1),
        _ => (false, at),
    };
    let start = end;
    let mut n: i64 = 0;
    while let Some(d) = bytes.get(end).filter(|b| b.is_ascii_digit()) {
        n = n.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
        end += 1;
    }
    (end > start).then_some((if negative { -n } else { n }, end))
}

/// A `2026-11-22` date (what both databases write a date as).
fn iso_date(text: &[u8]) -> Option<NaiveDate> {
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        text.get(range)?.iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if text.len() != 10 || text[4] != b'-' || text[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(digits(0..4)?).ok()?,
        digits(5..7)?,
        digits(8..10)?,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_texts_are_read_back() {
        let accounts = parse_accounts("1 small 250000;2 - -").unwrap();
        assert_eq!(accounts[0].id, 1);
        assert_eq!(accounts[0].size_class.as_deref(), Some("small"));
        assert_eq!(accounts[0].estimated_need_cents, Some(250_000));
        assert_eq!(accounts[1].size_class, None);
        assert_eq!(accounts[1].estimated_need_cents, None);
        assert!(parse_accounts("x small -").is_err());
        assert!(parse_accounts("1 small").is_err());

        let names = parse_names("1 8 Kone; Oy;2 0 ;3 4 Åbo ").unwrap();
        assert_eq!(names[&1], "Kone; Oy");
        assert_eq!(names[&2], "");
        assert_eq!(names[&3], "Åbo ");
        assert!(parse_names("x 1 K").is_err());
        assert!(parse_names("1 1 Ko").is_err());

        let records: Vec<[i64; 2]> = Packed::records("1 -5;2 7").map(Result::unwrap).collect();
        assert_eq!(records, [[1, -5], [2, 7]]);
        assert!(Packed::records::<2>("1 2 3").next().unwrap().is_err());
        assert_eq!(Packed::records::<2>("").count(), 0);
    }

    #[test]
    fn purchase_histories_are_read_back() {
        let mut c = CustomerData::default();
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        add_purchase_days(
            &mut c,
            "2026-01-10 1 2 500 300;2026-03-02 2 3 -900 600;2026-12-01 1 1 100 50",
            d(2, 1),
            d(6, 30),
        )
        .unwrap();
        assert_eq!(c.purchase_days.len(), 2);
        assert_eq!(c.purchase_days[1].date, d(3, 2));
        assert_eq!(c.purchase_days[1].cents, -900);
        assert_eq!(
            (c.activity.orders, c.activity.order_lines),
            (2, 3),
            "only the period's days count"
        );
        assert_eq!(c.activity.revenue_cents, -900);
        assert_eq!(c.activity.direct_cost_cents, 600);
        for bad in [
            "2026-02-30 1 1 1 1",
            "26-02-03 1 1 1 1",
            "2026-02-03 1 1 1",
            "2026-02-03 1 1 1 1 1",
            "2026-02-03 1 1 x 1",
            "2026-02-03 1 1 1 99999999999999999999",
        ] {
            let mut c = CustomerData::default();
            assert!(
                add_purchase_days(&mut c, bad, d(1, 1), d(12, 31)).is_err(),
                "{bad}"
            );
        }
        assert_eq!(iso_date(b"2026-11-22"), Some(d(11, 22)));
        assert_eq!(iso_date(b"2026-1-220"), None);
        assert_eq!(iso_date(b"+026-11-22"), None);

        // Histories come in any order and leave in account id order.
        let all = parse_histories(
            "7:2026-03-02 1 2 500 300|3:2026-01-10 1 1 100 50;2026-04-01 2 2 200 80",
            d(1, 1),
            d(3, 31),
        )
        .unwrap();
        let ids: Vec<i64> = all.iter().map(|c| c.id).collect();
        assert_eq!(ids, [3, 7]);
        assert_eq!(
            all[0].purchase_days.len(),
            1,
            "the day after the period's end left out"
        );
        assert_eq!(all[1].activity.revenue_cents, 500);
        assert!(parse_histories("x:2026-03-02 1 2 500 300", d(1, 1), d(3, 31)).is_err());
    }

    #[test]
    fn segments_are_read_back() {
        let s = parse_segments("5 retain value m;7 grow growth r").unwrap();
        assert_eq!(
            s[&5],
            CurrentSegment {
                segment: "retain",
                tier: "value",
                manual: true
            }
        );
        assert!(!s[&7].manual);
        assert!(parse_segments("5 retain value").is_err());
    }
}
