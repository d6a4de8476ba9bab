//! Demo partnerships and the Harbin Initiative.
//!
//! Harbin–Edmonton and Harbin–Magdeburg are real (see `shared/DOMAIN.md`); their
//! documents carry no signatories because the demo holds no real person's data. Every
//! other pair is sample data and marked `illustrative`, as are its signatories.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::auth::{Caller, Role};
use crate::db::schema::sessions;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::initiatives::endorsements::{self, CreateEndorsement};
use crate::initiatives::lifecycle::InitiativeAction;
use crate::initiatives::model::InitiativeRow;
use crate::partnerships::agreements::{self, AgreementInput, SignatoryInput};
use crate::partnerships::milestones::{self, MilestoneInput};
use crate::partnerships::vocab::{
    AgreementKind, CooperationField as F, MilestoneKind, PartnershipKind as K,
    PartnershipStatus as S,
};
use crate::partnerships::{CreatePartnership, PartnershipRow};
use crate::values::LangMap;

/// Indexes into the demo cities (Harbin first, then the guests in source order).
const HARBIN: usize = 0;
const EDMONTON: usize = 1;
const ROVANIEMI: usize = 2;
const MAGDEBURG: usize = 3;
const CHALANDRI: usize = 4;
const BUCHEON: usize = 5;
const CHIANG_MAI: usize = 6;
const ERZURUM: usize = 7;

type PairSeed = (
    usize,
    usize,
    K,
    S,
    Option<(i32, u32, u32)>,
    &'static [F],
    bool,
    Option<&'static str>,
);

const PAIRS: [PairSeed; 11] = [
    (
        HARBIN, EDMONTON, K::SisterCity, S::Active, Some((1985, 1, 1)),
        &[F::IceSnowEconomy, F::Education, F::Culture, F::Trade], false,
        Some("Sister cities since 1985; the source gives the year only, 1 January stands for it."),
    ),
    (
        HARBIN, MAGDEBURG, K::SisterCity, S::Active, Some((2008, 7, 2)),
        &[F::Trade, F::Technology, F::Culture, F::Education], false,
        Some("Contacts since 2001–2002; the partnership treaty was signed in Magdeburg on 2 July 2008."),
    ),
    (HARBIN, ROVANIEMI, K::FriendshipCity, S::Negotiating, None, &[F::IceSnowEconomy, F::Tourism], true, None),
    (HARBIN, CHIANG_MAI, K::CooperationAgreement, S::Signed, Some((2026, 1, 8)), &[F::Tourism, F::Culture], true, None),
    (HARBIN, ERZURUM, K::CooperationAgreement, S::Proposed, None, &[F::Sports, F::IceSnowEconomy], true, None),
    (EDMONTON, ROVANIEMI, K::FriendshipCity, S::Active, Some((2012, 9, 14)), &[F::IceSnowEconomy, F::Environment], true, None),
    (ROVANIEMI, ERZURUM, K::CooperationAgreement, S::Active, Some((2017, 2, 20)), &[F::Sports, F::Tourism], true, None),
    (BUCHEON, CHIANG_MAI, K::CooperationAgreement, S::Active, Some((2015, 11, 3)), &[F::Culture, F::Technology], true, None),
    (MAGDEBURG, CHALANDRI, K::CooperationAgreement, S::Proposed, None, &[F::Governance], true, None),
    (CHALANDRI, BUCHEON, K::FriendshipCity, S::Suspended, Some((2011, 5, 10)), &[F::Culture, F::Education], true, None),
    (EDMONTON, BUCHEON, K::SisterCity, S::Ended, Some((1998, 6, 1)), &[F::Trade], true, None),
];

/// (partnership index, date, kind, English, Chinese)
type MilestoneSeed = (
    usize,
    (i32, u32, u32),
    MilestoneKind,
    &'static str,
    &'static str,
);

fn date((year, month, day): (i32, u32, u32)) -> Result<NaiveDate, ApiError> {
    NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| ApiError::Internal(format!("bad demo date {year}-{month}-{day}")))
}

fn en_zh(en: &str, zh: &str) -> LangMap {
    LangMap::of(&[("en", en), ("zh", zh)])
}

/// Loads the partnerships, their documents and the initiative. `cities` are the demo
/// city ids, `heads` the head delegate of each guest city (in city order from Edmonton),
/// `organizer` the user recorded as making the changes.
pub fn seed(
    conn: &mut DbConnection,
    event_id: i64,
    cities: &[i64],
    heads: &[i64],
    organizer: i64,
) -> Result<(), ApiError> {
    let mut ids = Vec::new();
    for (a, b, kind, status, established, fields, illustrative, notes) in PAIRS {
        let input = CreatePartnership {
            city_a_id: cities[a],
            city_b_id: cities[b],
            kind,
            status: Some(status),
            established_on: established.map(date).transpose()?,
            fields: fields.to_vec(),
            notes: notes.map(str::to_owned),
            source_url: None,
            illustrative,
        };
        ids.push(PartnershipRow::insert(conn, &input, organizer)?);
    }
    let magdeburg = &ids[1];
    for (title, zh, kind, on, place) in [
        (
            "Memorandum on friendly exchanges (June 2002)",
            "友好交流备忘录（2002年6月）",
            AgreementKind::Memorandum,
            (2002, 6, 1),
            None,
        ),
        (
            "Joint declaration (September 2006)",
            "联合声明（2006年9月）",
            AgreementKind::JointDeclaration,
            (2006, 9, 1),
            None,
        ),
        (
            "Partnership treaty",
            "友好城市关系协议书",
            AgreementKind::Treaty,
            (2008, 7, 2),
            Some(cities[MAGDEBURG]),
        ),
    ] {
        let input = AgreementInput {
            title: en_zh(title, zh),
            kind,
            signed_on: date(on)?,
            signed_at_city_id: place,
            session_id: None,
            signatories: Vec::new(),
        };
        agreements::save(conn, magdeburg, None, &input)?;
    }
    let signing_session: Option<i64> = sessions::table
        .filter(sessions::event_id.eq(event_id))
        .filter(sessions::kind.eq("ceremony"))
        .order(sessions::starts_at.desc())
        .select(sessions::id)
        .first(conn)
        .optional()?;
    let summit_agreement = AgreementInput {
        title: en_zh(
            "Memorandum on tourism and cultural cooperation (sample)",
            "旅游与文化合作备忘录（示例）",
        ),
        kind: AgreementKind::Memorandum,
        signed_on: date((2026, 1, 8))?,
        signed_at_city_id: Some(cities[HARBIN]),
        session_id: signing_session,
        signatories: vec![
            SignatoryInput {
                delegate_id: None,
                name: Some("Wang Lan (fictional)".into()),
                office: Some("Deputy Mayor of Harbin".into()),
                city_id: Some(cities[HARBIN]),
            },
            SignatoryInput {
                delegate_id: Some(heads[CHIANG_MAI - 1]),
                name: None,
                office: Some("Head of the Chiang Mai delegation".into()),
                city_id: None,
            },
        ],
    };
    agreements::save(conn, &ids[3], None, &summit_agreement)?;
    let logs: [MilestoneSeed; 5] = [
        (
            0,
            (2019, 1, 1),
            MilestoneKind::Event,
            "Edmonton at Harbin's partner-city round table (2019)",
            "埃德蒙顿出席哈尔滨友城圆桌会（2019年）",
        ),
        (
            1,
            (2001, 1, 1),
            MilestoneKind::Exchange,
            "First contacts between the two cities (2001–2002)",
            "两市开始接触（2001—2002年）",
        ),
        (
            1,
            (2019, 1, 1),
            MilestoneKind::Event,
            "Magdeburg at Harbin's partner-city round table (2019)",
            "马格德堡出席哈尔滨友城圆桌会（2019年）",
        ),
        (
            0,
            (2026, 1, 6),
            MilestoneKind::Visit,
            "Edmonton delegation at the Global Mayors Dialogue · Harbin",
            "埃德蒙顿代表团出席全球市长对话·哈尔滨",
        ),
        (
            1,
            (2026, 1, 6),
            MilestoneKind::Visit,
            "Magdeburg delegation at the Global Mayors Dialogue · Harbin",
            "马格德堡代表团出席全球市长对话·哈尔滨",
        ),
    ];
    for (pair, on, kind, en, zh) in logs {
        let input = MilestoneInput {
            occurred_on: date(on)?,
            kind,
            description: en_zh(en, zh),
        };
        milestones::save(conn, ids[pair].id, None, &input)?;
    }
    initiative(conn, event_id, heads, organizer)
}

const FIRST_TEXT: (&str, &str) = (
    "Draft for discussion. We, the mayors meeting in Harbin, will learn from one another, \
     deepen cooperation with our sister cities and open our cities to exchange in trade and culture.",
    "讨论稿。我们，相聚哈尔滨的各城市市长，将相互学习，深化与友好城市的合作，推动经贸与人文交流。",
);

const RELEASED_TEXT: (&str, &str) = (
    "Demo text summarising the themes of the Dialogue; not the official document. \
     We, the mayors meeting in Harbin in January 2026, commit to: develop the ice-and-snow \
     economy sustainably and share its paths of cooperation; innovate in urban public \
     governance; let ice-and-snow tourism and culture drive growth; and strengthen the \
     network of sister and friendship cities through regular exchange.",
    "演示文本，概述对话主题，并非正式文件。我们，2026年1月相聚哈尔滨的各城市市长，承诺：可持续发展冰雪经济并分享合作路径；\
     创新城市公共治理；以冰雪旅游和文化带动增长；通过定期交流加强友好城市网络。",
);

/// The Harbin Initiative: two texts, open for endorsement, endorsed by five guest
/// cities, with one endorsement withdrawn on record. Edmonton has not endorsed yet, so
/// the demo delegate account can.
fn initiative(
    conn: &mut DbConnection,
    event_id: i64,
    heads: &[i64],
    organizer: i64,
) -> Result<(), ApiError> {
    let title = en_zh(
        "Harbin Initiative for the Global Mayors Dialogue",
        "全球市长对话哈尔滨倡议",
    );
    let id = InitiativeRow::insert(
        conn,
        event_id,
        &title,
        &en_zh(FIRST_TEXT.0, FIRST_TEXT.1),
        organizer,
    )?;
    let row = InitiativeRow::find(conn, event_id, id, true)?;
    row.add_version(conn, &en_zh(RELEASED_TEXT.0, RELEASED_TEXT.1), organizer)?;
    row.transition(conn, InitiativeAction::Open)?;
    let row = InitiativeRow::find(conn, event_id, id, true)?;
    let caller = Caller {
        user_id: organizer,
        role: Role::Organizer,
        delegate_id: None,
        exhibitor_id: None,
        token: None,
    };
    let today = date((2026, 1, 8))?;
    for (city, statement) in [
        (
            ROVANIEMI,
            Some("Rovaniemi brings its Arctic winter experience."),
        ),
        (
            MAGDEBURG,
            Some("Magdeburg endorses the Initiative with its sister city Harbin."),
        ),
        (CHALANDRI, None),
        (BUCHEON, Some("부천시는 이 이니셔티브를 지지합니다.")),
        (CHIANG_MAI, None),
        (ERZURUM, Some("Erzurum supports winter sports cooperation.")),
    ] {
        let input = CreateEndorsement {
            delegate_id: heads[city - 1],
            city_id: None,
            endorsed_on: Some(today),
            statement: statement.map(str::to_owned),
            version_number: None,
        };
        let endorsement = endorsements::endorse(conn, &row, &input, &caller, today)?;
        if city == ERZURUM {
            endorsements::withdraw(
                conn,
                id,
                endorsement,
                &caller,
                Some("Awaiting the city council's approval (sample)"),
            )?;
        }
    }
    Ok(())
}
