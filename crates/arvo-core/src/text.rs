//! Text folding for search and matching: lower case, accents removed, words split. Legal-form
//! words such as "Oy" and "Ab" are left out of search: nearly every company has one, so they
//! would match everything and tell nothing.

use crate::duplicates::LEGAL_FORMS;

/// Lower-cases and folds accented letters to their base letters (`Äänekoski` → `aanekoski`) so
/// that a search typed without Finnish letters still finds them.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'å' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'ü' | 'ú' | 'ù' | 'û' => out.push('u'),
            'í' | 'ì' | 'î' | 'ï' => out.push('i'),
            'š' => out.push('s'),
            'ž' => out.push('z'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            _ => out.push(c),
        }
    }
    out
}

/// The searchable words of a text: folded, split at anything that is not a letter or digit,
/// without legal-form words.
pub fn words(input: &str) -> impl Iterator<Item = String> + '_ {
    input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .filter(|w| !LEGAL_FORMS.contains(&w.as_str()))
}

/// The search tokens of a record: every word of every given text, plus each identifier whole
/// (so `0112038-9` is found as `0112038-9`, `0112038` or `01120389`, and `liisa@kone.fi` as a whole).
pub fn search_tokens<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for text in texts {
        tokens.extend(words(text));
        let compact: String = fold(text).chars().filter(|c| !c.is_whitespace()).collect();
        if compact.contains('@') || compact.chars().any(|c| c.is_ascii_digit()) {
            if compact.contains('-') {
                tokens.push(compact.replace('-', ""));
            }
            tokens.push(compact);
        }
    }
    tokens.sort();
    tokens.dedup();
    tokens.retain(|t| t.chars().count() <= 100);
    tokens
}

/// The words of a search query, folded the same way as the tokens they are matched against.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = query
        .split_whitespace()
        .map(|w| {
            let f = fold(w);
            let trimmed = f.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
            if trimmed.contains('@') || trimmed.chars().any(|c| c.is_ascii_digit()) {
                trimmed.to_owned()
            } else {
                trimmed
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("")
                    .to_owned()
            }
        })
        .filter(|w| !w.is_empty() && !LEGAL_FORMS.contains(&w.as_str()))
        .collect();
    terms.sort();
    terms.dedup();
    terms.truncate(8);
    terms
}

/// The shortest and longest word beginnings a search signature records.
const SIGNED_PREFIXES: std::ops::RangeInclusive<usize> = 2..=4;

/// One bit of a signature, chosen by a stable hash (FNV-1a) of a word beginning.
fn prefix_bit(prefix: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in prefix.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    1 << (h % 64)
}

/// The bits of a word's beginnings of two to four letters.
fn prefix_bits(word: &str) -> u64 {
    // The byte offset where the word's first 1, 2, 3, ... letters end.
    let ends = word
        .char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()));
    ends.zip(1..)
        .take_while(|(_, letters)| letters <= SIGNED_PREFIXES.end())
        .filter(|(_, letters)| SIGNED_PREFIXES.contains(letters))
        .fold(0, |bits, (end, _)| bits | prefix_bit(&word[..end]))
}

/// A record's search signature: a 64-bit summary of how its search tokens begin and of its tags
/// (lower-cased). A record can only match a term, or carry a tag, if its signature contains every
/// bit of [`term_signature`] or [`tag_signature`], so a list skips most non-matching rows by one
/// integer test before it reads their tokens or tags.
pub fn search_signature<'a>(
    tokens: impl IntoIterator<Item = &'a str>,
    tags: impl IntoIterator<Item = &'a str>,
) -> i64 {
    let bits = tokens.into_iter().fold(0, |bits, t| bits | prefix_bits(t))
        | tags.into_iter().fold(0, |bits, t| bits | tag_bit(t));
    i64::from_ne_bytes(bits.to_ne_bytes())
}

/// A tag's bit; the marker keeps it apart from the bit of a word beginning with the same letters.
fn tag_bit(tag: &str) -> u64 {
    prefix_bit(&format!("\u{1f}{tag}"))
}

/// The bits a record's [`search_signature`] must contain for one of its tokens to begin with
/// `term`. A one-letter term gives no bits: it rules nothing out.
pub fn term_signature(term: &str) -> i64 {
    search_signature([term], [])
}

/// The bit a record's [`search_signature`] must contain for it to carry `tag` (lower-cased).
pub fn tag_signature(tag: &str) -> i64 {
    search_signature([], [tag])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_finnish_letters() {
        assert_eq!(fold("Äänekosken Sähkö Oy"), "aanekosken sahko oy");
    }

    #[test]
    fn tokens_cover_words_and_compact_values() {
        let t = search_tokens(["Kone Oy, Espoo", "0112038-9", "liisa@kone.fi"]);
        assert!(
            !t.contains(&"oy".to_owned()) && !t.contains(&"koneoy,espoo".to_owned()),
            "{t:?}"
        );
        for want in [
            "kone",
            "espoo",
            "0112038",
            "01120389",
            "0112038-9",
            "liisa@kone.fi",
        ] {
            assert!(t.contains(&want.to_owned()), "{want} missing from {t:?}");
        }
    }

    #[test]
    fn query_terms_fold_and_keep_ids() {
        assert_eq!(query_terms("Sähkö  0112038-9"), vec!["0112038-9", "sahko"]);
        assert_eq!(query_terms("Liisa@Kone.fi"), vec!["liisa@kone.fi"]);
        assert!(query_terms("  ,, ").is_empty());
        assert_eq!(query_terms("Kone Oy"), vec!["kone"]);
    }

    #[test]
    fn signatures_know_word_beginnings() {
        let record = search_signature(["kone", "tampere"], ["avainasiakas"]);
        for term in ["ko", "kon", "kone", "ta", "tamp", "tampere"] {
            let t = term_signature(term);
            assert_eq!(record & t, t, "{term}");
        }
        assert_eq!(term_signature("k"), 0);
        assert_ne!(term_signature("ko"), term_signature("kon"));
        assert_eq!(search_signature([], []), 0);
        let tag = tag_signature("avainasiakas");
        assert_eq!(record & tag, tag);
        assert_ne!(tag, term_signature("avainasiakas"));
    }

    proptest::proptest! {
        /// A record is never ruled out for a term that begins one of its tokens.
        #[test]
        fn signature_never_hides_a_match(
            tokens in proptest::collection::vec("[a-zåäö0-9@.]{1,12}", 1..20),
            pick in 0usize..20,
            len in 1usize..12,
        ) {
            let token = &tokens[pick % tokens.len()];
            let term: String = token.chars().take(len).collect();
            let t = term_signature(&term);
            let record = search_signature(tokens.iter().map(String::as_str), [token.as_str()]);
            proptest::prop_assert_eq!(record & t, t);
            let tag = tag_signature(token);
            proptest::prop_assert_eq!(record & tag, tag);
        }
    }
}
