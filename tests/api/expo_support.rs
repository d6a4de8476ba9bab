//! Shared helpers of the expo modules: exhibitors driven to a state, halls, booths,
//! exhibitor accounts.

use gmd_tests::*;

/// A valid exhibitor named `en` in `sectors`.
pub fn exhibitor_body(en: &str, sectors: &[&str]) -> Value {
    json!({
        "name": {"en": en}, "kind": "company", "country": "FI", "sectors": sectors,
        "description": {"en": "Snowmaking for Arctic resorts."},
        "contacts": [{"name": "Aino Virtanen", "email": "aino@snow.example", "phone": "+358 40 000 0000"}],
    })
}

/// A 100 m × 50 m hall open 09:00–18:00 (Harbin time) on 6 and 7 January 2026.
pub fn hall_body() -> Value {
    json!({
        "name": {"en": "Hall A", "zh": "A馆"}, "width": 100.0, "height": 50.0,
        "opening_hours": [
            {"date": "2026-01-06", "opens": "09:00", "closes": "18:00"},
            {"date": "2026-01-07", "opens": "09:00", "closes": "18:00"},
        ],
    })
}

pub fn booth_body(hall_id: i64, code: &str, (x, y, w, h): (f64, f64, f64, f64)) -> Value {
    json!({"hall_id": hall_id, "code": code, "booth_type": "standard", "x": x, "y": y, "w": w, "h": h})
}

pub fn id(value: &Value) -> i64 {
    value["id"].as_i64().expect("an id")
}

/// Creates an exhibitor and applies `actions` to it as the organizer; returns its id.
pub async fn exhibitor(app: &TestApp, scenario: &Scenario, body: &Value, actions: &[&str]) -> i64 {
    let token = app.organizer_token().await;
    let created = app
        .post(&scenario.path("/exhibitors"), Some(&token), body)
        .await
        .expect(201);
    let exhibitor = id(&created);
    for action in actions {
        let path = scenario.path(&format!("/exhibitors/{exhibitor}/application/{action}"));
        app.post(&path, Some(&token), &json!({})).await.expect(200);
    }
    exhibitor
}

/// An approved exhibitor named `en` in `sectors`.
pub async fn approved(app: &TestApp, scenario: &Scenario, en: &str, sectors: &[&str]) -> i64 {
    exhibitor(
        app,
        scenario,
        &exhibitor_body(en, sectors),
        &["review", "approve"],
    )
    .await
}

/// A hall with `tables` meeting tables; returns its id.
pub async fn hall(app: &TestApp, scenario: &Scenario, tables: usize) -> i64 {
    let token = app.organizer_token().await;
    let hall = id(&app
        .post(&scenario.path("/halls"), Some(&token), &hall_body())
        .await
        .expect(201));
    for n in 0..tables {
        let path = scenario.path(&format!("/halls/{hall}/meeting-tables"));
        app.post(&path, Some(&token), &json!({"name": format!("T{}", n + 1)}))
            .await
            .expect(201);
    }
    hall
}

/// A booth in `hall`; returns its id.
pub async fn booth(
    app: &TestApp,
    scenario: &Scenario,
    hall: i64,
    code: &str,
    rect: (f64, f64, f64, f64),
) -> i64 {
    let token = app.organizer_token().await;
    id(&app
        .post(
            &scenario.path("/booths"),
            Some(&token),
            &booth_body(hall, code, rect),
        )
        .await
        .expect(201))
}

/// Assigns `booth` to `exhibitor` as the organizer.
pub async fn assign(app: &TestApp, scenario: &Scenario, booth: i64, exhibitor: i64) -> Reply {
    let token = app.organizer_token().await;
    let path = scenario.path(&format!("/booths/{booth}/assignment"));
    Reply::send(
        app.request(reqwest::Method::PUT, &path, Some(&token))
            .json(&json!({"exhibitor_id": exhibitor})),
    )
    .await
}

/// Signs in as a new exhibitor account of `exhibitor`, created through the API.
pub async fn exhibitor_token(app: &TestApp, scenario: &Scenario, exhibitor: i64) -> String {
    let token = app.organizer_token().await;
    let email = format!(
        "booth-{exhibitor}-{}@test.example",
        &uuid::Uuid::new_v4().simple().to_string()[..6]
    );
    let body = json!({"email": email, "display_name": "Booth", "password": USER_PASSWORD});
    let account = app
        .post(
            &scenario.path(&format!("/exhibitors/{exhibitor}/account")),
            Some(&token),
            &body,
        )
        .await
        .expect(201);
    assert_eq!(account["exhibitor_id"], exhibitor);
    app.login(&email, USER_PASSWORD).await
}

/// RFC 4180 parsing (quoted fields with doubled quotes and line breaks), for the export.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}
