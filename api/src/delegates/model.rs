//! Delegate rows and their queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::accreditation::AccreditationStatus;
use super::badge::new_badge_code;
use super::dto::{CreateDelegate, DelegateFilter, DelegateRole, DirectoryFilter};
use crate::db::schema::{
    agreement_signatories, delegates, delegations, endorsements, events, registrations,
    session_speakers, users,
};
use crate::db::since::{self, SinceTest};
use crate::db::{now, search, Db, DbConnection, Ordering};
use crate::error::ApiError;
use crate::events::EventStatus;
use crate::http::fragments::RowKey;
use crate::http::lists::{search_key, ListRequest};
use crate::program::session_types::RegistrationStatus;
use crate::values::LangMap;

/// A stored delegate.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = delegates)]
pub struct DelegateRow {
    pub id: i64,
    pub event_id: i64,
    pub delegation_id: i64,
    pub city_id: i64,
    pub given_name: String,
    pub family_name: String,
    pub honorific: Option<String>,
    pub title: Option<String>,
    pub role: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: String,
    pub interpretation_needs: String,
    pub dietary_needs: Option<String>,
    pub accessibility_needs: Option<String>,
    pub arrival_at: Option<NaiveDateTime>,
    pub departure_at: Option<NaiveDateTime>,
    pub hotel: Option<String>,
    pub bio: String,
    pub photo_url: Option<String>,
    pub consent_public_profile: bool,
    pub badge_code: String,
    pub accreditation_status: String,
    pub checked_in_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// The columns a create or an update writes.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = delegates, treat_none_as_null = true)]
struct DelegateColumns {
    delegation_id: i64,
    city_id: i64,
    given_name: String,
    family_name: String,
    search_text: String,
    honorific: Option<String>,
    title: Option<String>,
    role: String,
    email: Option<String>,
    phone: Option<String>,
    languages: String,
    interpretation_needs: String,
    dietary_needs: Option<String>,
    accessibility_needs: Option<String>,
    arrival_at: Option<NaiveDateTime>,
    departure_at: Option<NaiveDateTime>,
    hotel: Option<String>,
    bio: String,
    photo_url: Option<String>,
    consent_public_profile: bool,
}

impl DelegateColumns {
    fn new(input: &CreateDelegate, city_id: i64) -> Result<Self, ApiError> {
        let family_name = input.family_name.clone().unwrap_or_default();
        let search = [
            input.given_name.as_str(),
            family_name.as_str(),
            input.title.as_deref().unwrap_or(""),
        ]
        .join(" ");
        Ok(Self {
            delegation_id: input.delegation_id,
            city_id,
            given_name: input.given_name.clone(),
            family_name,
            search_text: search_key(&search),
            honorific: input.honorific.clone(),
            title: input.title.clone(),
            role: input.role.as_str().to_owned(),
            email: input.email.clone(),
            phone: input.phone.clone(),
            languages: serde_json::to_string(&input.languages)?,
            interpretation_needs: serde_json::to_string(&input.interpretation_needs)?,
            dietary_needs: input.dietary_needs.clone(),
            accessibility_needs: input.accessibility_needs.clone(),
            arrival_at: input.arrival_at.map(|t| t.naive_utc()),
            departure_at: input.departure_at.map(|t| t.naive_utc()),
            hotel: input.hotel.clone(),
            bio: input
                .bio
                .as_ref()
                .map_or_else(|| "{}".to_owned(), LangMap::to_json),
            photo_url: input.photo_url.clone(),
            consent_public_profile: input.consent_public_profile,
        })
    }
}

pub const SORTABLE: &[&str] = &["id", "family_name", "given_name", "updated_at"];

fn filtered<'a>(
    event_id: i64,
    filter: &'a DelegateFilter,
    list: &'a ListRequest,
    since: SinceTest,
) -> delegates::BoxedQuery<'a, Db> {
    let mut query = delegates::table
        .filter(delegates::event_id.eq(event_id))
        .into_boxed();
    if let Some(status) = filter.accreditation_status {
        query = query.filter(delegates::accreditation_status.eq(status.as_str()));
    }
    if let Some(role) = filter.role {
        query = query.filter(delegates::role.eq(role.as_str()));
    }
    if let Some(delegation_id) = filter.delegation_id {
        query = query.filter(delegates::delegation_id.eq(delegation_id));
    }
    if let Some(city_id) = filter.city_id {
        query = query.filter(delegates::city_id.eq(city_id));
    }
    with_search(query, list, since)
}

fn with_search<'a>(
    mut query: delegates::BoxedQuery<'a, Db>,
    list: &'a ListRequest,
    test: SinceTest,
) -> delegates::BoxedQuery<'a, Db> {
    if let Some(q) = &list.q {
        query = query.filter(search::contains(delegates::search_text, q));
    }
    if let Some(since) = list.updated_since {
        query = query.filter(since::newer(delegates::updated_at, since, test));
    }
    query
}

fn directory<'a>(
    event_id: i64,
    filter: &'a DirectoryFilter,
    list: &'a ListRequest,
    since: SinceTest,
) -> delegates::BoxedQuery<'a, Db> {
    let mut query = delegates::table
        .filter(delegates::event_id.eq(event_id))
        .filter(delegates::consent_public_profile.eq(true))
        .into_boxed();
    if let Some(delegation_id) = filter.delegation_id {
        query = query.filter(delegates::delegation_id.eq(delegation_id));
    }
    if let Some(city_id) = filter.city_id {
        query = query.filter(delegates::city_id.eq(city_id));
    }
    with_search(query, list, since)
}

/// The columns of a row's key.
const KEY: (delegates::id, delegates::version) = (delegates::id, delegates::version);

fn sorted<'a>(
    query: delegates::BoxedQuery<'a, Db>,
    list: &ListRequest,
) -> delegates::BoxedQuery<'a, Db> {
    ordered(query, list)
        .limit(list.per_page)
        .offset(list.offset())
}

fn ordered<'a>(
    query: delegates::BoxedQuery<'a, Db>,
    list: &ListRequest,
) -> delegates::BoxedQuery<'a, Db> {
    let mut order = Ordering::default();
    for key in &list.sort {
        order = match key.field.as_str() {
            "family_name" => order.by(delegates::family_name, key.descending),
            "given_name" => order.by(delegates::given_name, key.descending),
            "updated_at" => order.by(delegates::updated_at, key.descending),
            "city_id" => order.by(delegates::city_id, key.descending),
            _ => order.by(delegates::id, key.descending),
        };
    }
    query.order(order.by(delegates::id, false))
}

/// The keys of the requested page of the rows `selecting` chooses, in page order, and how
/// many rows it chooses in all.
fn page_keys<'a>(
    conn: &mut DbConnection,
    event_id: i64,
    selecting: impl Fn(SinceTest) -> delegates::BoxedQuery<'a, Db>,
    list: &'a ListRequest,
) -> QueryResult<(Vec<RowKey>, i64)> {
    let total = selecting(SinceTest::Indexed).count().get_result(conn)?;
    let test = match list.updated_since {
        None => SinceTest::Indexed,
        Some(since) => since::choose(conn, total, list.offset() + list.per_page, |conn, n| {
            delegates::table
                .filter(delegates::event_id.eq(event_id))
                .filter(delegates::updated_at.lt(since))
                .select(delegates::id)
                .limit(1)
                .offset(n - 1)
                .first::<i64>(conn)
                .optional()
                .map(|older| older.is_some())
        })?,
    };
    let keys: Vec<(i64, i64)> = sorted(selecting(test), list).select(KEY).load(conn)?;
    Ok((keys.into_iter().map(RowKey::from).collect(), total))
}

impl DelegateRow {
    /// The keys of a page of the organizers' list (what `http::fragments` renders by).
    pub fn list_keys(
        conn: &mut DbConnection,
        event_id: i64,
        filter: &DelegateFilter,
        list: &ListRequest,
    ) -> QueryResult<(Vec<RowKey>, i64)> {
        page_keys(
            conn,
            event_id,
            |since| filtered(event_id, filter, list, since),
            list,
        )
    }

    /// The keys of a page of the public directory.
    pub fn list_public_keys(
        conn: &mut DbConnection,
        event_id: i64,
        filter: &DirectoryFilter,
        list: &ListRequest,
    ) -> QueryResult<(Vec<RowKey>, i64)> {
        page_keys(
            conn,
            event_id,
            |since| directory(event_id, filter, list, since),
            list,
        )
    }

    /// The event's delegates with these ids, in one statement.
    pub fn find_many(
        conn: &mut DbConnection,
        event_id: i64,
        ids: &[i64],
    ) -> QueryResult<Vec<DelegateRow>> {
        delegates::table
            .filter(delegates::event_id.eq(event_id))
            .filter(delegates::id.eq_any(ids))
            .select(DelegateRow::as_select())
            .load(conn)
    }

    /// What a rendering of this row is kept by.
    pub fn key(&self) -> RowKey {
        RowKey::from((self.id, self.version))
    }

    pub fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<DelegateRow, ApiError> {
        delegates::table
            .filter(delegates::event_id.eq(event_id))
            .filter(delegates::id.eq(id))
            .select(DelegateRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no delegate {id} at this event")))
    }

    /// The key of the delegate `id` of the visible event `slug`, with its event's id and
    /// whether it consented to a public profile, in one statement: what a read by id needs
    /// to find a kept rendering. `None` when there is no such delegate (or event).
    pub fn key_in(
        conn: &mut DbConnection,
        slug: &str,
        staff: bool,
        id: i64,
    ) -> QueryResult<Option<(RowKey, i64, bool)>> {
        let mut query = delegates::table
            .inner_join(events::table.on(events::id.eq(delegates::event_id)))
            .filter(delegates::id.eq(id))
            .filter(events::slug.eq(slug))
            .select((
                delegates::id,
                delegates::version,
                delegates::event_id,
                delegates::consent_public_profile,
            ))
            .into_boxed();
        if !staff {
            query = query.filter(events::status.ne(EventStatus::Draft.as_str()));
        }
        let found: Option<(i64, i64, i64, bool)> = query.first(conn).optional()?;
        Ok(found.map(|(id, version, event_id, consented)| {
            (RowKey { id, version }, event_id, consented)
        }))
    }

    pub fn find_by_badge(
        conn: &mut DbConnection,
        event_id: i64,
        code: &str,
    ) -> Result<DelegateRow, ApiError> {
        delegates::table
            .filter(delegates::event_id.eq(event_id))
            .filter(delegates::badge_code.eq(code))
            .select(DelegateRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                ApiError::NotFound("no delegate has this badge code at this event".into())
            })
    }

    /// The delegation's city, checking the delegation belongs to the event.
    fn delegation_city(
        conn: &mut DbConnection,
        event_id: i64,
        delegation_id: i64,
    ) -> Result<i64, ApiError> {
        delegations::table
            .filter(delegations::event_id.eq(event_id))
            .filter(delegations::id.eq(delegation_id))
            .select(delegations::city_id)
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                ApiError::invalid(
                    "delegation_id",
                    format!("no delegation {delegation_id} at this event"),
                )
            })
    }

    pub fn insert(
        conn: &mut DbConnection,
        event_id: i64,
        input: &CreateDelegate,
    ) -> Result<DelegateRow, ApiError> {
        let city_id = Self::delegation_city(conn, event_id, input.delegation_id)?;
        let id = Self::insert_in_city(conn, event_id, input, city_id)?;
        Self::find(conn, event_id, id)
    }

    /// Inserts a delegate whose delegation (of `city_id`, at this event) is known to
    /// exist, answering the new id: new badge code, `invited`.
    pub fn insert_in_city(
        conn: &mut DbConnection,
        event_id: i64,
        input: &CreateDelegate,
        city_id: i64,
    ) -> Result<i64, ApiError> {
        let at = now();
        Ok(diesel::insert_into(delegates::table)
            .values((
                DelegateColumns::new(input, city_id)?,
                delegates::event_id.eq(event_id),
                delegates::badge_code.eq(new_badge_code()),
                delegates::accreditation_status.eq(AccreditationStatus::Invited.as_str()),
                delegates::created_at.eq(at),
                delegates::updated_at.eq(at),
                delegates::version.eq(1_i64),
            ))
            .returning(delegates::id)
            .get_result(conn)?)
    }

    pub fn update(
        conn: &mut DbConnection,
        current: &DelegateRow,
        input: &CreateDelegate,
    ) -> Result<DelegateRow, ApiError> {
        let city_id = Self::delegation_city(conn, current.event_id, input.delegation_id)?;
        diesel::update(delegates::table.find(current.id))
            .set((
                DelegateColumns::new(input, city_id)?,
                delegates::updated_at.eq(now()),
                delegates::version.eq(delegates::version + 1),
            ))
            .execute(conn)?;
        Self::find(conn, current.event_id, current.id)
    }

    /// Deletes a delegate, unlinking their account and their headship. A delegate with
    /// registrations or a speaking role is refused with 409: cancel those first.
    pub fn delete(conn: &mut DbConnection, row: &DelegateRow) -> Result<(), ApiError> {
        let places: i64 = registrations::table
            .filter(registrations::delegate_id.eq(row.id))
            .filter(registrations::status.ne(RegistrationStatus::Cancelled.as_str()))
            .count()
            .get_result(conn)?;
        let roles: i64 = session_speakers::table
            .filter(session_speakers::delegate_id.eq(row.id))
            .count()
            .get_result(conn)?;
        let endorsed: i64 = endorsements::table
            .filter(endorsements::delegate_id.eq(row.id))
            .count()
            .get_result(conn)?;
        let signed: i64 = agreement_signatories::table
            .filter(agreement_signatories::delegate_id.eq(row.id))
            .count()
            .get_result(conn)?;
        if places + roles + endorsed + signed > 0 {
            return Err(ApiError::conflict_with(
                format!(
                    "delegate {} has {places} registration(s), {roles} speaking role(s), \
                     {endorsed} endorsement(s) and {signed} signature(s) on agreements; \
                     remove those first",
                    row.id
                ),
                "references",
                serde_json::json!({
                    "registrations": places, "speaking_roles": roles,
                    "endorsements": endorsed, "signatures": signed,
                }),
            ));
        }
        diesel::delete(registrations::table.filter(registrations::delegate_id.eq(row.id)))
            .execute(conn)?;
        diesel::update(delegations::table.filter(delegations::head_delegate_id.eq(row.id)))
            .set((
                delegations::head_delegate_id.eq(None::<i64>),
                delegations::version.eq(delegations::version + 1),
            ))
            .execute(conn)?;
        diesel::update(users::table.filter(users::delegate_id.eq(row.id)))
            .set(users::delegate_id.eq(None::<i64>))
            .execute(conn)?;
        diesel::delete(delegates::table.find(row.id)).execute(conn)?;
        Ok(())
    }

    /// The record as an input, so a partial update can be merged and validated whole.
    pub fn as_input(&self) -> Result<CreateDelegate, ApiError> {
        Ok(CreateDelegate {
            delegation_id: self.delegation_id,
            given_name: self.given_name.clone(),
            family_name: Some(self.family_name.clone()).filter(|name| !name.is_empty()),
            honorific: self.honorific.clone(),
            title: self.title.clone(),
            role: DelegateRole::parse(&self.role)?,
            email: self.email.clone(),
            phone: self.phone.clone(),
            languages: serde_json::from_str(&self.languages)?,
            interpretation_needs: serde_json::from_str(&self.interpretation_needs)?,
            dietary_needs: self.dietary_needs.clone(),
            accessibility_needs: self.accessibility_needs.clone(),
            arrival_at: self.arrival_at.map(|t| t.and_utc()),
            departure_at: self.departure_at.map(|t| t.and_utc()),
            hotel: self.hotel.clone(),
            bio: Some(LangMap::from_json(&self.bio)?).filter(|bio| !bio.0.is_empty()),
            photo_url: self.photo_url.clone(),
            consent_public_profile: self.consent_public_profile,
        })
    }
}
