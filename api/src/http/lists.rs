//! Pagination, sorting, search and change feeds: the list conventions of every resource.

use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::conditional;
use super::encoded::EncodedBody;
use super::fragments::Items;
use crate::error::ApiError;

/// The most items one page may hold.
pub const MAX_PER_PAGE: i64 = 100;
/// The highest page number.
pub const MAX_PAGE: i64 = 1_000_000;
/// The most characters of `q` (and of any other list parameter's value).
pub const MAX_Q_CHARS: usize = 200;
pub(super) const DEFAULT_PER_PAGE: i64 = 25;

/// The query parameters every list takes besides `sort` and its own filters; read only
/// through the query-cost guard ([`super::query_guard::ListQuery`]).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// The page, from 1.
    #[param(minimum = 1, maximum = 1000000, example = 1)]
    pub page: Option<i64>,
    /// Items per page, 1 to 100 (default 25).
    #[param(minimum = 1, maximum = 100, example = 25)]
    pub per_page: Option<i64>,
    /// Case-insensitive search in names.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Only items changed at or after this instant (RFC 3339), for partner sync.
    #[param(value_type = Option<String>, format = DateTime, example = "2026-01-01T00:00:00Z")]
    pub updated_since: Option<DateTime<Utc>>,
}

/// A list request that passed the query-cost guard: only the guard can make one, and
/// [`Page::new`] needs one, so no list answers without the guard's checks.
// `#[non_exhaustive]` would not stop this crate's own modules from making one.
#[allow(clippy::manual_non_exhaustive)]
#[derive(Debug, Clone)]
pub struct ListRequest {
    pub page: i64,
    pub per_page: i64,
    /// At most [`super::query_guard::MAX_SORT_KEYS`] distinct fields of the resource's
    /// allowlist.
    pub sort: Vec<SortKey>,
    /// Lower-cased search text, if any.
    pub q: Option<String>,
    pub updated_since: Option<NaiveDateTime>,
    /// Private: a `ListRequest` is made by the guard only.
    pub(super) _guarded: (),
}

/// One key of `sort`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub field: String,
    pub descending: bool,
}

impl ListRequest {
    /// Rows to skip for this page.
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// The normalised form in which names are stored for search and queries are matched:
/// full Unicode lower case, so `ΡΟΒΑΝΙΈΜΙ` finds `Ροβανιέμι` on both backends.
pub fn search_key(text: &str) -> String {
    text.to_lowercase()
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// The page number, from 1.
    #[schema(example = 1)]
    pub page: i64,
    #[schema(example = 25)]
    pub per_page: i64,
    /// How many items match the filters over all pages.
    #[schema(example = 1)]
    pub total: i64,
}

/// What a list handler loads: something that renders as one page of a list (the response
/// cache keeps the rendering).
pub trait ToPage {
    fn to_page(&self, req: &HttpRequest) -> Result<RenderedPage, ApiError>;
}

impl<T: ToSchema + Serialize> ToPage for Page<T> {
    fn to_page(&self, req: &HttpRequest) -> Result<RenderedPage, ApiError> {
        self.render(req)
    }
}

impl ToPage for RenderedItems {
    fn to_page(&self, req: &HttpRequest) -> Result<RenderedPage, ApiError> {
        self.render(req)
    }
}

impl<T: ToSchema + Serialize> Page<T> {
    pub fn new(items: Vec<T>, request: &ListRequest, total: i64) -> Self {
        Self {
            items,
            page: request.page,
            per_page: request.per_page,
            total,
        }
    }

    /// Serialises the page once, with its ETag and `Link` header.
    pub fn render(&self, req: &HttpRequest) -> Result<RenderedPage, ApiError> {
        let body = serde_json::to_vec(self)
            .map_err(|e| ApiError::Internal(format!("cannot serialise a page: {e}")))?;
        let etag = conditional::content_etag(&body);
        Ok(RenderedPage::page(
            req,
            body,
            (self.page, self.per_page, self.total),
            etag,
        ))
    }
}

/// A page whose items are JSON already (`super::fragments`): the same document as a
/// [`Page`] of them, whose ETag is made from the rows' versions, not from its bytes.
#[derive(Debug)]
pub struct RenderedItems {
    pub items: Items,
    page: i64,
    per_page: i64,
    total: i64,
}

impl RenderedItems {
    pub fn new(items: Items, request: &ListRequest, total: i64) -> Self {
        Self {
            items,
            page: request.page,
            per_page: request.per_page,
            total,
        }
    }

    /// Puts the page together, with its ETag and `Link` header.
    pub fn render(&self, req: &HttpRequest) -> Result<RenderedPage, ApiError> {
        let length: usize = self.items.bodies.iter().map(|item| item.len() + 1).sum();
        let mut body = Vec::with_capacity(length + 64);
        body.extend_from_slice(b"{\"items\":[");
        for (n, item) in self.items.bodies.iter().enumerate() {
            if n > 0 {
                body.push(b',');
            }
            body.extend_from_slice(item);
        }
        body.extend_from_slice(
            format!(
                "],\"page\":{},\"per_page\":{},\"total\":{}}}",
                self.page, self.per_page, self.total
            )
            .as_bytes(),
        );
        let version = format!(
            "{} page {} of {} in {}",
            self.items.version, self.page, self.per_page, self.total
        );
        let etag = conditional::content_etag(version.as_bytes());
        Ok(RenderedPage::page(
            req,
            body,
            (self.page, self.per_page, self.total),
            etag,
        ))
    }
}

/// A page ready to send (and to keep in the response cache).
#[derive(Debug, Clone)]
pub struct RenderedPage {
    etag: String,
    link: Option<String>,
    body: EncodedBody,
}

impl RenderedPage {
    /// A page's body, with its ETag and its `Link` header.
    fn page(
        req: &HttpRequest,
        body: Vec<u8>,
        (page, per_page, total): (i64, i64, i64),
        etag: String,
    ) -> Self {
        Self {
            etag,
            link: Some(link_header(req, page, per_page, total)),
            body: EncodedBody::new(body),
        }
    }

    /// A computed JSON document that is not a page (a floor plan): no `Link` header.
    pub fn document<T: Serialize>(value: &T) -> Result<Self, ApiError> {
        let body = serde_json::to_vec(value)
            .map_err(|e| ApiError::Internal(format!("cannot serialise a document: {e}")))?;
        Ok(Self {
            etag: conditional::content_etag(&body),
            link: None,
            body: EncodedBody::new(body),
        })
    }

    /// Bytes held (body forms, ETag and links).
    pub fn size(&self) -> usize {
        self.body.size() + self.etag.len() + self.link.as_ref().map_or(0, String::len)
    }

    /// 200 with `Link` and `ETag`, or 304 when `If-None-Match` names the ETag.
    pub fn respond(&self, req: &HttpRequest) -> HttpResponse {
        if conditional::none_match(req, &self.etag) {
            return conditional::not_modified(&self.etag);
        }
        let mut response = HttpResponse::Ok();
        response
            .insert_header(("ETag", self.etag.clone()))
            .insert_header(("Vary", "Authorization, Accept-Encoding"));
        if let Some(link) = &self.link {
            response.insert_header(("Link", link.clone()));
        }
        let (body, encoding) = self.body.for_request(req);
        if let Some(encoding) = encoding {
            response.insert_header(("Content-Encoding", encoding));
        }
        response.content_type("application/json").body(body)
    }
}

/// RFC 8288 links to the first, previous, next and last pages.
fn link_header(req: &HttpRequest, page: i64, per_page: i64, total: i64) -> String {
    let last = ((total + per_page - 1) / per_page).max(1);
    let others: Vec<(String, String)> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .filter(|(key, _)| key != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let url_for = |target: i64| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &others {
            query.append_pair(key, value);
        }
        query.append_pair("page", &target.to_string());
        format!("<{}?{}>", req.path(), query.finish())
    };
    let mut links = vec![format!("{}; rel=\"first\"", url_for(1))];
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", url_for((page - 1).min(last))));
    }
    if page < last {
        links.push(format!("{}; rel=\"next\"", url_for(page + 1)));
    }
    links.push(format!("{}; rel=\"last\"", url_for(last)));
    links.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::web::Bytes;

    #[derive(Serialize, ToSchema)]
    struct Item {
        id: i64,
        name: String,
    }

    #[test]
    fn a_page_put_together_from_rendered_items_is_the_serialised_page() {
        let req = actix_web::test::TestRequest::get()
            .uri("/api/v1/things?per_page=2&page=3")
            .to_http_request();
        let request = ListRequest {
            page: 3,
            per_page: 2,
            sort: Vec::new(),
            q: None,
            updated_since: None,
            _guarded: (),
        };
        let items = || {
            (1..=2).map(|id| Item {
                id,
                name: format!("thing \"{id}\""),
            })
        };
        let whole = Page::new(items().collect(), &request, 7)
            .render(&req)
            .expect("a page");
        let rendered = |version: &str| Items {
            bodies: items()
                .map(|item| Bytes::from(serde_json::to_vec(&item).expect("json")))
                .collect(),
            version: version.into(),
        };
        let assembled = RenderedItems::new(rendered("thing 1.1 2.1"), &request, 7)
            .render(&req)
            .expect("a page");
        assert_eq!(assembled.body.plain(), whole.body.plain(), "the same bytes");
        assert_eq!(assembled.link, whole.link);
        let moved = RenderedItems::new(rendered("thing 1.1 2.2"), &request, 7).render(&req);
        assert_ne!(
            moved.expect("a page").etag,
            assembled.etag,
            "a version moved"
        );
        let empty = RenderedItems::new(Items::default(), &request, 0).render(&req);
        let serialised = Page::<Item>::new(Vec::new(), &request, 0).render(&req);
        assert_eq!(
            empty.expect("empty").body.plain(),
            serialised.expect("empty").body.plain()
        );
    }
}
