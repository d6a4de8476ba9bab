//! The Harbin 2026 demo programme, 6–8 January: venues, rooms, sessions with speakers,
//! and registrations that fill the small site visits and workshops to a waitlist.

use chrono::{DateTime, TimeZone, Utc};

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::events::Event;
use crate::program::session_types::{SessionKind as K, SessionStatus, SpeakerRole};
use crate::program::{
    self, RoomInput, RoomRow, SessionInput, SessionRow, Setting, SpeakerInput, VenueInput, VenueRow,
};
use crate::values::LangMap;

/// (English, Chinese, address, latitude, longitude, setting)
const VENUES: [(&str, &str, &str, f64, f64, Setting); 6] = [
    (
        "Harbin International Convention and Exhibition Center",
        "哈尔滨国际会展中心",
        "Hongqi Street, Nangang District",
        45.7460,
        126.6930,
        Setting::Indoor,
    ),
    (
        "Harbin Ice-Snow World",
        "哈尔滨冰雪大世界",
        "Songbei District",
        45.7822,
        126.5714,
        Setting::Outdoor,
    ),
    (
        "Central Street",
        "中央大街",
        "Daoli District",
        45.7732,
        126.6176,
        Setting::Outdoor,
    ),
    (
        "Aerospace Museum of Harbin Institute of Technology",
        "哈尔滨工业大学航天馆",
        "Nangang District",
        45.7440,
        126.6270,
        Setting::Indoor,
    ),
    (
        "Harbin Grand Theatre",
        "哈尔滨大剧院",
        "Songbei District",
        45.7976,
        126.5797,
        Setting::Indoor,
    ),
    (
        "Harbin Ice Sculpture Workshop",
        "哈尔滨冰雕工坊",
        "Songbei District",
        45.7810,
        126.5750,
        Setting::Outdoor,
    ),
];

/// (venue index, English, Chinese, capacity, interpretation channels)
const ROOMS: [(usize, &str, &str, i64, &[&str]); 5] = [
    (0, "Main Hall", "主会场", 400, &["en", "zh", "ru", "ko"]),
    (0, "Room A", "A厅", 80, &["en", "zh"]),
    (0, "Room B", "B厅", 80, &["en", "zh"]),
    (0, "Expo Hall 1", "1号展馆", 2000, &[]),
    (4, "Concert Hall", "音乐厅", 1500, &[]),
];

enum Place {
    Room(usize),
    Venue(usize),
}

/// (English, Chinese, kind, theme, day (6–8), local start, local end, place, capacity)
type SessionSeed = (
    &'static str,
    &'static str,
    K,
    Option<&'static str>,
    u32,
    (u32, u32),
    (u32, u32),
    Place,
    Option<i64>,
);

fn sessions() -> Vec<SessionSeed> {
    vec![
        (
            "Opening ceremony",
            "开幕式",
            K::Ceremony,
            None,
            6,
            (9, 0),
            (9, 45),
            Place::Room(0),
            None,
        ),
        (
            "Main Dialogue: cities, ice and snow, and the world",
            "主旨对话：城市、冰雪与世界",
            K::MainDialogue,
            Some("ice-snow-economy"),
            6,
            (10, 0),
            (12, 0),
            Place::Room(0),
            None,
        ),
        (
            "Scenario sharing: sustainable ice-and-snow economy and global cooperation",
            "场景分享：冰雪经济可持续发展与全球合作",
            K::ScenarioSharing,
            Some("ice-snow-economy"),
            6,
            (14, 0),
            (15, 30),
            Place::Room(1),
            None,
        ),
        (
            "Scenario sharing: innovation in urban public governance",
            "场景分享：城市公共治理创新",
            K::ScenarioSharing,
            Some("urban-governance"),
            6,
            (14, 0),
            (15, 30),
            Place::Room(2),
            None,
        ),
        (
            "Scenario sharing: technology-driven ice-and-snow growth",
            "场景分享：科技赋能冰雪经济",
            K::ScenarioSharing,
            Some("ice-snow-technology"),
            7,
            (9, 30),
            (11, 0),
            Place::Room(1),
            None,
        ),
        (
            "Scenario sharing: creating ice-and-snow IP",
            "场景分享：打造冰雪IP",
            K::ScenarioSharing,
            Some("ice-snow-ip"),
            7,
            (9, 30),
            (11, 0),
            Place::Room(2),
            None,
        ),
        (
            "Expo opening: 2026 Harbin International Ice and Snow Economy Expo",
            "2026哈尔滨国际冰雪经济博览会开幕",
            K::ExpoEvent,
            None,
            6,
            (16, 0),
            (17, 0),
            Place::Room(3),
            None,
        ),
        (
            "Site visit: Harbin Ice-Snow World",
            "参观：哈尔滨冰雪大世界",
            K::SiteVisit,
            None,
            6,
            (18, 0),
            (20, 30),
            Place::Venue(1),
            Some(6),
        ),
        (
            "Site visit: Central Street",
            "参观：中央大街",
            K::SiteVisit,
            None,
            7,
            (14, 0),
            (16, 0),
            Place::Venue(2),
            Some(6),
        ),
        (
            "Site visit: HIT Aerospace Museum",
            "参观：哈工大航天馆",
            K::SiteVisit,
            None,
            8,
            (9, 0),
            (11, 0),
            Place::Venue(3),
            Some(5),
        ),
        (
            "Hands-on: making ice sculptures",
            "体验：冰雕制作",
            K::CulturalExperience,
            None,
            7,
            (16, 30),
            (18, 0),
            Place::Venue(5),
            Some(4),
        ),
        (
            "Hands-on: interactive curling",
            "体验：互动冰壶",
            K::CulturalExperience,
            None,
            8,
            (14, 0),
            (15, 30),
            Place::Venue(1),
            Some(4),
        ),
        (
            "Hands-on: intangible cultural heritage crafts",
            "体验：非遗手工艺",
            K::CulturalExperience,
            None,
            8,
            (14, 0),
            (15, 30),
            Place::Room(1),
            Some(6),
        ),
        (
            "Release of the Harbin Initiative for the Global Mayors Dialogue",
            "《全球市长对话哈尔滨倡议》发布仪式",
            K::Ceremony,
            None,
            8,
            (11, 30),
            (12, 15),
            Place::Room(0),
            None,
        ),
        (
            "Symphony: Ode to Civilization",
            "交响乐《文明颂》",
            K::Performance,
            None,
            7,
            (19, 30),
            (21, 30),
            Place::Room(4),
            None,
        ),
    ]
}

fn local(day: u32, (hour, minute): (u32, u32)) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 1, day, hour, minute, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// Loads the programme; `delegates` are the demo delegate ids (in demo order) and
/// `eligible` those registered or accredited.
pub fn seed(
    conn: &mut DbConnection,
    event: &Event,
    delegates: &[i64],
    eligible: &[i64],
) -> Result<(), ApiError> {
    let mut venue_ids = Vec::new();
    for (en, zh, address, latitude, longitude, setting) in VENUES {
        let input = VenueInput {
            name: LangMap::of(&[("en", en), ("zh", zh)]),
            address: Some(address.to_owned()),
            latitude: Some(latitude),
            longitude: Some(longitude),
            setting,
        };
        venue_ids.push(VenueRow::save(conn, event.id, None, &input)?.id);
    }
    let mut room_ids = Vec::new();
    for (venue, en, zh, capacity, channels) in ROOMS {
        let input = RoomInput {
            venue_id: venue_ids[venue],
            name: LangMap::of(&[("en", en), ("zh", zh)]),
            capacity,
            interpretation_channels: channels.iter().map(|c| (*c).to_owned()).collect(),
            accessibility_notes: Some("Step-free access".to_owned()),
        };
        room_ids.push(RoomRow::save(conn, event.id, None, &input)?.id);
    }
    for (index, (en, zh, kind, theme, day, start, end, place, capacity)) in
        sessions().into_iter().enumerate()
    {
        let (room_id, venue_id) = match place {
            Place::Room(room) => (Some(room_ids[room]), None),
            Place::Venue(venue) => (None, Some(venue_ids[venue])),
        };
        let on_stage = matches!(kind, K::MainDialogue | K::ScenarioSharing);
        let speakers = on_stage.then(|| {
            (0..3)
                .map(|n| SpeakerInput {
                    delegate_id: delegates[(index * 5 + n * 7) % delegates.len()],
                    role: if n == 0 {
                        SpeakerRole::Moderator
                    } else {
                        SpeakerRole::Speaker
                    },
                    position: Some(n as i64 + 1),
                })
                .collect()
        });
        let input = SessionInput {
            title: LangMap::of(&[("en", en), ("zh", zh)]),
            description: None,
            kind,
            theme: theme.map(str::to_owned),
            starts_at: local(day, start),
            ends_at: local(day, end),
            room_id,
            venue_id,
            capacity,
            languages: vec!["zh".into(), "en".into()],
            interpretation: if room_id.is_some() {
                vec!["en".into(), "zh".into()]
            } else {
                vec![]
            },
            status: SessionStatus::Published,
            speakers,
        };
        let placement = input.validate(conn, event)?;
        let session_id = SessionRow::save(conn, event.id, None, &input, &placement)?;
        // Small sessions get more sign-ups than places, so they show a waitlist; the
        // large ones get about half of the eligible delegates.
        let sign_ups: Vec<i64> = match capacity {
            Some(capacity) => eligible
                .iter()
                .skip(index % 3)
                .take(capacity as usize + 3)
                .copied()
                .collect(),
            None => eligible
                .iter()
                .skip(index % 2)
                .step_by(2)
                .copied()
                .collect(),
        };
        for delegate in sign_ups {
            match program::register(conn, event.id, session_id, delegate, None, true) {
                Ok(_) | Err(ApiError::Conflict { .. }) => {}
                Err(other) => return Err(other),
            }
        }
    }
    Ok(())
}
