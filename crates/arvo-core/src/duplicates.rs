//! Duplicate detection for the customer master. Accounts are duplicates when they share a
//! business ID or an email address, when their names normalise alike ("Kone Oy", "KONE OYJ" and
//! "Kone Oy, Espoo" are all `kone`), or when their names differ by a single typing slip. Pairs
//! people have marked as distinct are never proposed again.

use crate::account::{AccountDraft, AccountStatus};
use crate::text::fold;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use utoipa::ToSchema;

/// Legal-form words that do not tell two companies apart.
pub const LEGAL_FORMS: &[&str] = &[
    "oy",
    "oyj",
    "ab",
    "abp",
    "ky",
    "tmi",
    "ay",
    "ry",
    "rf",
    "osk",
    "ltd",
    "inc",
    "gmbh",
    "as",
    "llc",
    "plc",
    "corp",
    "co",
    "osakeyhtio",
    "kommandiittiyhtio",
    "avoin",
    "yhtio",
    "toiminimi",
    "aktiebolag",
];

/// The shortest normalised name compared for near matches; shorter names differ too easily.
const SIMILAR_MIN_LEN: usize = 6;
/// A spelling variant shared by more names than this is too common to mean anything.
const SIMILAR_BUCKET_MAX: usize = 40;

/// What the detector needs to know of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub account_id: i64,
    pub name: String,
    pub business_id: Option<String>,
    /// The account's own email and its contacts' emails, lower case.
    pub emails: Vec<String>,
}

/// Why two accounts look like the same customer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    BusinessId,
    Email,
    Name,
    SimilarName,
}

/// One reason that ties two accounts together, with the value they share.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub struct Match {
    pub a: i64,
    pub b: i64,
    pub reason: MatchReason,
    pub value: String,
}

/// Accounts that look like one customer, for a person to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DuplicateGroup {
    /// Ascending; the lowest id is the oldest record.
    pub account_ids: Vec<i64>,
    pub matches: Vec<Match>,
}

/// The comparable form of a company or person name: folded, without punctuation, without a
/// location after a comma, without legal-form words, words in alphabetical order, no spaces.
pub fn normalise_name(name: &str) -> String {
    let head = name.split(',').next().unwrap_or(name);
    let folded = fold(head);
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !LEGAL_FORMS.contains(w))
        .collect();
    if words.is_empty() {
        return fold(name).chars().filter(|c| c.is_alphanumeric()).collect();
    }
    words.sort_unstable();
    words.concat()
}

/// Finds groups of likely duplicates. `dismissed` holds pairs `(low id, high id)` people have
/// marked as different customers. Groups come out ordered by their lowest account id.
pub fn find_duplicates(
    keys: &[DuplicateKey],
    dismissed: &HashSet<(i64, i64)>,
) -> Vec<DuplicateGroup> {
    let mut matches: BTreeSet<Match> = BTreeSet::new();
    let mut add = |a: i64, b: i64, reason: MatchReason, value: &str| {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        if a != b && !dismissed.contains(&(a, b)) {
            matches.insert(Match {
                a,
                b,
                reason,
                value: value.to_owned(),
            });
        }
    };

    let mut by_business_id: HashMap<&str, Vec<i64>> = HashMap::new();
    let mut by_email: HashMap<&str, Vec<i64>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<i64>> = HashMap::new();
    for k in keys {
        if let Some(b) = &k.business_id {
            by_business_id.entry(b).or_default().push(k.account_id);
        }
        for e in &k.emails {
            by_email.entry(e).or_default().push(k.account_id);
        }
        let n = normalise_name(&k.name);
        if !n.is_empty() {
            by_name.entry(n).or_default().push(k.account_id);
        }
    }
    for (reason, buckets) in [
        (MatchReason::BusinessId, &by_business_id),
        (MatchReason::Email, &by_email),
    ] {
        for (value, ids) in buckets {
            pairs(ids, |a, b| add(a, b, reason, value));
        }
    }
    for (value, ids) in &by_name {
        pairs(ids, |a, b| add(a, b, MatchReason::Name, value));
    }

    // Near matches: names that share a one-letter-deleted variant differ by one slip.
    let mut variants: HashMap<String, Vec<(&str, i64)>> = HashMap::new();
    for (name, ids) in &by_name {
        if name.chars().count() < SIMILAR_MIN_LEN {
            continue;
        }
        let chars: Vec<char> = name.chars().collect();
        let mut own: BTreeSet<String> = BTreeSet::new();
        own.insert(name.clone());
        for i in 0..chars.len() {
            own.insert(chars[..i].iter().chain(&chars[i + 1..]).collect());
        }
        for v in own {
            let bucket = variants.entry(v).or_default();
            bucket.extend(ids.iter().map(|id| (name.as_str(), *id)));
        }
    }
    for bucket in variants
        .values()
        .filter(|b| b.len() > 1 && b.len() <= SIMILAR_BUCKET_MAX)
    {
        for (i, (name_a, a)) in bucket.iter().enumerate() {
            for (name_b, b) in &bucket[i + 1..] {
                if name_a != name_b {
                    add(
                        *a,
                        *b,
                        MatchReason::SimilarName,
                        &format!("{name_a} ~ {name_b}"),
                    );
                }
            }
        }
    }
    group(matches)
}

/// The data of a kept account after another account is merged into it: the kept account's values
/// win, its empty fields are filled from the other, tags and custom values are combined, and
/// differing special wishes are both kept. A current customer stays a customer.
pub fn merge_drafts(kept: &AccountDraft, other: &AccountDraft) -> AccountDraft {
    fn fill<T: Clone>(a: Option<&T>, b: Option<&T>) -> Option<T> {
        a.or(b).cloned()
    }
    let mut tags = kept.tags.clone();
    for t in &other.tags {
        if !tags.iter().any(|k| k.to_lowercase() == t.to_lowercase()) {
            tags.push(t.clone());
        }
    }
    let mut custom = other.custom.clone();
    custom.extend(kept.custom.clone());
    let special_wishes = match (&kept.special_wishes, &other.special_wishes) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}\n{b}")),
        (a, b) => fill(a.as_ref(), b.as_ref()),
    };
    AccountDraft {
        kind: kept.kind,
        name: kept.name.clone(),
        customer_number: fill(
            kept.customer_number.as_ref(),
            other.customer_number.as_ref(),
        ),
        business_id: fill(kept.business_id.as_ref(), other.business_id.as_ref()),
        industry: fill(kept.industry.as_ref(), other.industry.as_ref()),
        size_class: fill(kept.size_class.as_ref(), other.size_class.as_ref()),
        annual_revenue: fill(kept.annual_revenue.as_ref(), other.annual_revenue.as_ref()),
        email: fill(kept.email.as_ref(), other.email.as_ref()),
        phone: fill(kept.phone.as_ref(), other.phone.as_ref()),
        street_address: fill(kept.street_address.as_ref(), other.street_address.as_ref()),
        postal_code: fill(kept.postal_code.as_ref(), other.postal_code.as_ref()),
        municipality: fill(kept.municipality.as_ref(), other.municipality.as_ref()),
        country: kept.country.clone(),
        website: fill(kept.website.as_ref(), other.website.as_ref()),
        // A current customer stays a customer whichever record said so.
        status: if other.status == AccountStatus::Customer {
            other.status
        } else {
            kept.status
        },
        owner: fill(kept.owner.as_ref(), other.owner.as_ref()),
        tags,
        special_wishes,
        custom,
    }
}

fn pairs(ids: &[i64], mut f: impl FnMut(i64, i64)) {
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    for (i, a) in unique.iter().enumerate() {
        for b in &unique[i + 1..] {
            f(*a, *b);
        }
    }
}

/// Joins matched pairs into connected groups (union-find).
fn group(matches: BTreeSet<Match>) -> Vec<DuplicateGroup> {
    fn root(parent: &mut HashMap<i64, i64>, x: i64) -> i64 {
        let p = *parent.entry(x).or_insert(x);
        if p == x {
            return x;
        }
        let r = root(parent, p);
        parent.insert(x, r);
        r
    }
    let mut parent: HashMap<i64, i64> = HashMap::new();
    for m in &matches {
        let (ra, rb) = (root(&mut parent, m.a), root(&mut parent, m.b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let mut groups: BTreeMap<i64, DuplicateGroup> = BTreeMap::new();
    for m in matches {
        let r = root(&mut parent, m.a);
        let g = groups.entry(r).or_insert_with(|| DuplicateGroup {
            account_ids: Vec::new(),
            matches: Vec::new(),
        });
        g.account_ids.extend([m.a, m.b]);
        g.matches.push(m);
    }
    groups
        .into_values()
        .map(|mut g| {
            g.account_ids.sort_unstable();
            g.account_ids.dedup();
            g
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: i64, name: &str, bid: Option<&str>, emails: &[&str]) -> DuplicateKey {
        DuplicateKey {
            account_id: id,
            name: name.into(),
            business_id: bid.map(Into::into),
            emails: emails.iter().map(|e| (*e).to_owned()).collect(),
        }
    }

    #[test]
    fn names_normalise_alike() {
        for n in ["Kone Oy", "KONE OYJ", "Kone Oy, Espoo", " kone  oy. "] {
            assert_eq!(normalise_name(n), "kone", "{n}");
        }
        assert_eq!(
            normalise_name("Virtanen Liisa"),
            normalise_name("Liisa Virtanen")
        );
        assert_eq!(normalise_name("Äänekosken Sähkö Oy"), "aanekoskensahko");
        assert_eq!(normalise_name("Oy Ab"), "oyab");
    }

    #[test]
    fn finds_groups_by_every_reason() {
        let keys = vec![
            key(1, "Kone Oy", None, &[]),
            key(2, "KONE OYJ", None, &[]),
            key(3, "Metsä Group", Some("0112038-9"), &[]),
            key(4, "Metsäliitto", Some("0112038-9"), &[]),
            key(5, "Pekan Puutarha", None, &["pekka@puutarha.fi"]),
            key(6, "Puutarha P. Ky", None, &["pekka@puutarha.fi"]),
            key(7, "Lahden Leipomo", None, &[]),
            key(8, "Lahden Leipmo", None, &[]),
            key(9, "Ainutlaatuinen Oy", None, &[]),
        ];
        let groups = find_duplicates(&keys, &HashSet::new());
        let ids: Vec<Vec<i64>> = groups.iter().map(|g| g.account_ids.clone()).collect();
        assert_eq!(ids, vec![vec![1, 2], vec![3, 4], vec![5, 6], vec![7, 8]]);
        assert_eq!(groups[1].matches[0].reason, MatchReason::BusinessId);
        assert_eq!(groups[2].matches[0].reason, MatchReason::Email);
        assert_eq!(groups[3].matches[0].reason, MatchReason::SimilarName);
    }

    #[test]
    fn merge_keeps_kept_values_and_fills_blanks() {
        use crate::AccountInput;
        let kept = AccountInput {
            name: Some("Kone Oy".into()),
            tags: vec!["a".into()],
            special_wishes: Some("Aamulla".into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        let other = AccountInput {
            name: Some("KONE OYJ".into()),
            business_id: Some("0112038-9".into()),
            status: Some("customer".into()),
            tags: vec!["A".into(), "b".into()],
            special_wishes: Some("Ei perjantaisin".into()),
            ..AccountInput::default()
        }
        .validate(&[])
        .unwrap();
        let m = merge_drafts(&kept, &other);
        assert_eq!(m.name, "Kone Oy");
        assert_eq!(m.business_id.unwrap().as_str(), "0112038-9");
        assert_eq!(m.tags, vec!["a", "b"]);
        assert_eq!(m.status, crate::AccountStatus::Customer);
        assert_eq!(
            m.special_wishes.as_deref(),
            Some("Aamulla\nEi perjantaisin")
        );
    }

    #[test]
    fn dismissed_pairs_are_not_proposed() {
        let keys = vec![key(1, "Kone Oy", None, &[]), key(2, "Kone Oyj", None, &[])];
        let dismissed: HashSet<(i64, i64)> = [(1, 2)].into_iter().collect();
        assert!(find_duplicates(&keys, &dismissed).is_empty());
    }

    #[test]
    fn chains_join_into_one_group() {
        let keys = vec![
            key(1, "Alfa Oy", Some("0112038-9"), &[]),
            key(2, "Beta Oy", Some("0112038-9"), &["x@y.fi"]),
            key(3, "Gamma Oy", None, &["x@y.fi"]),
        ];
        let groups = find_duplicates(&keys, &HashSet::new());
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].account_ids, vec![1, 2, 3]);
    }
}
