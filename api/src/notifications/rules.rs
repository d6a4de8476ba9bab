//! The rules: which changes of one transaction are news to whom.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

use super::preferences::Category;
use super::recipients::{self, Recipient};
use crate::changes::{Action, Actor, Change};
use crate::db::schema::{events, exhibitors, meetings, registrations, rooms, sessions, venues};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::mail::outbox::{self, Attachment, NewMail};
use crate::mail::templates::Rendered;
use crate::mail::MailKind;
use crate::program::ical::{self, CalendarEvent};

/// Queues the notifications `changes` call for, in the caller's transaction; `actor` made
/// the changes.
pub fn notify(conn: &mut DbConnection, actor: &Actor, changes: &[Change]) -> Result<(), ApiError> {
    let by = actor.user_id;
    for change in changes {
        match (change.table.as_str(), change.action) {
            ("delegates", Action::Updated) => accreditation(conn, by, change)?,
            ("registrations", Action::Updated) => promotion(conn, by, change)?,
            ("sessions", Action::Updated) => session(conn, by, change)?,
            ("meetings", Action::Created) => meeting_requested(conn, by, change)?,
            ("meetings", Action::Updated) => meeting_answered(conn, by, change)?,
            _ => {}
        }
    }
    Ok(())
}

fn value<'a>(state: Option<&'a serde_json::Map<String, Value>>, key: &str) -> Option<&'a Value> {
    state.and_then(|state| state.get(key))
}

fn changed(change: &Change, key: &str) -> bool {
    value(change.before.as_ref(), key) != value(change.after.as_ref(), key)
}

fn text<'a>(state: Option<&'a serde_json::Map<String, Value>>, key: &str) -> &'a str {
    value(state, key)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// One notification to `recipient`, unless they turned its category off.
fn queue(
    conn: &mut DbConnection,
    by: Option<i64>,
    kind: MailKind,
    category: Option<Category>,
    recipient: &Recipient,
    values: Value,
    attachment: Option<Attachment>,
) -> Result<(), ApiError> {
    if !recipient.takes(category) {
        return Ok(());
    }
    let mut values = values;
    values["name"] = json!(recipient.name);
    outbox::enqueue(
        conn,
        &NewMail {
            kind,
            recipient: &recipient.email,
            user_id: recipient.user_id,
            language: &recipient.language,
            content: Rendered {
                subject: String::new(),
                text: String::new(),
                html: String::new(),
            },
            secret: false,
            created_by: by,
            values: Some(values),
            attachment,
        },
        None,
    )?;
    Ok(())
}

/// The text of a stored multilingual value (`{"en": …, "zh": …}`) in `language`, else in
/// English; a plain string as it is.
fn in_language(stored: &str, language: &str) -> String {
    match serde_json::from_str::<serde_json::Map<String, Value>>(stored) {
        Ok(texts) => texts
            .get(language)
            .or_else(|| texts.get("en"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        Err(_) => stored.to_owned(),
    }
}

/// A word of the mail in its language.
fn word(key: &str, language: &str) -> String {
    let zh = language == "zh";
    match (key, zh) {
        ("accredited", false) => "accredited",
        ("accredited", true) => "已通过",
        ("declined", false) => "declined",
        ("declined", true) => "未获通过",
        ("cancelled", false) => "cancelled",
        ("cancelled", true) => "已取消",
        ("accepted", false) => "accepted",
        ("accepted", true) => "已接受",
        (other, _) => other,
    }
    .to_owned()
}

fn accreditation(
    conn: &mut DbConnection,
    by: Option<i64>,
    change: &Change,
) -> Result<(), ApiError> {
    let status = text(change.after.as_ref(), "accreditation_status");
    if !changed(change, "accreditation_status")
        || !["accredited", "declined", "cancelled"].contains(&status)
    {
        return Ok(());
    }
    let Some(recipient) = recipients::delegate(conn, change.row_id)? else {
        return Ok(());
    };
    use crate::db::schema::delegates;
    let event: String = events::table
        .inner_join(delegates::table.on(delegates::event_id.eq(events::id)))
        .filter(delegates::id.eq(change.row_id))
        .select(events::name)
        .first(conn)?;
    let language = recipient.language.clone();
    queue(
        conn,
        by,
        MailKind::Accreditation,
        None,
        &recipient,
        json!({
            "event": in_language(&event, &language),
            "decision": word(status, &language),
            "path": "/me",
        }),
        None,
    )
}

/// A session as a mail shows it.
struct SessionFacts {
    id: i64,
    title: String,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    sequence: i64,
    status: String,
    room: Option<String>,
    venue: Option<String>,
    zone: String,
    slug: String,
}

fn session_facts(conn: &mut DbConnection, id: i64) -> Result<SessionFacts, ApiError> {
    type Row = (
        i64,
        String,
        NaiveDateTime,
        NaiveDateTime,
        NaiveDateTime,
        i64,
        String,
        Option<i64>,
        Option<i64>,
        String,
        String,
    );
    let row: Row = sessions::table
        .inner_join(events::table.on(events::id.eq(sessions::event_id)))
        .filter(sessions::id.eq(id))
        .select((
            sessions::id,
            sessions::title,
            sessions::starts_at,
            sessions::ends_at,
            sessions::updated_at,
            sessions::sequence,
            sessions::status,
            sessions::room_id,
            sessions::venue_id,
            events::time_zone,
            events::slug,
        ))
        .first(conn)?;
    let (
        id,
        title,
        starts_at,
        ends_at,
        updated_at,
        sequence,
        status,
        room_id,
        venue_id,
        zone,
        slug,
    ) = row;
    let room = room_id
        .map(|room| {
            rooms::table
                .find(room)
                .select(rooms::name)
                .first::<String>(conn)
        })
        .transpose()?;
    let venue_of_room = room_id
        .map(|room| {
            rooms::table
                .inner_join(venues::table)
                .filter(rooms::id.eq(room))
                .select(venues::name)
                .first::<String>(conn)
        })
        .transpose()?;
    let venue = match venue_of_room {
        Some(name) => Some(name),
        None => venue_id
            .map(|venue| {
                venues::table
                    .find(venue)
                    .select(venues::name)
                    .first::<String>(conn)
            })
            .transpose()?,
    };
    Ok(SessionFacts {
        id,
        title,
        starts_at,
        ends_at,
        updated_at,
        sequence,
        status,
        room,
        venue,
        zone,
        slug,
    })
}

impl SessionFacts {
    fn zone(&self) -> chrono_tz::Tz {
        self.zone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// When it takes place, in the event's time zone.
    fn when(&self) -> String {
        let zone = self.zone();
        let starts = self.starts_at.and_utc().with_timezone(&zone);
        let ends = self.ends_at.and_utc().with_timezone(&zone);
        format!(
            "{} {}–{} ({})",
            starts.format("%Y-%m-%d"),
            starts.format("%H:%M"),
            ends.format("%H:%M"),
            self.zone
        )
    }

    fn place(&self, language: &str) -> String {
        [&self.room, &self.venue]
            .into_iter()
            .flatten()
            .map(|name| in_language(name, language))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn values(&self, language: &str) -> Value {
        json!({
            "session": in_language(&self.title, language),
            "when": self.when(),
            "place": self.place(language),
            "path": format!("/programme/{}", self.id),
        })
    }

    /// The session as a calendar file (the same UID as the agenda feed's).
    fn ics(&self, language: &str) -> Attachment {
        let event = CalendarEvent {
            uid: format!("session-{}@{}.gmd", self.id, self.slug),
            sequence: self.sequence,
            starts_at: self.starts_at.and_utc(),
            ends_at: self.ends_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
            summary: in_language(&self.title, language),
            description: None,
            location: Some(self.place(language)).filter(|place| !place.is_empty()),
            cancelled: self.status == "cancelled",
            tentative: false,
            categories: "SESSION".into(),
        };
        Attachment {
            name: format!("session-{}.ics", self.id),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            body: ical::calendar(&in_language(&self.title, language), self.zone(), &[event]),
        }
    }
}

fn promotion(conn: &mut DbConnection, by: Option<i64>, change: &Change) -> Result<(), ApiError> {
    let promoted = text(change.before.as_ref(), "status") == "waitlisted"
        && text(change.after.as_ref(), "status") == "confirmed";
    if !promoted {
        return Ok(());
    }
    let (session_id, delegate_id): (i64, i64) = registrations::table
        .find(change.row_id)
        .select((registrations::session_id, registrations::delegate_id))
        .first(conn)?;
    let Some(recipient) = recipients::delegate(conn, delegate_id)? else {
        return Ok(());
    };
    let facts = session_facts(conn, session_id)?;
    let language = recipient.language.clone();
    queue(
        conn,
        by,
        MailKind::WaitlistPromotion,
        Some(Category::Waitlist),
        &recipient,
        facts.values(&language),
        Some(facts.ics(&language)),
    )
}

/// The columns whose change is news to the people holding a place.
const NEWS: &[&str] = &["title", "starts_at", "ends_at", "room_id", "venue_id"];

fn session(conn: &mut DbConnection, by: Option<i64>, change: &Change) -> Result<(), ApiError> {
    let status = text(change.after.as_ref(), "status");
    let kind = if changed(change, "status") && status == "cancelled" {
        MailKind::SessionCancelled
    } else if status != "cancelled" && NEWS.iter().any(|key| changed(change, key)) {
        MailKind::SessionChanged
    } else {
        return Ok(());
    };
    let holders: Vec<i64> = registrations::table
        .filter(registrations::session_id.eq(change.row_id))
        .filter(registrations::status.eq("confirmed"))
        .order(registrations::id)
        .select(registrations::delegate_id)
        .load(conn)?;
    if holders.is_empty() {
        return Ok(());
    }
    let facts = session_facts(conn, change.row_id)?;
    for delegate_id in holders {
        if let Some(recipient) = recipients::delegate(conn, delegate_id)? {
            let language = recipient.language.clone();
            let attachment = (kind == MailKind::SessionChanged).then(|| facts.ics(&language));
            queue(
                conn,
                by,
                kind,
                Some(Category::Sessions),
                &recipient,
                facts.values(&language),
                attachment,
            )?;
        }
    }
    Ok(())
}

/// A meeting as its mails need it.
struct MeetingFacts {
    delegate_id: i64,
    exhibitor_id: i64,
    requested_by: String,
    /// The exhibitor's name as stored (multilingual).
    exhibitor: String,
    message: Option<String>,
    starts_at: Option<NaiveDateTime>,
}

fn meeting_facts(conn: &mut DbConnection, id: i64) -> Result<MeetingFacts, ApiError> {
    let (delegate_id, exhibitor_id, requested_by, message, starts_at) = meetings::table
        .find(id)
        .select((
            meetings::delegate_id,
            meetings::exhibitor_id,
            meetings::requested_by,
            meetings::message,
            meetings::starts_at,
        ))
        .first::<(i64, i64, String, Option<String>, Option<NaiveDateTime>)>(conn)?;
    let exhibitor: String = exhibitors::table
        .find(exhibitor_id)
        .select(exhibitors::name)
        .first(conn)?;
    Ok(MeetingFacts {
        delegate_id,
        exhibitor_id,
        requested_by,
        exhibitor,
        message,
        starts_at,
    })
}

fn delegate_name(conn: &mut DbConnection, id: i64) -> Result<String, ApiError> {
    use crate::db::schema::delegates;
    let (given, family): (String, String) = delegates::table
        .find(id)
        .select((delegates::given_name, delegates::family_name))
        .first(conn)?;
    Ok(format!("{given} {family}").trim().to_owned())
}

fn meeting_requested(
    conn: &mut DbConnection,
    by: Option<i64>,
    change: &Change,
) -> Result<(), ApiError> {
    let MeetingFacts {
        delegate_id,
        exhibitor_id,
        requested_by,
        exhibitor,
        message,
        ..
    } = meeting_facts(conn, change.row_id)?;
    let message = message.unwrap_or_default();
    if requested_by == "delegate" {
        let party = delegate_name(conn, delegate_id)?;
        for recipient in recipients::exhibitor(conn, exhibitor_id)? {
            let values = json!({"party": party, "message": message, "path": "/exhibitor"});
            queue(
                conn,
                by,
                MailKind::MeetingRequested,
                Some(Category::Meetings),
                &recipient,
                values,
                None,
            )?;
        }
    } else if let Some(recipient) = recipients::delegate(conn, delegate_id)? {
        let party = in_language(&exhibitor, &recipient.language);
        let values = json!({"party": party, "message": message, "path": "/me/meetings"});
        queue(
            conn,
            by,
            MailKind::MeetingRequested,
            Some(Category::Meetings),
            &recipient,
            values,
            None,
        )?;
    }
    Ok(())
}

fn meeting_answered(
    conn: &mut DbConnection,
    by: Option<i64>,
    change: &Change,
) -> Result<(), ApiError> {
    let answer = text(change.after.as_ref(), "status");
    let answered = text(change.before.as_ref(), "status") == "requested"
        && ["accepted", "declined"].contains(&answer);
    if !answered {
        return Ok(());
    }
    let MeetingFacts {
        delegate_id,
        exhibitor_id,
        requested_by,
        exhibitor,
        starts_at,
        ..
    } = meeting_facts(conn, change.row_id)?;
    let when = starts_at
        .map(|at| format!("{} UTC", at.format("%Y-%m-%d %H:%M")))
        .unwrap_or_default();
    if requested_by == "delegate" {
        if let Some(recipient) = recipients::delegate(conn, delegate_id)? {
            let values = json!({
                "party": in_language(&exhibitor, &recipient.language),
                "answer": word(answer, &recipient.language),
                "when": when, "path": "/me/meetings",
            });
            queue(
                conn,
                by,
                MailKind::MeetingAnswered,
                Some(Category::Meetings),
                &recipient,
                values,
                None,
            )?;
        }
    } else {
        let party = delegate_name(conn, delegate_id)?;
        for recipient in recipients::exhibitor(conn, exhibitor_id)? {
            let values = json!({
                "party": party, "answer": word(answer, &recipient.language),
                "when": when, "path": "/exhibitor",
            });
            queue(
                conn,
                by,
                MailKind::MeetingAnswered,
                Some(Category::Meetings),
                &recipient,
                values,
                None,
            )?;
        }
    }
    Ok(())
}
