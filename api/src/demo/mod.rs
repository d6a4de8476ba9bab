//! Demo data for the Harbin 2026 edition, loaded into an empty database in demo mode.
//!
//! The cities are real; every delegate is a fictional person (no real office-holder's
//! personal data), spread over every accreditation state. The programme is in
//! `programme.rs`, the partnerships and the Harbin Initiative in `partnerships.rs`.

mod expo;
mod partnerships;
mod programme;

use diesel::prelude::*;

use crate::auth::users::NewUser;
use crate::auth::Role;
use crate::cities::{CityRow, CreateCity, NewCity};
use crate::db::schema::{events, users};
use crate::db::DbConnection;
use crate::delegates::{
    apply_accreditation, AccreditationAction as A, AccreditationStatus, CreateDelegate,
    DelegateRole, DelegateRow,
};
use crate::delegations::{CreateDelegation, DelegationRow};
use crate::error::ApiError;
use crate::events::{
    CreateEvent, EventColumns, EventRow, EventStatus, Organiser, OrganiserRole, Theme,
};
use crate::values::{CountryCode, LangMap, TimeZoneName};

/// The demo accounts: (e-mail, password, role). README.md lists them too.
pub const ACCOUNTS: [(&str, &str, Role); 4] = [
    ("admin@gmd.example", "admin-demo-2026", Role::Admin),
    (
        "organizer@gmd.example",
        "organizer-demo-2026",
        Role::Organizer,
    ),
    ("delegate@gmd.example", "delegate-demo-2026", Role::Delegate),
    (
        "delegate2@gmd.example",
        "delegate2-demo-2026",
        Role::Delegate,
    ),
];

type CitySeed = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
    i64,
    f64,
    f64,
    &'static str,
    Option<&'static str>,
);

/// Harbin first (the host), then the seven guest cities of the source document.
const CITIES: [CitySeed; 8] = [
    (
        &[("en", "Harbin"), ("zh", "哈尔滨")],
        "CN",
        "Heilongjiang",
        10_009_854,
        45.7567,
        126.6424,
        "Asia/Shanghai",
        Some("Q42956"),
    ),
    (
        &[("en", "Edmonton"), ("fr", "Edmonton")],
        "CA",
        "Alberta",
        1_010_899,
        53.5461,
        -113.4938,
        "America/Edmonton",
        Some("Q2096"),
    ),
    (
        &[
            ("en", "Rovaniemi"),
            ("fi", "Rovaniemi"),
            ("se", "Roavvenjárga"),
        ],
        "FI",
        "Lapland",
        65_738,
        66.5039,
        25.7294,
        "Europe/Helsinki",
        None,
    ),
    (
        &[("en", "Magdeburg"), ("de", "Magdeburg")],
        "DE",
        "Saxony-Anhalt",
        240_114,
        52.1205,
        11.6276,
        "Europe/Berlin",
        Some("Q1733"),
    ),
    (
        &[("en", "Chalandri"), ("el", "Χαλάνδρι")],
        "GR",
        "Attica",
        74_192,
        38.0214,
        23.7989,
        "Europe/Athens",
        None,
    ),
    (
        &[("en", "Bucheon"), ("ko", "부천시")],
        "KR",
        "Gyeonggi",
        789_000,
        37.5034,
        126.7660,
        "Asia/Seoul",
        None,
    ),
    (
        &[("en", "Chiang Mai"), ("th", "เชียงใหม่")],
        "TH",
        "Chiang Mai",
        127_240,
        18.7883,
        98.9853,
        "Asia/Bangkok",
        None,
    ),
    (
        &[
            ("en", "Erzurum Metropolitan Municipality"),
            ("tr", "Erzurum Büyükşehir Belediyesi"),
        ],
        "TR",
        "Erzurum",
        762_062,
        39.9043,
        41.2679,
        "Europe/Istanbul",
        None,
    ),
];

/// Fictional delegates per guest city (given name, family name), in CITIES order from 1.
const PEOPLE: [&[(&str, &str)]; 7] = [
    &[
        ("Claire", "Tremblay"),
        ("Jordan", "Whitfield"),
        ("Amrit", "Sandhu"),
        ("Marie", "Gagnon"),
        ("Noah", "Littlechild"),
        ("Grace", "Okafor"),
    ],
    &[
        ("Aino", "Korhonen"),
        ("Mikko", "Laine"),
        ("Sanna", "Heikkinen"),
        ("Elina", "Mäkelä"),
        ("Juho", "Niskanen"),
    ],
    &[
        ("Katrin", "Vogel"),
        ("Jürgen", "Weiß"),
        ("Lena", "Hoffmann"),
        ("Tobias", "Krüger"),
        ("Anja", "Schröder"),
        ("Felix", "Brandt"),
    ],
    &[
        ("Ελένη", "Παπαδοπούλου"),
        ("Γιώργος", "Νικολάου"),
        ("Μαρία", "Κωνσταντίνου"),
        ("Δημήτρης", "Αλεξίου"),
        ("Σοφία", "Γεωργίου"),
    ],
    &[
        ("서연", "김"),
        ("준호", "이"),
        ("지민", "박"),
        ("은지", "최"),
        ("민수", "정"),
        ("하은", "강"),
    ],
    &[
        ("สมชาย", "ใจดี"),
        ("วิภา", "ศรีสุข"),
        ("ณัฐพล", "วงศ์ไทย"),
        ("กมลา", "บุญมา"),
        ("ธนา", "แก้วมณี"),
    ],
    &[
        ("Ayşe", "Yıldız"),
        ("Mehmet", "Çelik"),
        ("Zeynep", "Aydın"),
        ("Emre", "Şahin"),
        ("Elif", "Öztürk"),
        ("Burak", "Kılıç"),
    ],
];

const LANGUAGES: [&str; 7] = ["en", "fi", "de", "el", "ko", "th", "tr"];

/// The accreditation state of the n-th delegate: every state occurs.
const STATES: [AccreditationStatus; 8] = [
    AccreditationStatus::Accredited,
    AccreditationStatus::Registered,
    AccreditationStatus::CheckedIn,
    AccreditationStatus::Invited,
    AccreditationStatus::Accredited,
    AccreditationStatus::Declined,
    AccreditationStatus::Registered,
    AccreditationStatus::Cancelled,
];

fn path_to(state: AccreditationStatus) -> &'static [A] {
    match state {
        AccreditationStatus::Invited => &[],
        AccreditationStatus::Registered => &[A::Register],
        AccreditationStatus::Accredited => &[A::Register, A::Accredit],
        AccreditationStatus::CheckedIn => &[A::Register, A::Accredit, A::CheckIn],
        AccreditationStatus::Declined => &[A::Decline],
        AccreditationStatus::Cancelled => &[A::Register, A::Cancel],
    }
}

/// Loads the demo when there is no event yet. Returns whether it loaded.
pub fn seed_if_empty(conn: &mut DbConnection) -> Result<bool, ApiError> {
    // Replicas starting together: one loads, the others wait for it, then see its events.
    crate::db::exclusively(conn, |conn| {
        let events: i64 = events::table.count().get_result(conn)?;
        if events > 0 {
            return Ok(false);
        }
        conn.transaction(|conn| {
            seed(conn)?;
            crate::changes::close(conn, &crate::changes::Actor::system())
        })?;
        Ok(true)
    })
}

fn seed(conn: &mut DbConnection) -> Result<(), ApiError> {
    let mut city_ids = Vec::new();
    for (name, country, region, population, latitude, longitude, zone, wikidata) in CITIES {
        let input = CreateCity {
            name: LangMap::of(name),
            country: CountryCode(country.into()),
            region: Some(region.into()),
            population: Some(population),
            latitude,
            longitude,
            time_zone: TimeZoneName(zone.into()),
            wikidata_id: wikidata.map(str::to_owned),
        };
        city_ids.push(CityRow::insert(conn, &NewCity::from(&input))?.id);
    }
    let event = EventRow::insert(conn, &EventColumns::try_from(&harbin_2026(city_ids[0]))?)?;
    let mut delegate_ids = Vec::new();
    let mut heads = Vec::new();
    let mut eligible = Vec::new();
    let mut n = 0;
    for (index, people) in PEOPLE.iter().enumerate() {
        let city_id = city_ids[index + 1];
        let delegation = DelegationRow::insert(
            conn,
            event.id,
            &CreateDelegation {
                city_id,
                head_delegate_id: None,
                notes: None,
            },
        )?;
        for (position, (given, family)) in people.iter().enumerate() {
            let row = DelegateRow::insert(
                conn,
                event.id,
                &delegate(delegation.id, index, position, given, family),
            )?;
            let state = STATES[n % STATES.len()];
            if matches!(
                state,
                AccreditationStatus::Registered
                    | AccreditationStatus::Accredited
                    | AccreditationStatus::CheckedIn
            ) {
                eligible.push(row.id);
            }
            for action in path_to(state) {
                let from = AccreditationStatus::parse(
                    &DelegateRow::find(conn, event.id, row.id)?.accreditation_status,
                )?;
                apply_accreditation(conn, row.id, from, *action, None)?;
            }
            if position == 0 {
                heads.push(row.id);
                diesel::update(crate::db::schema::delegations::table.find(delegation.id))
                    .set(crate::db::schema::delegations::head_delegate_id.eq(row.id))
                    .execute(conn)?;
            }
            delegate_ids.push(row.id);
            n += 1;
        }
    }
    let event_id = event.id;
    programme::seed(
        conn,
        &crate::events::Event::try_from(event)?,
        &delegate_ids,
        &eligible,
    )?;
    let guests = CITIES
        .iter()
        .zip(&city_ids)
        .map(|((name, country, ..), id)| {
            (
                *id,
                LangMap::of(name).english().to_owned(),
                (*country).to_owned(),
            )
        })
        .collect::<Vec<_>>();
    expo::seed(conn, event_id, &guests, &delegate_ids)?;
    for (email, password, role) in ACCOUNTS {
        let (display, bound) = match (role, email) {
            (Role::Delegate, "delegate@gmd.example") => ("Claire Tremblay", Some(delegate_ids[0])),
            (Role::Delegate, _) => ("Aino Korhonen", Some(delegate_ids[PEOPLE[0].len()])),
            (Role::Admin, _) => ("Demo Admin", None),
            _ => ("Demo Organizer", None),
        };
        NewUser::new(email, display, password, role, bound)?.insert(conn)?;
    }
    let organizer: i64 = users::table
        .filter(users::email.eq(ACCOUNTS[1].0))
        .select(users::id)
        .first(conn)?;
    partnerships::seed(conn, event_id, &city_ids, &heads, organizer)
}

fn harbin_2026(host_city_id: i64) -> CreateEvent {
    let themes = [
        (
            "ice-snow-economy",
            "Sustainable development of the ice-and-snow economy and paths of global cooperation",
            "冰雪经济可持续发展与全球合作路径",
        ),
        (
            "urban-governance",
            "Innovation in urban public governance",
            "城市公共治理创新",
        ),
        (
            "ice-snow-technology",
            "Technology-driven growth of the ice-and-snow economy",
            "科技赋能冰雪经济发展",
        ),
        ("ice-snow-ip", "Creating ice-and-snow IP", "打造冰雪IP"),
    ];
    let organisers = [
        (
            "State Council Information Office",
            "国务院新闻办公室",
            OrganiserRole::Guide,
        ),
        (
            "Information Office of the Heilongjiang Provincial Government",
            "黑龙江省人民政府新闻办公室",
            OrganiserRole::CoOrganiser,
        ),
        (
            "Harbin Municipal Government",
            "哈尔滨市人民政府",
            OrganiserRole::CoOrganiser,
        ),
    ];
    CreateEvent {
        slug: "harbin-2026".into(),
        name: LangMap::of(&[
            ("en", "Global Mayors Dialogue · Harbin"),
            ("zh", "全球市长对话·哈尔滨"),
        ]),
        starts_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 6).unwrap_or_default(),
        ends_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 8).unwrap_or_default(),
        host_city_id,
        time_zone: TimeZoneName("Asia/Shanghai".into()),
        organisers: organisers
            .iter()
            .map(|(en, zh, role)| Organiser {
                name: LangMap::of(&[("en", en), ("zh", zh)]),
                role: *role,
            })
            .collect(),
        themes: themes
            .iter()
            .map(|(code, en, zh)| Theme {
                code: (*code).into(),
                name: LangMap::of(&[("en", en), ("zh", zh)]),
            })
            .collect(),
        status: EventStatus::Published,
    }
}

fn delegate(
    delegation_id: i64,
    city: usize,
    position: usize,
    given: &str,
    family: &str,
) -> CreateDelegate {
    let role = match position {
        0 if city % 3 == 0 => DelegateRole::Mayor,
        0 if city % 3 == 1 => DelegateRole::DeputyMayor,
        0 => DelegateRole::MayorRepresentative,
        1 | 2 => DelegateRole::Official,
        3 => DelegateRole::Staff,
        _ => DelegateRole::Press,
    };
    let ascii: String = format!("{given}.{family}")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_lowercase();
    let local = if ascii.is_empty() {
        format!("delegate{city}{position}")
    } else {
        ascii
    };
    CreateDelegate {
        delegation_id,
        given_name: given.into(),
        family_name: Some(family.into()),
        honorific: (position == 0).then(|| "H.E.".to_owned()),
        title: Some(format!(
            "{} (fictional demo person)",
            role.as_str().replace('_', " ")
        )),
        role,
        email: Some(format!("{local}@demo.gmd.example")),
        phone: Some(format!("+1 555 01{city}{position}")),
        languages: vec![LANGUAGES[city].to_owned(), "en".to_owned()]
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect(),
        interpretation_needs: if city % 2 == 0 {
            vec!["zh".into()]
        } else {
            vec![]
        },
        dietary_needs: (position % 3 == 1).then(|| "vegetarian".to_owned()),
        accessibility_needs: (position == 4).then(|| "step-free access".to_owned()),
        arrival_at: None,
        departure_at: None,
        hotel: Some("Shangri-La Harbin".into()),
        bio: Some(LangMap::of(&[(
            "en",
            "A fictional delegate in the demo data.",
        )])),
        photo_url: None,
        consent_public_profile: position % 3 != 2,
    }
}
