//! Closed sets of values stored and exchanged as snake_case words.

/// Declares an enum whose variants are stored and sent as fixed words, with `ALL`, `as_str`,
/// `parse` and a validator that reports the allowed words.
#[macro_export]
macro_rules! choice_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(s))
            }

            /// Parses a value or reports which words are allowed.
            pub fn parse_field(s: &str) -> Result<Self, $crate::validation::Problem> {
                Self::parse(s).ok_or_else(|| $crate::validation::Problem::Choice {
                    allowed: Self::ALL.iter().map(|v| v.as_str().to_owned()).collect(),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
