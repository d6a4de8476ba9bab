//! Log output on stderr: env_logger's text lines, or with `LOG_FORMAT=json` one JSON
//! object per line (`ts`, `level`, `target`, `message`, and the record's key-values, such
//! as the access log's `client`, `status`, `route` and `request_id`), for log shippers.

use std::io::Write;

use log::kv::{Key, Value, VisitSource};
use serde_json::{Map, Value as Json};

use crate::config::LogFormat;

/// Installs the logger (`RUST_LOG` filters, default `info`).
pub fn init(format: LogFormat) {
    let mut builder =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"));
    if format == LogFormat::Json {
        builder.format(|out, record| {
            let line = json_line(record);
            writeln!(out, "{line}")
        });
    }
    // A second init (tests) keeps the first logger.
    let _ = builder.try_init();
}

/// One record as a JSON object.
pub fn json_line(record: &log::Record<'_>) -> Json {
    let mut fields = Map::new();
    let mut collect = Collect(&mut fields);
    let _ = record.key_values().visit(&mut collect);
    // The record's own fields win over key-values of the same name.
    fields.insert(
        "ts".into(),
        Json::from(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    );
    fields.insert("level".into(), Json::from(record.level().as_str()));
    fields.insert("target".into(), Json::from(record.target()));
    fields.insert("message".into(), Json::from(record.args().to_string()));
    Json::Object(fields)
}

struct Collect<'a>(&'a mut Map<String, Json>);

impl<'kvs> VisitSource<'kvs> for Collect<'_> {
    fn visit_pair(&mut self, key: Key<'kvs>, value: Value<'kvs>) -> Result<(), log::kv::Error> {
        let json = if let Some(n) = value.to_u64() {
            Json::from(n)
        } else if let Some(n) = value.to_i64() {
            Json::from(n)
        } else if let Some(x) = value.to_f64() {
            Json::from(x)
        } else if let Some(b) = value.to_bool() {
            Json::from(b)
        } else {
            Json::from(value.to_string())
        };
        self.0.insert(key.as_str().to_owned(), json);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_becomes_one_object_with_its_key_values() {
        let kvs: [(&str, Value<'_>); 3] = [
            ("status", Value::from(503u64)),
            ("client", Value::from("203.0.113.7")),
            ("ms", Value::from(1.5f64)),
        ];
        let line = json_line(
            &log::Record::builder()
                .args(format_args!("GET /x 503"))
                .level(log::Level::Info)
                .target("gmd::access")
                .key_values(&kvs)
                .build(),
        );
        assert_eq!(line["status"], 503);
        assert_eq!(line["client"], "203.0.113.7");
        assert_eq!(line["ms"], 1.5);
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["message"], "GET /x 503");
        assert!(line["ts"].as_str().is_some_and(|ts| ts.ends_with('Z')));
    }
}
