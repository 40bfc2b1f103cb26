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
}
