//! `SMTP_URL`, `MAIL_FROM`, `PUBLIC_URL`, `INVITATION_TTL_DAYS`, `MAIL_WORKER`,
//! `MAIL_POLL_MS` and `MAIL_RETRY_BASE_MS`.

use std::time::Duration;

use super::{bounded, parse_bool, ConfigError};
use crate::mail::settings::{transport_of, without_password};
use crate::mail::MailSettings;

/// Reads the mail settings; a bad value names its setting (never the SMTP password).
pub fn mail_settings(get: &impl Fn(&str) -> Option<String>) -> Result<MailSettings, ConfigError> {
    let defaults = MailSettings::default();
    let smtp_url = get("SMTP_URL").map(|url| url.trim().to_owned());
    if let Some(url) = &smtp_url {
        transport_of(url, defaults.timeout).map_err(|why| ConfigError::new("SMTP_URL", why))?;
    }
    let from = match get("MAIL_FROM") {
        None => defaults.from.clone(),
        Some(text) => text.trim().parse().map_err(|e| {
            ConfigError::new(
                "MAIL_FROM",
                format!("`{text}` is not a mailbox such as `GMD <no-reply@example.org>`: {e}"),
            )
        })?,
    };
    let public_url = match get("PUBLIC_URL") {
        None => defaults.public_url.clone(),
        Some(text) => {
            let url = url::Url::parse(text.trim()).map_err(|e| {
                ConfigError::new("PUBLIC_URL", format!("`{text}` is not a URL: {e}"))
            })?;
            if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
                return Err(ConfigError::new(
                    "PUBLIC_URL",
                    format!("`{text}` must be an http(s) address without a query, where the SPA is served"),
                ));
            }
            url.as_str().trim_end_matches('/').to_owned()
        }
    };
    let days = bounded(
        "INVITATION_TTL_DAYS",
        get("INVITATION_TTL_DAYS"),
        7,
        1..=90,
        "days",
    )?;
    let worker = match get("MAIL_WORKER") {
        None => true,
        Some(value) => parse_bool(&value).ok_or_else(|| {
            ConfigError::new("MAIL_WORKER", format!("`{value}` is not true or false"))
        })?,
    };
    let poll = bounded(
        "MAIL_POLL_MS",
        get("MAIL_POLL_MS"),
        1000,
        10..=60_000,
        "milliseconds",
    )?;
    let retry = bounded(
        "MAIL_RETRY_BASE_MS",
        get("MAIL_RETRY_BASE_MS"),
        30_000,
        1..=3_600_000,
        "milliseconds",
    )?;
    if smtp_url.is_none() {
        log::warn!("SMTP_URL is not set: mails are kept in the mail log as held, not sent");
    } else if let Some(url) = &smtp_url {
        log::info!("mail goes through {}", without_password(url));
    }
    Ok(MailSettings {
        smtp_url,
        from,
        public_url,
        invitation_ttl: Duration::from_secs(days * 24 * 3600),
        worker,
        poll: Duration::from_millis(poll),
        retry_base: Duration::from_millis(retry),
        timeout: defaults.timeout,
    })
}

#[cfg(test)]
mod tests {
    use super::mail_settings;

    fn with(pairs: &[(&str, &str)]) -> Result<crate::mail::MailSettings, super::ConfigError> {
        let owned: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        mail_settings(&move |name: &str| {
            owned
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn accepts_the_three_kinds_of_smtp_address() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://user:secret@mail.example:587?tls=required",
            "smtps://user:secret@mail.example",
        ] {
            assert!(with(&[("SMTP_URL", url)]).is_ok(), "{url}");
        }
    }

    #[test]
    fn refuses_bad_values_naming_the_setting_and_never_the_password() {
        let error =
            with(&[("SMTP_URL", "http://user:hunter2hunter2@mail.example")]).expect_err("not smtp");
        assert_eq!(error.setting, "SMTP_URL");
        assert!(!error.message.contains("hunter2"), "{}", error.message);
        assert_eq!(
            with(&[("MAIL_FROM", "not an address")])
                .expect_err("bad")
                .setting,
            "MAIL_FROM"
        );
        assert_eq!(
            with(&[("PUBLIC_URL", "ftp://gmd.example")])
                .expect_err("bad")
                .setting,
            "PUBLIC_URL"
        );
        assert_eq!(
            with(&[("INVITATION_TTL_DAYS", "0")])
                .expect_err("bad")
                .setting,
            "INVITATION_TTL_DAYS"
        );
    }

    #[test]
    fn links_start_with_the_public_address_without_a_trailing_slash() {
        let settings = with(&[("PUBLIC_URL", "https://gmd.example/")]).expect("valid");
        assert_eq!(settings.public_url, "https://gmd.example");
        assert!(settings.smtp_url.is_none());
    }
}
