//! `text_enum!`: a closed vocabulary stored as text, serialised in snake_case and listed in
//! the spec as an enum.

/// Declares a `Copy` enum with `ALL`, `as_str` and `parse` (a stored value that is not in
/// the vocabulary is an internal error: only validated input is ever stored).
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

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
