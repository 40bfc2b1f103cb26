//! Secrets: password hashes (argon2id), random session ids, CSRF tokens and API tokens, and the
//! SHA-256 digests under which session ids and tokens are stored. None of these values is ever
//! logged; the types here have no `Debug` output that would show one.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Every API token starts with this, so that a leaked one is easy to recognise and search for.
pub const TOKEN_PREFIX: &str = "arvo_";

/// A random, URL-safe text of `bytes` random bytes (as hex).
pub fn random_text(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex(&buf)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The SHA-256 digest of a secret, as stored in the database. Session ids and tokens carry 256
/// random bits, so a fast digest is enough; passwords use argon2id instead.
pub fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// A new API token: the text given to the user once, and the first characters kept to tell it
/// apart from others.
pub fn new_api_token() -> (String, String) {
    let token = format!("{TOKEN_PREFIX}{}", random_text(32));
    let shown = token.chars().take(TOKEN_PREFIX.len() + 6).collect();
    (token, shown)
}

/// Hashes a password with argon2id and a random salt (PHC string format).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// Whether `password` matches `hash`. Without a hash (an unknown email, or a user without a
/// password) it checks against a fixed hash anyway, so that the answer takes as long either way
/// and does not tell whether the email exists.
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not a password of anyone"));
    let (hash, real) = match hash {
        Some(h) => (h, true),
        None => (dummy.as_str(), false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
        && real
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let h = hash_password("oikea salasana");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("oikea salasana", Some(&h)));
        assert!(!verify_password("väärä salasana", Some(&h)));
        assert!(!verify_password("oikea salasana", None));
        assert!(!verify_password("x", Some("not a hash")));
    }

    #[test]
    fn tokens_are_random_and_digests_stable() {
        let (a, shown) = new_api_token();
        let (b, _) = new_api_token();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() == TOKEN_PREFIX.len() + 64);
        assert!(a.starts_with(&shown));
        assert_eq!(digest("abc"), digest("abc"));
        assert_eq!(digest("abc").len(), 64);
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
