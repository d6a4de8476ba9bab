//! `text_enum!`: a closed vocabulary stored as text (session kinds, booth types, sectors…),
//! with its wire form, its stored form and the list of every value in one place.

/// Declares an enum serialised in snake_case, with `ALL`, `as_str` and `parse` (of a
/// stored value: an unknown one is an internal error, never input).
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Result<Self, crate::error::ApiError> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| {
                    crate::error::ApiError::Internal(format!(concat!("unknown stored ", stringify!($name), " {}"), text))
                })
            }
        }
    };
}

pub(crate) use text_enum;
