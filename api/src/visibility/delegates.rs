//! Who may recognise a delegate: the one rule behind every representation that names or
//! points at a delegate (the delegate itself, session speakers, agendas, signatories,
//! endorsers, delegation heads, meetings, exports and feeds).
//!
//! A viewer **identifies** a delegate — sees their id and name — when the viewer reads
//! private delegate data (organizers, admins, API tokens with `delegates:read_private`),
//! is that delegate, or the delegate consented to a public profile. Anyone else meets a
//! non-consenting delegate only as "a delegate of <city>": the city, never the id or name.
//! This is the same answer `GET …/delegates/{id}` gives (a 404 for such a viewer), so no
//! other representation can tell more than the delegate's own resource.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::auth::Caller;
use crate::db::schema::delegates;
use crate::db::DbConnection;
use crate::error::ApiError;

/// Who is looking at delegates, as far as recognising them goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DelegateViewer {
    /// Organizers, admins and API tokens holding `delegates:read_private`.
    Everyone,
    /// Anyone else: consenting delegates, and `own` (a signed-in delegate) themself.
    Consenting { own: Option<i64> },
}

impl DelegateViewer {
    /// The viewer a caller (or an anonymous request) is.
    pub fn of(caller: Option<&Caller>) -> Self {
        match caller {
            Some(caller) if caller.reads_private_delegates() => Self::Everyone,
            Some(caller) => Self::Consenting {
                own: caller.delegate_id.filter(|&id| caller.is_delegate(id)),
            },
            None => Self::Consenting { own: None },
        }
    }

    /// The viewer of a calendar feed opened with a delegate's own subscription secret.
    pub fn delegate(id: i64) -> Self {
        Self::Consenting { own: Some(id) }
    }

    /// The name of what this viewer sees of delegates when it is the same for every caller
    /// of its kind (everyone, or the consenting only), so that a rendering made for one
    /// may be kept and shown to another (`http::fragments`); `None` for a signed-in
    /// delegate, who also recognises themself.
    pub fn shared_view(self) -> Option<&'static str> {
        match self {
            Self::Everyone => Some("everyone"),
            Self::Consenting { own: None } => Some("consenting"),
            Self::Consenting { own: Some(_) } => None,
        }
    }

    /// Whether this viewer may recognise the delegate `id`, who did or did not consent.
    pub fn identifies(self, id: i64, consented: bool) -> bool {
        match self {
            Self::Everyone => true,
            Self::Consenting { own } => consented || own == Some(id),
        }
    }
}

/// A delegate as another representation shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// `None` when the viewer may not recognise the delegate.
    pub id: Option<i64>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// The delegate's city: shown to everyone ("a delegate of Rovaniemi").
    pub city_id: i64,
    /// Whether the public may recognise this delegate (they consented).
    pub public: bool,
}

impl Shown {
    /// "Given Family", when the name may be shown.
    pub fn full_name(&self) -> Option<String> {
        let given = self.given_name.as_deref()?;
        Some(match self.family_name.as_deref() {
            Some(family) => format!("{given} {family}"),
            None => given.to_owned(),
        })
    }
}

/// The delegates one representation refers to, as one viewer may see them.
#[derive(Debug, Default)]
pub struct Disclosure {
    shown: HashMap<i64, Shown>,
}

impl Disclosure {
    /// Loads `ids` (one query) and decides each for `viewer`.
    pub fn load(
        conn: &mut DbConnection,
        viewer: DelegateViewer,
        ids: impl IntoIterator<Item = i64>,
    ) -> Result<Self, ApiError> {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Self::default());
        }
        let rows: Vec<(i64, String, String, i64, bool)> = delegates::table
            .filter(delegates::id.eq_any(&ids))
            .select((
                delegates::id,
                delegates::given_name,
                delegates::family_name,
                delegates::city_id,
                delegates::consent_public_profile,
            ))
            .load(conn)?;
        let shown = rows
            .into_iter()
            .map(|(id, given, family, city_id, consented)| {
                let known = viewer.identifies(id, consented);
                let shown = Shown {
                    id: known.then_some(id),
                    given_name: known.then_some(given),
                    family_name: Some(family).filter(|name| known && !name.is_empty()),
                    city_id,
                    public: consented,
                };
                (id, shown)
            })
            .collect();
        Ok(Self { shown })
    }

    /// How the delegate `id` is shown; `None` for an id that names no delegate.
    pub fn get(&self, id: i64) -> Option<&Shown> {
        self.shown.get(&id)
    }

    /// The id to show for the delegate `id`: itself, or `None` when it is withheld.
    pub fn id(&self, id: i64) -> Option<i64> {
        self.get(id).and_then(|shown| shown.id)
    }

    /// The name to show for the delegate `id`, when it may be shown.
    pub fn name(&self, id: i64) -> Option<String> {
        self.get(id).and_then(Shown::full_name)
    }
}

#[cfg(test)]
mod tests {
    use super::DelegateViewer;

    #[test]
    fn only_consent_self_or_private_readers_identify() {
        let public = DelegateViewer::Consenting { own: None };
        assert!(public.identifies(6, true));
        assert!(!public.identifies(6, false));
        assert!(DelegateViewer::delegate(6).identifies(6, false));
        assert!(!DelegateViewer::delegate(7).identifies(6, false));
        assert!(DelegateViewer::Everyone.identifies(6, false));
    }
}
