//! The harness of the black-box API suite: every test gets its own database (a temporary
//! SQLite file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set), a server
//! on a free port, two staff accounts and a small HTTP client that reads whole replies.
//!
//! [`both_backends!`] runs one test body on both backends.
#![allow(clippy::unwrap_used)]

pub mod database;
mod fixtures;
mod partners;
mod proxy;
mod receiver;
mod reply;
mod smtp;
pub mod spec;
pub mod tokens;

use std::net::TcpListener;
use std::time::Duration;

use gmd_api::auth::users::NewUser;
use gmd_api::auth::Role;
use gmd_api::db::{DbPool, PoolOptions};
use reqwest::Method;
use tokio::sync::OnceCell;

pub use database::TestDatabase;
pub use fixtures::{city_body, delegate_body, event_body, Scenario};
pub use partners::every_scope;
pub use proxy::DbProxy;
pub use receiver::{Received, Receiver};
pub use reply::Reply;
pub use serde_json::{json, Value};
pub use smtp::{ReceivedMail, SmtpSink};

/// The secret the test servers sign tokens with (tests forge tokens with it too).
pub const JWT_SECRET: &[u8] = b"gmd-test-suite-secret-0123456789-abcdefghijklmnop";
pub const ADMIN_EMAIL: &str = "admin@test.example";
pub const ADMIN_PASSWORD: &str = "admin-password-2026";
pub const ORGANIZER_EMAIL: &str = "organizer@test.example";
pub const ORGANIZER_PASSWORD: &str = "organizer-password-2026";
/// The password of every account made by [`TestApp::create_user`].
pub const USER_PASSWORD: &str = "user-password-2026";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How to start an app; the defaults suit almost every test.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub pool: PoolOptions,
    /// Put a [`DbProxy`] between the app and PostgreSQL (ignored on SQLite).
    pub proxy: bool,
    /// Rate limits; off by default, so that no other test meets them.
    pub rate_limits: gmd_api::partner_access::RateLimits,
    /// Run a webhook delivery worker with these settings; `None` runs none (the default,
    /// so suites that do not test webhooks have no background writer).
    pub webhooks: Option<gmd_api::webhooks::WebhookSettings>,
    /// The response cache's budget in bytes; `None` keeps the default.
    pub cache_bytes: Option<usize>,
    /// Serving settings (`TRUSTED_PROXIES`, `METRICS_TOKEN`); `None` keeps the defaults.
    pub server: Option<gmd_api::config::ServerSettings>,
    /// Mail settings; `None` runs no mail worker (mails stay pending in the outbox).
    pub mail: Option<gmd_api::mail::MailSettings>,
}

/// Webhook settings for tests: the loopback receiver allowed, fast polls and retries.
pub fn test_webhooks() -> gmd_api::webhooks::WebhookSettings {
    gmd_api::webhooks::WebhookSettings {
        allowed_hosts: vec!["127.0.0.1".into()],
        retry_base: Duration::from_millis(50),
        poll: Duration::from_millis(20),
        worker: true,
        extra_roots: Vec::new(),
        retention: Duration::from_secs(30 * 24 * 3600),
    }
}

/// One running server with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    pub client: reqwest::Client,
    pub backend: Backend,
    /// The proxy in front of PostgreSQL, when [`Setup::proxy`] asked for one.
    pub proxy: Option<DbProxy>,
    /// The app's own pool (what its requests run on): its statement count, for example.
    pub app_pool: DbPool,
    admin: OnceCell<String>,
    organizer: OnceCell<String>,
    /// The harness's own connections, straight to the database (never through the proxy);
    /// also what in-process tools (the import CLI's core) are run on.
    pub pool: DbPool,
    /// Declared last: dropped after everything that uses the database.
    pub database: TestDatabase,
}

impl TestApp {
    /// Starts an app; `None` for PostgreSQL when `TEST_DATABASE_URL` is unset.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, Setup::default()).await
    }

    /// Starts an app with non-default pool options or a proxy in front of PostgreSQL.
    pub async fn spawn_with(backend: Backend, setup: Setup) -> Option<TestApp> {
        let database = TestDatabase::create(backend)?;
        let pool = gmd_api::db::connect(
            &database.url,
            &PoolOptions {
                max_size: 2,
                ..PoolOptions::default()
            },
        )
        .expect("the harness connects to the test database");
        gmd_api::db::run_migrations(&mut pool.get().unwrap()).expect("migrations apply");
        for (email, password, role) in [
            (ADMIN_EMAIL, ADMIN_PASSWORD, Role::Admin),
            (ORGANIZER_EMAIL, ORGANIZER_PASSWORD, Role::Organizer),
        ] {
            insert_user(&pool, email, password, role, None);
        }

        let proxy =
            (setup.proxy && backend == Backend::Postgres).then(|| DbProxy::start(&database.url));
        let app_url = proxy
            .as_ref()
            .map_or_else(|| database.url.clone(), |p| p.url_for(&database.url));
        let (address, app_pool) = serve(&app_url, &setup);

        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Some(TestApp {
            address,
            client,
            backend,
            proxy,
            admin: OnceCell::new(),
            organizer: OnceCell::new(),
            app_pool,
            pool,
            database,
        })
    }

    /// Starts a second API process on this app's database (with its own pool and, if
    /// `setup` asks, its own webhook worker) and returns its address.
    pub fn spawn_peer(&self, setup: &Setup) -> String {
        serve(&self.database.url, setup).0
    }

    /// A request builder for `path` (starting with `/`), with a bearer token if given.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let builder = self
            .client
            .request(method, format!("{}{path}", self.address));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    /// The verbs: send a request (JSON body where there is one) and read the whole reply.
    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        Reply::send(self.request(Method::GET, path, token)).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        Reply::send(self.request(Method::POST, path, token).json(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        Reply::send(self.request(Method::PATCH, path, token).json(body)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        Reply::send(self.request(Method::DELETE, path, token)).await
    }

    /// Sends all requests at once and returns their replies in the same order.
    pub async fn concurrently(&self, requests: Vec<reqwest::RequestBuilder>) -> Vec<Reply> {
        let tasks: Vec<_> = requests
            .into_iter()
            .map(|r| tokio::spawn(Reply::send(r)))
            .collect();
        let mut replies = Vec::with_capacity(tasks.len());
        for task in tasks {
            replies.push(task.await.expect("a request task finished"));
        }
        replies
    }

    /// Signs in and returns the whole token pair.
    pub async fn login_pair(&self, email: &str, password: &str) -> Value {
        let body = json!({"email": email, "password": password});
        self.post("/api/v1/auth/login", None, &body)
            .await
            .expect(200)
    }

    /// Signs in and returns the access token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let pair = self.login_pair(email, password).await;
        pair["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned()
    }

    /// The access token of the admin account (signed in once per app).
    pub async fn admin_token(&self) -> String {
        self.admin
            .get_or_init(|| self.login(ADMIN_EMAIL, ADMIN_PASSWORD))
            .await
            .clone()
    }

    /// The access token of the organizer account (signed in once per app).
    pub async fn organizer_token(&self) -> String {
        self.organizer
            .get_or_init(|| self.login(ORGANIZER_EMAIL, ORGANIZER_PASSWORD))
            .await
            .clone()
    }

    /// Creates an account (password [`USER_PASSWORD`]) and returns its e-mail.
    pub fn create_user(&self, role: Role, delegate_id: Option<i64>) -> String {
        let email = format!(
            "{}-{}@test.example",
            role.as_str(),
            uuid::Uuid::new_v4().simple()
        );
        insert_user(&self.pool, &email, USER_PASSWORD, role, delegate_id);
        email
    }

    /// An access token of a new account with `role`, bound to `delegate_id` if given.
    pub async fn token_for(&self, role: Role, delegate_id: Option<i64>) -> String {
        let email = self.create_user(role, delegate_id);
        self.login(&email, USER_PASSWORD).await
    }

    /// An access token of a new account with `role` (bound to `delegate_id` if given) in a
    /// live session, made straight in the database and signed like the API's own: for tests
    /// that need hundreds of callers, where signing each in would spend the test in argon2.
    pub fn session_token(&self, role: Role, delegate_id: Option<i64>) -> String {
        use diesel::RunQueryDsl;
        let email = format!(
            "{}-{}@test.example",
            role.as_str(),
            uuid::Uuid::new_v4().simple()
        );
        let now = chrono::Utc::now().naive_utc();
        let mut conn = self.pool.get().unwrap();
        NewUser {
            email: email.clone(),
            display_name: email.clone(),
            password_hash: "no password: signed in by the harness".into(),
            role: role.as_str().into(),
            delegate_id,
            exhibitor_id: None,
            created_at: now,
            updated_at: now,
            version: 1,
            status: "active".into(),
            language: "en".into(),
        }
        .insert(&mut conn)
        .expect("the account is stored");
        let user_id = gmd_api::auth::users::User::find_by_email(&mut conn, &email)
            .unwrap()
            .expect("the account was stored")
            .id;
        let session = uuid::Uuid::new_v4().to_string();
        diesel::sql_query(
            "INSERT INTO refresh_tokens (user_id, family_id, token_id, expires_at, created_at, \
             updated_at, version) VALUES ($1, $2, $3, $4, $5, $5, 1)",
        )
        .bind::<diesel::sql_types::BigInt, _>(user_id)
        .bind::<diesel::sql_types::Text, _>(&session)
        .bind::<diesel::sql_types::Text, _>(uuid::Uuid::new_v4().to_string())
        .bind::<diesel::sql_types::Timestamp, _>(now + chrono::Duration::days(30))
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .execute(&mut conn)
        .expect("the session is stored");
        let mut claims = tokens::access_claims(user_id, role.as_str());
        claims["delegate_id"] = delegate_id.into();
        claims["sid"] = session.into();
        tokens::sign(&claims, JWT_SECRET, jsonwebtoken::Algorithm::HS256)
    }

    /// An access token of a new delegate account bound to the delegate record `delegate_id`.
    pub async fn delegate_token(&self, delegate_id: i64) -> String {
        self.token_for(Role::Delegate, Some(delegate_id)).await
    }

    /// Stores a partnership between two cities straight into the database: the partnership
    /// API is another domain's, and matchmaking only reads the table.
    pub fn insert_partnership(&self, city_a: i64, city_b: i64, status: &str, fields: &[&str]) {
        use diesel::RunQueryDsl;
        let fields = serde_json::to_string(fields).unwrap();
        diesel::sql_query(
            "INSERT INTO partnerships (city_a_id, city_b_id, pair_low_id, pair_high_id, kind, status, \
             fields, illustrative, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, 'sister_city', $5, $6, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
        )
        .bind::<diesel::sql_types::BigInt, _>(city_a)
        .bind::<diesel::sql_types::BigInt, _>(city_b)
        .bind::<diesel::sql_types::BigInt, _>(city_a.min(city_b))
        .bind::<diesel::sql_types::BigInt, _>(city_a.max(city_b))
        .bind::<diesel::sql_types::Text, _>(status)
        .bind::<diesel::sql_types::Text, _>(fields)
        .execute(&mut *self.pool.get().unwrap())
        .expect("the partnership is stored");
        settle(&self.pool);
    }

    /// Loads the Harbin 2026 demo data into this app's database.
    pub fn seed_demo(&self) {
        let seeded =
            gmd_api::demo::seed_if_empty(&mut self.pool.get().unwrap()).expect("the demo loads");
        assert!(seeded, "the demo data was loaded into an empty database");
        settle(&self.pool);
    }
}

/// Starts a server on `url`'s database and returns its address.
/// Starts an API process on `url`; returns its address and its pool.
fn serve(url: &str, setup: &Setup) -> (String, DbPool) {
    let app_pool = gmd_api::db::connect(url, &setup.pool).expect("the app connects");
    let webhooks = setup
        .webhooks
        .clone()
        .unwrap_or(gmd_api::webhooks::WebhookSettings {
            worker: false,
            ..gmd_api::webhooks::WebhookSettings::default()
        });
    let mut state = gmd_api::app::AppState::new(app_pool.clone(), JWT_SECRET, Vec::new())
        .with_rate_limits(setup.rate_limits)
        .with_webhooks(webhooks);
    state = state.with_mail(setup.mail.clone().unwrap_or(gmd_api::mail::MailSettings {
        worker: false,
        ..gmd_api::mail::MailSettings::default()
    }));
    if let Some(bytes) = setup.cache_bytes {
        state = state.with_response_cache(bytes);
    }
    if let Some(server) = &setup.server {
        state = state.with_server_settings(server);
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let server = gmd_api::server::start(state, listener, 2).expect("the server starts");
    tokio::spawn(server);
    (address, app_pool)
}

fn insert_user(pool: &DbPool, email: &str, password: &str, role: Role, delegate_id: Option<i64>) {
    let user = NewUser::new(email, email, password, role, delegate_id).expect("a valid account");
    user.insert(&mut pool.get().unwrap())
        .expect("the account is stored");
    settle(pool);
}

/// Records what the harness wrote straight into the database (outside the app's write
/// helpers) as the system's, moving the change generations, as `gmd` tools do: cached
/// answers then see it at once.
pub fn settle(pool: &DbPool) {
    gmd_api::db::write_bookkeeping(pool, |_| Ok(())).expect("the harness's writes are recorded");
}

/// Runs one test body on SQLite and on PostgreSQL:
///
/// ```ignore
/// both_backends!(creates_a_city, |app| async move {
///     let token = app.organizer_token().await;
///     // …
/// });
/// ```
///
/// expands to `mod creates_a_city { fn sqlite() …; fn postgres() … }`. The PostgreSQL
/// variant returns early (with a note) when `TEST_DATABASE_URL` is unset.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, |$app:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let $app = $crate::TestApp::spawn($crate::Backend::Sqlite)
                    .await
                    .expect("SQLite is always available");
                $body.await;
            }

            #[actix_web::test]
            async fn postgres() {
                let Some($app) = $crate::TestApp::spawn($crate::Backend::Postgres).await else {
                    return;
                };
                $body.await;
            }
        }
    };
}

/// Like [`both_backends!`], for tests that start their own apps (with their own [`Setup`]):
/// the body gets the [`Backend`]; the PostgreSQL variant returns early when
/// `TEST_DATABASE_URL` is unset.
#[macro_export]
macro_rules! each_backend {
    ($name:ident, |$backend:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let $backend = $crate::Backend::Sqlite;
                $body.await;
            }

            #[actix_web::test]
            async fn postgres() {
                if std::env::var($crate::database::TEST_DATABASE_URL).is_err() {
                    return;
                }
                let $backend = $crate::Backend::Postgres;
                $body.await;
            }
        }
    };
}
