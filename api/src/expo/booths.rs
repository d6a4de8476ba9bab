//! Booths: a rectangle inside a hall that overlaps no other booth of the hall, and the
//! exhibitor holding it.
//!
//! Geometry is checked under the hall's row lock, so two overlapping booths created at
//! once cannot both pass. Assignment is one conditional update
//! (`… SET exhibitor_id = ? WHERE id = ? AND exhibitor_id IS NULL`) under the exhibitor's
//! row lock: of many parallel assignments of one booth exactly one changes the row.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::exhibitors::ExhibitorRow;
use super::halls::HallRow;
use super::vocabulary::{ApplicationStatus, BoothType};
use crate::db::schema::booths;
use crate::db::{lock_row, now, DbConnection, Ordering};
use crate::error::ApiError;
use crate::http::query_guard::ListFilter;
use crate::values::Checks;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = booths)]
pub struct BoothRow {
    pub id: i64,
    pub hall_id: i64,
    pub code: String,
    pub booth_type: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub exhibitor_id: Option<i64>,
    pub assigned_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A booth. Coordinates are metres from the hall's top-left corner.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": 12, "hall_id": 1, "code": "A-12", "booth_type": "corner", "x": 12.0, "y": 6.0,
    "w": 6.0, "h": 3.0, "area_m2": 18.0, "exhibitor_id": 3, "assigned_at": "2026-01-02T08:00:00Z",
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-02T08:00:00Z", "version": 2
}))]
pub struct Booth {
    pub id: i64,
    pub hall_id: i64,
    pub code: String,
    pub booth_type: BoothType,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// `w × h`.
    pub area_m2: f64,
    pub exhibitor_id: Option<i64>,
    pub assigned_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// A booth, replaced as a whole (the holder is changed through its assignment).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"hall_id": 1, "code": "A-12", "booth_type": "corner", "x": 12.0, "y": 6.0, "w": 6.0, "h": 3.0}))]
pub struct BoothInput {
    pub hall_id: i64,
    #[schema(min_length = 1, max_length = 20)]
    pub code: String,
    pub booth_type: BoothType,
    #[schema(minimum = 0.0)]
    pub x: f64,
    #[schema(minimum = 0.0)]
    pub y: f64,
    #[schema(exclusive_minimum = 0.0)]
    pub w: f64,
    #[schema(exclusive_minimum = 0.0)]
    pub h: f64,
}

/// Who should hold a booth.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"exhibitor_id": 3}))]
pub struct AssignBooth {
    pub exhibitor_id: i64,
}

/// Filters of the booth list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BoothFilter {
    pub hall_id: Option<i64>,
    pub exhibitor_id: Option<i64>,
    /// `true`: only free booths; `false`: only held ones.
    pub free: Option<bool>,
}

impl ListFilter for BoothFilter {
    const SORTABLE: &'static [&'static str] = &["id", "code"];
}

impl BoothRow {
    pub fn represent(&self) -> Result<Booth, ApiError> {
        Ok(Booth {
            id: self.id,
            hall_id: self.hall_id,
            code: self.code.clone(),
            booth_type: BoothType::parse(&self.booth_type)?,
            x: self.x,
            y: self.y,
            w: self.w,
            h: self.h,
            area_m2: self.w * self.h,
            exhibitor_id: self.exhibitor_id,
            assigned_at: self.assigned_at.map(|t| t.and_utc()),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            version: self.version,
        })
    }

    pub fn find(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<Self, ApiError> {
        booths::table
            .filter(booths::event_id.eq(event_id))
            .filter(booths::id.eq(id))
            .select(BoothRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::NotFound(format!("no booth {id} at this event")))
    }

    pub fn of_hall(conn: &mut DbConnection, hall_id: i64) -> QueryResult<Vec<Self>> {
        booths::table
            .filter(booths::hall_id.eq(hall_id))
            .order(booths::code.asc())
            .select(BoothRow::as_select())
            .load(conn)
    }

    pub fn list(
        conn: &mut DbConnection,
        event_id: i64,
        filter: &BoothFilter,
        list: &crate::http::lists::ListRequest,
    ) -> QueryResult<(Vec<Self>, i64)> {
        let query = || {
            let mut query = booths::table
                .filter(booths::event_id.eq(event_id))
                .into_boxed();
            if let Some(hall) = filter.hall_id {
                query = query.filter(booths::hall_id.eq(hall));
            }
            if let Some(exhibitor) = filter.exhibitor_id {
                query = query.filter(booths::exhibitor_id.eq(exhibitor));
            }
            match filter.free {
                Some(true) => query = query.filter(booths::exhibitor_id.is_null()),
                Some(false) => query = query.filter(booths::exhibitor_id.is_not_null()),
                None => {}
            }
            if let Some(q) = &list.q {
                query = query.filter(
                    booths::code
                        .like(crate::db::search::contains_pattern(q))
                        .escape('\\'),
                );
            }
            if let Some(since) = list.updated_since {
                query = query.filter(booths::updated_at.ge(since));
            }
            query
        };
        let total = query().count().get_result(conn)?;
        let mut order = Ordering::default();
        for key in &list.sort {
            order = match key.field.as_str() {
                "code" => order.by(booths::code, key.descending),
                _ => order.by(booths::id, key.descending),
            };
        }
        let rows = query()
            .order(order.by(booths::id, false))
            .limit(list.per_page)
            .offset(list.offset())
            .select(BoothRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    }
}

/// Whether two rectangles share area (touching edges do not).
fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Validates `input` against its hall and the other booths, then stores it (`id`: the
/// booth being replaced). Locks the hall, so concurrent placements are checked in turn.
pub fn place(
    conn: &mut DbConnection,
    event_id: i64,
    id: Option<i64>,
    input: &BoothInput,
) -> Result<BoothRow, ApiError> {
    let mut checks = Checks::default();
    checks.text(Some(&input.code), "code", 20);
    for (field, side) in [("w", input.w), ("h", input.h)] {
        checks.check(
            side > 0.0 && side.is_finite(),
            field,
            "must be more than 0 metres",
        );
    }
    for (field, at) in [("x", input.x), ("y", input.y)] {
        checks.check(
            at >= 0.0 && at.is_finite(),
            field,
            "must be 0 or more metres",
        );
    }
    checks.finish(|| ())?;
    lock_row(conn, "halls", input.hall_id)?;
    let hall = HallRow::find(conn, event_id, input.hall_id).map_err(|_| {
        ApiError::invalid(
            "hall_id",
            format!("no hall {} at this event", input.hall_id),
        )
    })?;
    let mut checks = Checks::default();
    checks.check(
        input.x + input.w <= hall.width,
        "x",
        &format!(
            "the booth must lie inside the hall: x + w may be at most {}",
            hall.width
        ),
    );
    checks.check(
        input.y + input.h <= hall.height,
        "y",
        &format!(
            "the booth must lie inside the hall: y + h may be at most {}",
            hall.height
        ),
    );
    checks.finish(|| ())?;
    let code = input.code.trim();
    let others = BoothRow::of_hall(conn, hall.id)?;
    if let Some(same) = others.iter().find(|b| b.code == code && Some(b.id) != id) {
        return Err(ApiError::conflict_with(
            format!("hall {} already has a booth {code}", hall.id),
            "existing_id",
            same.id.into(),
        ));
    }
    let rect = (input.x, input.y, input.w, input.h);
    if let Some(other) = others
        .iter()
        .find(|b| Some(b.id) != id && overlaps(rect, (b.x, b.y, b.w, b.h)))
    {
        return Err(ApiError::Conflict {
            detail: format!(
                "the booth would overlap booth {} ({} m × {} m at {}, {})",
                other.code, other.w, other.h, other.x, other.y
            ),
            extensions: [
                ("conflicting_booth_id".to_owned(), other.id.into()),
                (
                    "conflicting_booth_code".to_owned(),
                    other.code.clone().into(),
                ),
            ]
            .into(),
        });
    }
    let at = now();
    let columns = (
        booths::hall_id.eq(hall.id),
        booths::code.eq(code),
        booths::booth_type.eq(input.booth_type.as_str()),
        booths::x.eq(input.x),
        booths::y.eq(input.y),
        booths::w.eq(input.w),
        booths::h.eq(input.h),
        booths::updated_at.eq(at),
    );
    let id = match id {
        Some(id) => {
            diesel::update(booths::table.find(id))
                .set((columns, booths::version.eq(booths::version + 1)))
                .execute(conn)?;
            id
        }
        None => diesel::insert_into(booths::table)
            .values((
                columns,
                booths::event_id.eq(event_id),
                booths::created_at.eq(at),
                booths::version.eq(1_i64),
            ))
            .returning(booths::id)
            .get_result(conn)?,
    };
    BoothRow::find(conn, event_id, id)
}

/// Gives booth `id` to an approved exhibitor. Assigning it again to its holder is a no-op;
/// a booth held by another is a 409 naming the holder.
pub fn assign(
    conn: &mut DbConnection,
    event_id: i64,
    id: i64,
    exhibitor_id: i64,
) -> Result<BoothRow, ApiError> {
    lock_row(conn, "exhibitors", exhibitor_id)?;
    let exhibitor = ExhibitorRow::find(conn, event_id, exhibitor_id).map_err(|_| {
        ApiError::invalid(
            "exhibitor_id",
            format!("no exhibitor {exhibitor_id} at this event"),
        )
    })?;
    let status = exhibitor.status()?;
    if status != ApplicationStatus::Approved {
        return Err(ApiError::conflict_with(
            format!(
                "only approved exhibitors hold booths; exhibitor {exhibitor_id} is {}",
                status.as_str()
            ),
            "exhibitor_status",
            status.as_str().into(),
        ));
    }
    let at = now();
    let changed = diesel::update(
        booths::table
            .filter(booths::id.eq(id))
            .filter(booths::event_id.eq(event_id))
            .filter(booths::exhibitor_id.is_null()),
    )
    .set((
        booths::exhibitor_id.eq(exhibitor_id),
        booths::assigned_at.eq(at),
        booths::updated_at.eq(at),
        booths::version.eq(booths::version + 1),
    ))
    .execute(conn)?;
    let booth = BoothRow::find(conn, event_id, id)?;
    match booth.exhibitor_id {
        Some(holder) if changed == 0 && holder != exhibitor_id => Err(ApiError::conflict_with(
            format!(
                "booth {} is already held by exhibitor {holder}; release it first",
                booth.code
            ),
            "holder_exhibitor_id",
            holder.into(),
        )),
        _ => Ok(booth),
    }
}

/// Frees booth `id` (a free booth stays free).
pub fn release(conn: &mut DbConnection, event_id: i64, id: i64) -> Result<BoothRow, ApiError> {
    lock_row(conn, "booths", id)?;
    let booth = BoothRow::find(conn, event_id, id)?;
    if booth.exhibitor_id.is_some() {
        diesel::update(booths::table.find(id))
            .set((
                booths::exhibitor_id.eq(None::<i64>),
                booths::assigned_at.eq(None::<NaiveDateTime>),
                booths::updated_at.eq(now()),
                booths::version.eq(booths::version + 1),
            ))
            .execute(conn)?;
    }
    BoothRow::find(conn, event_id, id)
}

#[cfg(test)]
mod tests {
    use super::overlaps;

    #[test]
    fn touching_edges_do_not_overlap() {
        assert!(!overlaps((0.0, 0.0, 3.0, 3.0), (3.0, 0.0, 3.0, 3.0)));
        assert!(!overlaps((0.0, 0.0, 3.0, 3.0), (0.0, 3.0, 3.0, 3.0)));
        assert!(overlaps((0.0, 0.0, 3.0, 3.0), (2.9, 2.9, 3.0, 3.0)));
        assert!(overlaps((0.0, 0.0, 9.0, 9.0), (3.0, 3.0, 1.0, 1.0)));
    }
}
