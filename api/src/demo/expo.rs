//! Demo data of the 2026 Harbin International Ice and Snow Economy Expo: about sixty
//! fictional exhibitors (plus the guest cities' tourism boards), two halls with booth
//! grids, most booths assigned, meeting tables, meetings in every state, and one
//! exhibitor account.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::auth::users::NewUser;
use crate::auth::{Caller, Role};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::expo::application::{self, ApplicationAction as A};
use crate::expo::booths::{self, BoothInput};
use crate::expo::exhibitors::{Contact, CreateExhibitor, ExhibitorRow};
use crate::expo::halls::{HallInput, HallRow, OpeningHours};
use crate::expo::meetings::{self, CreateMeeting, MeetingAction, Slot};
use crate::expo::vocabulary::{BoothType, ExhibitorKind, Party, Sector};
use crate::values::{CountryCode, LangMap};

/// The demo exhibitor account: (e-mail, password). README.md lists it too.
pub const EXHIBITOR_ACCOUNT: (&str, &str) = ("exhibitor@gmd.example", "exhibitor-demo-2026");

/// Fictional companies: (English name, country, sectors).
const COMPANIES: [(&str, &str, &[Sector]); 13] = [
    ("Polar Ridge", "CN", &[Sector::Equipment, Sector::Sports]),
    ("Frostline", "FI", &[Sector::Equipment, Sector::Technology]),
    ("Aurora Trails", "CA", &[Sector::Tourism, Sector::Services]),
    (
        "Glacier Forge",
        "DE",
        &[Sector::Construction, Sector::Equipment],
    ),
    (
        "Snowlight Studio",
        "KR",
        &[Sector::CultureIp, Sector::Media],
    ),
    ("Icecraft", "CN", &[Sector::CultureIp, Sector::Tourism]),
    (
        "Northwind Academy",
        "FI",
        &[Sector::Education, Sector::Sports],
    ),
    ("Curling Works", "CA", &[Sector::Sports, Sector::Equipment]),
    (
        "Whiteout Labs",
        "DE",
        &[Sector::Technology, Sector::Services],
    ),
    ("Lanna Frost", "TH", &[Sector::Tourism, Sector::Media]),
    (
        "Palandöken Outdoor",
        "TR",
        &[Sector::Sports, Sector::Tourism],
    ),
    (
        "Olympos Snow",
        "GR",
        &[Sector::Services, Sector::Construction],
    ),
    (
        "Songhua Digital",
        "CN",
        &[Sector::Technology, Sector::Media],
    ),
];

const FORMS: [(&str, ExhibitorKind); 4] = [
    ("Co.", ExhibitorKind::Company),
    ("Group", ExhibitorKind::Company),
    ("Institute", ExhibitorKind::Institution),
    ("Association", ExhibitorKind::Association),
];

fn harbin(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 1, day, hour, minute, 0)
        .single()
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

fn hall_input(en: &str, zh: &str, width: f64, height: f64) -> HallInput {
    HallInput {
        name: LangMap::of(&[("en", en), ("zh", zh)]),
        width,
        height,
        opening_hours: (6..=8)
            .map(|day| OpeningHours {
                date: format!("2026-01-0{day}"),
                opens: "09:00".into(),
                closes: "18:00".into(),
            })
            .collect(),
    }
}

/// Seeds the expo of `event_id`; `cities` are the demo cities (Harbin first), `delegates`
/// the demo delegates.
pub fn seed(
    conn: &mut DbConnection,
    event_id: i64,
    cities: &[(i64, String, String)],
    delegates: &[i64],
) -> Result<(), ApiError> {
    let mut exhibitors = Vec::new();
    for (n, form) in FORMS.iter().enumerate() {
        for (m, (stem, country, sectors)) in COMPANIES.iter().enumerate() {
            let en = format!("{stem} {}", form.0);
            let input = CreateExhibitor {
                name: LangMap::of(&[("en", &en)]),
                kind: form.1,
                country: CountryCode((*country).into()),
                city_id: None,
                sectors: sectors.to_vec(),
                description: Some(LangMap::of(&[(
                    "en",
                    "Fictional demo exhibitor of the Ice and Snow Economy Expo.",
                )])),
                website: Some(format!(
                    "https://{}.example",
                    stem.to_lowercase().replace([' ', 'ö'], "-")
                )),
                logo_url: None,
                contacts: vec![Contact {
                    name: format!("Demo Contact {}", n * COMPANIES.len() + m + 1),
                    email: Some(format!(
                        "contact{}@expo.example",
                        n * COMPANIES.len() + m + 1
                    )),
                    phone: None,
                    role: Some("Sales".into()),
                }],
            };
            exhibitors.push(ExhibitorRow::insert(conn, event_id, &input.validate()?)?.id);
        }
    }
    for (city_id, en, country) in cities {
        let input = CreateExhibitor {
            name: LangMap::of(&[("en", &format!("Visit {en}"))]),
            kind: ExhibitorKind::City,
            country: CountryCode(country.clone()),
            city_id: Some(*city_id),
            sectors: vec![Sector::Tourism, Sector::CultureIp],
            description: Some(LangMap::of(&[("en", "The city's tourism board (demo).")])),
            website: None,
            logo_url: None,
            contacts: Vec::new(),
        };
        exhibitors.push(ExhibitorRow::insert(conn, event_id, &input.validate()?)?.id);
    }
    // Most are approved; a few in every other state.
    for (n, id) in exhibitors.iter().enumerate() {
        let actions: &[A] = match n % 15 {
            1 => &[],
            2 => &[A::Review],
            3 => &[A::Review, A::Reject],
            4 => &[A::Withdraw],
            _ => &[A::Review, A::Approve],
        };
        for action in actions {
            application::apply(conn, event_id, *id, *action)?;
        }
    }
    let approved: Vec<i64> = exhibitors
        .iter()
        .enumerate()
        .filter(|(n, _)| !(1..=4).contains(&(n % 15)))
        .map(|(_, id)| *id)
        .collect();
    let halls = [
        HallRow::insert(
            conn,
            event_id,
            &hall_input("Hall A — Ice", "A馆·冰", 120.0, 60.0),
        )?
        .id,
        HallRow::insert(
            conn,
            event_id,
            &hall_input("Hall B — Snow", "B馆·雪", 90.0, 60.0),
        )?
        .id,
    ];
    let mut booth_ids = Vec::new();
    for (h, hall_id) in halls.iter().enumerate() {
        let prefix = if h == 0 { "A" } else { "B" };
        // Rows of 6 m × 3 m booths along aisles, corners at the row ends.
        for row in 0..4 {
            for col in 0..8 {
                let booth_type = if col == 0 || col == 7 {
                    BoothType::Corner
                } else {
                    BoothType::Standard
                };
                let input = BoothInput {
                    hall_id: *hall_id,
                    code: format!("{prefix}-{}{:02}", row + 1, col + 1),
                    booth_type,
                    x: 6.0 + f64::from(col) * 6.0,
                    y: 6.0 + f64::from(row) * 12.0,
                    w: 6.0,
                    h: 3.0,
                };
                booth_ids.push(booths::place(conn, event_id, None, &input)?.id);
            }
        }
        let island = BoothInput {
            hall_id: *hall_id,
            code: format!("{prefix}-ISLAND"),
            booth_type: BoothType::Island,
            x: 60.0,
            y: 6.0,
            w: 12.0,
            h: 12.0,
        };
        booth_ids.push(booths::place(conn, event_id, None, &island)?.id);
        for table in 1..=4 {
            insert_table(conn, event_id, *hall_id, &format!("{prefix}-T{table}"))?;
        }
    }
    for (booth, exhibitor) in booth_ids
        .iter()
        .zip(approved.iter().cycle())
        .take(booth_ids.len() * 4 / 5)
    {
        booths::assign(conn, event_id, *booth, *exhibitor)?;
    }
    let account = NewUser::new(
        EXHIBITOR_ACCOUNT.0,
        "Polar Ridge booth",
        EXHIBITOR_ACCOUNT.1,
        Role::Exhibitor,
        None,
    )?
    .for_exhibitor(approved[0]);
    account.insert(conn)?;
    seed_meetings(conn, event_id, &approved, delegates)
}

fn insert_table(
    conn: &mut DbConnection,
    event_id: i64,
    hall_id: i64,
    name: &str,
) -> Result<(), ApiError> {
    use crate::db::schema::meeting_tables as t;
    use diesel::prelude::*;
    let at = crate::db::now();
    diesel::insert_into(t::table)
        .values((
            t::event_id.eq(event_id),
            t::hall_id.eq(hall_id),
            t::name.eq(name),
            t::created_at.eq(at),
            t::updated_at.eq(at),
            t::version.eq(1_i64),
        ))
        .execute(conn)?;
    Ok(())
}

/// Meetings in every state: requested, accepted, declined and cancelled.
fn seed_meetings(
    conn: &mut DbConnection,
    event_id: i64,
    exhibitors: &[i64],
    delegates: &[i64],
) -> Result<(), ApiError> {
    let staff = Caller {
        user_id: 0,
        role: Role::Admin,
        delegate_id: None,
        exhibitor_id: None,
        token: None,
    };
    for n in 0..12 {
        let starts = harbin(6 + (n % 3) as u32, 10 + (n / 3) as u32, 0);
        let input = CreateMeeting {
            delegate_id: delegates[n % delegates.len()],
            exhibitor_id: exhibitors[n + 1],
            slots: vec![
                Slot {
                    starts_at: starts,
                    ends_at: starts + Duration::minutes(30),
                },
                Slot {
                    starts_at: starts + Duration::hours(4),
                    ends_at: starts + Duration::hours(4) + Duration::minutes(30),
                },
            ],
            message: Some("Demo meeting request".into()),
            hall_id: None,
        };
        let meeting = meetings::request(conn, event_id, Party::Delegate, &input)?;
        let steps: &[MeetingAction] = match n % 4 {
            0 => &[],
            1 => &[MeetingAction::Accept],
            2 => &[MeetingAction::Decline],
            _ => &[MeetingAction::Accept, MeetingAction::Cancel],
        };
        for step in steps {
            if *step != MeetingAction::Accept {
                meetings::act(conn, event_id, meeting.id, &staff, *step, None)?;
                continue;
            }
            // The delegate may sit in a session at the first slot: take the first free one.
            let free = input.slots.iter().any(|slot| {
                meetings::act(
                    conn,
                    event_id,
                    meeting.id,
                    &staff,
                    *step,
                    Some(slot.starts_at),
                )
                .is_ok()
            });
            if !free {
                break;
            }
        }
    }
    Ok(())
}
