//! Statuses and kinds stored as text: each an enum whose variants name the exact strings the
//! database holds (existing rows keep their meaning; no migration), read back through
//! `FromStr` so that a value no variant names is a corrupt row, never a panic.

use super::StoreError;

/// A stored text no variant of a stored enum names.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {value:?}")]
pub struct UnknownValue {
    /// What was being read, such as `consultation status`.
    pub what: &'static str,
    /// The text found.
    pub value: String,
}

impl From<UnknownValue> for StoreError {
    fn from(e: UnknownValue) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

/// An enum stored as one of a fixed set of strings.
pub trait Stored: Copy {
    /// The string stored for this value.
    fn as_str(self) -> &'static str;
}

/// A value as an SQL string literal, `'queued'`. Safe to splice into a statement: the
/// strings are the enum's own constants, none with a quote.
pub(super) fn sql_literal<T: Stored>(value: T) -> String {
    format!("'{}'", value.as_str())
}

/// Values as a list of SQL string literals, `'queued', 'accepted'`, for `IN (…)`.
pub(super) fn sql_literals<T: Stored>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| sql_literal(*v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Declares a stored enum: each variant with its stored string. Gives `ALL`, `as_str`,
/// `Display` (the stored string, which message ids such as `console-status-queued` are
/// built from), `FromStr`, and sqlx's `Type` and `Decode` so that a row's column reads as
/// the enum; both refuse an unknown string with an [`UnknownValue`].
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The string stored for this value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl $crate::store::Stored for $name {
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::store::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $crate::store::UnknownValue {
                        what: $what,
                        value: s.to_owned(),
                    })
            }
        }

        // Read as the text column it is, then parsed: a row holding an unknown value fails
        // with the `UnknownValue`, which `StoreError` reports as corrupt data.
        impl ::sqlx::Type<::sqlx::Any> for $name {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <String as ::sqlx::Type<::sqlx::Any>>::type_info()
            }

            fn compatible(ty: &::sqlx::any::AnyTypeInfo) -> bool {
                <String as ::sqlx::Type<::sqlx::Any>>::compatible(ty)
            }
        }

        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $name {
            fn decode(
                value: ::sqlx::any::AnyValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let text = <String as ::sqlx::Decode<'r, ::sqlx::Any>>::decode(value)?;
                Ok(text.parse::<$name>()?)
            }
        }
    };
}

/// Every stored enum parses back what it stores, and refuses what it does not.
#[cfg(test)]
pub(super) fn assert_round_trip<T>(all: &[T])
where
    T: Stored + std::str::FromStr<Err = UnknownValue> + PartialEq + std::fmt::Debug,
{
    for v in all {
        assert_eq!(v.as_str().parse::<T>(), Ok(*v));
    }
    let unknown = "no-such-value".parse::<T>().unwrap_err();
    assert_eq!(unknown.value, "no-such-value");
    assert!(matches!(StoreError::from(unknown), StoreError::Corrupt(_)));
}
