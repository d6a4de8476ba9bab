//! The partnership lifecycle: named actions, checked here and applied with a conditional
//! update, each change recorded with who made it and when.

use diesel::prelude::*;

use super::vocab::PartnershipStatus as S;
use crate::db::schema::{partnership_changes, partnerships};
use crate::db::{now, DbConnection};
use crate::error::ApiError;
use crate::values::illegal_transition;
use crate::values::text_enum::text_enum;

text_enum!(
    /// A change of a partnership's status.
    PartnershipAction {
        /// proposed → negotiating
        Negotiate = "negotiate",
        /// proposed or negotiating → signed
        Sign = "sign",
        /// signed or suspended → active
        Activate = "activate",
        /// active → suspended
        Suspend = "suspend",
        /// any status but ended → ended
        End = "end",
    }
);

impl PartnershipAction {
    /// The status this action leads to from `from`, if it is allowed there.
    pub fn target_from(self, from: S) -> Option<S> {
        match (self, from) {
            (Self::Negotiate, S::Proposed) => Some(S::Negotiating),
            (Self::Sign, S::Proposed | S::Negotiating) => Some(S::Signed),
            (Self::Activate, S::Signed | S::Suspended) => Some(S::Active),
            (Self::Suspend, S::Active) => Some(S::Suspended),
            (Self::End, S::Ended) => None,
            (Self::End, _) => Some(S::Ended),
            _ => None,
        }
    }

    /// The actions allowed from `from`.
    pub fn allowed_from(from: S) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|action| action.target_from(from).is_some())
            .collect()
    }
}

/// Records a status a partnership entered (`from` is `None` when it was created).
pub fn record(
    conn: &mut DbConnection,
    partnership_id: i64,
    from: Option<S>,
    to: S,
    actor: i64,
) -> Result<(), ApiError> {
    let at = now();
    diesel::insert_into(partnership_changes::table)
        .values((
            partnership_changes::partnership_id.eq(partnership_id),
            partnership_changes::from_status.eq(from.map(S::as_str)),
            partnership_changes::to_status.eq(to.as_str()),
            partnership_changes::changed_by.eq(actor),
            partnership_changes::created_at.eq(at),
            partnership_changes::updated_at.eq(at),
            partnership_changes::version.eq(1_i64),
        ))
        .execute(conn)?;
    Ok(())
}

/// Applies `action` to partnership `id`, whose status is `from`; signing sets
/// `established_on` to `today` unless it is already set, and a planned date still ahead
/// is a 422 (a signed partnership is not established in the future). The caller holds
/// the row lock.
pub fn apply(
    conn: &mut DbConnection,
    id: i64,
    from: S,
    action: PartnershipAction,
    today: &str,
    actor: i64,
) -> Result<(), ApiError> {
    let Some(to) = action.target_from(from) else {
        let allowed: Vec<&str> = PartnershipAction::allowed_from(from)
            .into_iter()
            .map(PartnershipAction::as_str)
            .collect();
        return Err(illegal_transition(
            "a partnership",
            from.as_str(),
            action.as_str(),
            &allowed,
        ));
    };
    let row = partnerships::table.filter(partnerships::id.eq(id));
    if to.was_signed() {
        // A proposal may carry a planned date; a signed partnership's date is not ahead.
        let planned: Option<String> = row.select(partnerships::established_on).first(conn)?;
        if let Some(on) = planned.filter(|on| on.as_str() > today) {
            return Err(ApiError::invalid(
                "established_on",
                format!(
                    "is {on}, in the future; a partnership that was signed cannot be \
                     established after today: correct the date first"
                ),
            ));
        }
    }
    if to == S::Signed {
        diesel::update(row.filter(partnerships::established_on.is_null()))
            .set(partnerships::established_on.eq(today))
            .execute(conn)?;
    }
    diesel::update(row)
        .set((
            partnerships::status.eq(to.as_str()),
            partnerships::updated_at.eq(now()),
            partnerships::version.eq(partnerships::version + 1),
        ))
        .execute(conn)?;
    record(conn, id, Some(from), to, actor)
}

#[cfg(test)]
mod tests {
    use super::{PartnershipAction as A, S};

    #[test]
    fn the_lifecycle_moves_forward_and_ends_anywhere() {
        assert_eq!(A::Sign.target_from(S::Proposed), Some(S::Signed));
        assert_eq!(A::Activate.target_from(S::Proposed), None);
        assert_eq!(A::allowed_from(S::Active), vec![A::Suspend, A::End]);
        assert_eq!(A::allowed_from(S::Ended), vec![]);
    }
}
