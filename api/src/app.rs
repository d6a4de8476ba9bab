//! Builds the application: routes, shared state, middleware, Swagger UI. Used by the
//! binary and by every test, so both serve exactly the same thing.

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App};
use utoipa::openapi::OpenApi;
use utoipa_actix_web::service_config::ServiceConfig;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::tokens::TokenKeys;
use crate::config::ServerSettings;
use crate::db::{self, DbPool};
use crate::error::problem_details;
use crate::health::{Lifecycle, MetricsToken};
use crate::http::cache::ResponseCache;
use crate::http::client_address::TrustedProxies;
use crate::mail::{MailRuntime, MailSettings};
use crate::partner_access::{Operations, RateLimiter, RateLimits};
use crate::partnerships::GraphCache;
use crate::request_id::assign_request_id;
use crate::routing::{unmatched, Frontend, RouteTable};
use crate::webhooks::{WebhookRuntime, WebhookSettings};
use crate::{
    audit, auth, changes, cities, delegates, delegations, events, expo, health, http, initiatives,
    mail, notifications, openapi, partner_access, partnerships, people, program, webhooks,
};

/// What every handler may ask for, created once per process and shared by the workers.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub keys: web::Data<TokenKeys>,
    /// Live sessions, remembered until the next committed write.
    pub sessions: web::Data<auth::SessionCache>,
    pub cache: web::Data<ResponseCache>,
    pub graph: web::Data<GraphCache>,
    /// Rate limits per API token and client address (off unless configured).
    pub limiter: web::Data<RateLimiter>,
    pub cors_origins: Vec<String>,
    /// The built SPA (its `index.html` answers every client route), if any.
    pub frontend: Option<Frontend>,
    /// Webhook settings, shared with this process's delivery worker (which stops when the
    /// last copy of the state is dropped).
    pub webhooks: std::sync::Arc<WebhookRuntime>,
    /// Mail settings, shared with this process's mail worker (which stops with the state).
    pub mail: std::sync::Arc<MailRuntime>,
    /// Serving, or draining before a stop (readiness answers 503).
    pub lifecycle: web::Data<Lifecycle>,
    /// The proxies whose forwarding headers name the client (`TRUSTED_PROXIES`).
    pub trusted_proxies: web::Data<TrustedProxies>,
    /// The bearer token `/metrics` asks for (`METRICS_TOKEN`), if any.
    pub metrics_token: web::Data<MetricsToken>,
}

impl AppState {
    pub fn new(pool: DbPool, jwt_secret: &[u8], cors_origins: Vec<String>) -> Self {
        Self {
            keys: web::Data::new(TokenKeys::new(jwt_secret)),
            sessions: web::Data::new(auth::SessionCache::default()),
            cache: web::Data::new(ResponseCache::default()),
            graph: web::Data::new(GraphCache::default()),
            limiter: web::Data::new(RateLimiter::default()),
            cors_origins,
            frontend: None,
            webhooks: std::sync::Arc::new(WebhookRuntime {
                pool: pool.clone(),
                settings: WebhookSettings::default(),
            }),
            mail: std::sync::Arc::new(MailRuntime {
                pool: pool.clone(),
                settings: MailSettings::default(),
            }),
            lifecycle: web::Data::new(Lifecycle::default()),
            trusted_proxies: web::Data::new(TrustedProxies::default()),
            metrics_token: web::Data::new(MetricsToken::default()),
            pool,
        }
    }

    /// Applies the serving settings the application itself follows (`TRUSTED_PROXIES`,
    /// `METRICS_TOKEN`).
    pub fn with_server_settings(mut self, settings: &ServerSettings) -> Self {
        self.trusted_proxies = web::Data::new(settings.trusted_proxies.clone());
        self.metrics_token = web::Data::new(MetricsToken(settings.metrics_token.clone()));
        self
    }

    /// Applies rate limits (`RATE_LIMIT_PER_MINUTE`, `RATE_LIMIT_TOKEN_PER_MINUTE`).
    pub fn with_rate_limits(mut self, limits: RateLimits) -> Self {
        self.limiter = web::Data::new(RateLimiter::new(limits));
        self
    }

    /// Delivers webhooks with `settings` (allowlist, retry base, worker on or off).
    pub fn with_webhooks(mut self, settings: WebhookSettings) -> Self {
        self.webhooks = std::sync::Arc::new(WebhookRuntime {
            pool: self.pool.clone(),
            settings,
        });
        self
    }

    /// Sends mail with `settings` (SMTP server, sender, links, worker on or off).
    pub fn with_mail(mut self, settings: MailSettings) -> Self {
        self.mail = std::sync::Arc::new(MailRuntime {
            pool: self.pool.clone(),
            settings,
        });
        self
    }

    /// Keeps at most `bytes` of rendered pages (`RESPONSE_CACHE_MB`; 0: none).
    pub fn with_response_cache(mut self, bytes: usize) -> Self {
        self.cache = web::Data::new(ResponseCache::with_budget(bytes));
        self
    }

    /// Serves the SPA built in `dir` at `/`, when `dir/index.html` exists.
    pub fn with_frontend(mut self, dir: &std::path::Path) -> Self {
        self.frontend = dir
            .join("index.html")
            .is_file()
            .then(|| Frontend(dir.to_path_buf()));
        self
    }
}

/// Every documented route: `/api/v1/…`, the health probes and the metrics.
fn register(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1")
            .service(auth::handlers::login)
            .service(auth::handlers::refresh)
            .service(auth::handlers::logout)
            .service(auth::handlers::me)
            .service(auth::two_factor_handlers::set_up_two_factor)
            .service(auth::two_factor_handlers::enable_two_factor)
            .service(auth::two_factor_handlers::disable_two_factor)
            .service(notifications::preferences::get_my_notifications)
            .service(notifications::preferences::update_my_notifications)
            .configure(people::routes)
            .configure(mail::routes)
            .configure(events::routes)
            .configure(cities::routes)
            .configure(delegations::routes)
            .configure(delegates::routes)
            .configure(program::routes)
            .configure(partnerships::routes)
            .configure(initiatives::routes)
            .configure(expo::routes)
            .configure(partner_access::routes)
            .configure(webhooks::routes)
            .configure(audit::routes)
            .service(changes::tombstones::list_tombstones),
    )
    .service(health::live)
    .service(health::ready)
    .service(health::metrics);
}

/// The OpenAPI document of exactly the routes the application serves.
pub fn openapi_document() -> OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(openapi::base())
        .configure(register)
        .split_for_parts();
    openapi::finish(api)
}

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([
            "authorization",
            "content-type",
            "if-match",
            "if-none-match",
            "idempotency-key",
            "x-request-id",
        ])
        .expose_headers([
            "etag",
            "location",
            "link",
            "x-request-id",
            "retry-after",
            "ratelimit-limit",
            "ratelimit-remaining",
            "ratelimit-reset",
            "idempotent-replayed",
        ])
        .max_age(3600);
    for origin in origins {
        cors = if origin == "*" {
            cors.allow_any_origin()
        } else {
            cors.allowed_origin(origin)
        };
    }
    cors
}

/// The application for one worker.
pub fn build(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(openapi::base())
        .app_data(web::Data::new(state.pool.clone()))
        .app_data(state.keys.clone())
        .app_data(state.sessions.clone())
        .app_data(state.cache.clone())
        .app_data(state.graph.clone())
        .app_data(state.limiter.clone())
        .app_data(state.lifecycle.clone())
        .app_data(state.trusted_proxies.clone())
        .app_data(state.metrics_token.clone())
        .app_data(web::Data::new(state.webhooks.settings.clone()))
        .app_data(web::Data::new(state.mail.settings.clone()))
        .app_data(http::input::query_config())
        .app_data(http::input::path_config())
        .configure(register)
        .split_for_parts();
    let api = openapi::finish(api);
    let routes = web::Data::new(RouteTable::from_openapi(&api, state.frontend.clone()));
    let operations = web::Data::new(Operations::from_openapi(&api));
    let docs = SwaggerUi::new("/docs/{_:.*}").url("/api-docs/openapi.json", api);
    app.service(docs.config(http::security_headers::swagger_ui_config()))
        .service(web::redirect("/docs", "/docs/"))
        .app_data(routes)
        .app_data(operations)
        .default_service(web::to(unmatched))
        .wrap(from_fn(partner_access::guard))
        .wrap(from_fn(db::lanes::scope))
        .wrap(from_fn(changes::actor::scope))
        .wrap(from_fn(problem_details))
        .wrap(Compress::default())
        .wrap(cors(&state.cors_origins))
        .wrap(from_fn(http::input::drop_nul_from_query))
        .wrap(from_fn(assign_request_id))
        .wrap(from_fn(http::security_headers::security_headers))
        .wrap(from_fn(http::access_log::access_log))
}
