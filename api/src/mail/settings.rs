//! Mail settings: `SMTP_URL`, `MAIL_FROM`, `PUBLIC_URL` (where the links in mails point),
//! `INVITATION_TTL_DAYS`, `MAIL_WORKER`, `MAIL_POLL_MS` and `MAIL_RETRY_BASE_MS`.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::SmtpTransport;

/// How mails are sent. Without `SMTP_URL`, mails are kept in the mail log as "held".
#[derive(Clone)]
pub struct MailSettings {
    /// `smtp://` (plain, or `?tls=required` for STARTTLS), `smtps://`, with
    /// `user:password@` for authentication. `None`: no SMTP server.
    pub smtp_url: Option<String>,
    /// The sender of every mail.
    pub from: Mailbox,
    /// The SPA's address, without a trailing slash: links in mails start with it.
    pub public_url: String,
    /// How long an invitation's link works.
    pub invitation_ttl: Duration,
    /// Whether this process runs a mail worker.
    pub worker: bool,
    /// How often an idle worker looks for due mails.
    pub poll: Duration,
    /// The wait before the first retry; it doubles with each failed attempt.
    pub retry_base: Duration,
    /// How long one SMTP exchange may take.
    pub timeout: Duration,
}

/// The sender when `MAIL_FROM` is unset.
pub const DEFAULT_FROM: &str = "Global Mayors Dialogue <no-reply@gmd.example>";
/// How long a password reset's link works.
pub const RESET_TTL: Duration = Duration::from_secs(3600);

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: DEFAULT_FROM
                .parse()
                .expect("the default sender is a valid mailbox"),
            public_url: "http://127.0.0.1:8080".into(),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            worker: true,
            poll: Duration::from_millis(1000),
            retry_base: Duration::from_secs(30),
            timeout: Duration::from_secs(10),
        }
    }
}

impl std::fmt::Debug for MailSettings {
    /// Never shows the SMTP password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("smtp", &self.smtp_url.as_deref().map(without_password))
            .field("from", &self.from.to_string())
            .field("public_url", &self.public_url)
            .field("invitation_ttl", &self.invitation_ttl)
            .field("worker", &self.worker)
            .finish_non_exhaustive()
    }
}

impl MailSettings {
    /// The SMTP transport of `SMTP_URL`, if set.
    pub fn transport(&self) -> Result<Option<SmtpTransport>, String> {
        self.smtp_url
            .as_deref()
            .map(|url| transport_of(url, self.timeout))
            .transpose()
    }

    /// The domain of the sender, which each mail's `Message-ID` is made in.
    pub fn domain(&self) -> &str {
        self.from.email.domain()
    }
}

/// A transport for `url`, or why the URL is refused (never with its password).
pub fn transport_of(url: &str, timeout: Duration) -> Result<SmtpTransport, String> {
    let parsed = url::Url::parse(url)
        .map_err(|e| format!("`{}` is not a URL: {e}", without_password(url)))?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") {
        return Err(format!(
            "`{}` must start with smtp:// or smtps://",
            without_password(url)
        ));
    }
    SmtpTransport::from_url(url)
        .map(|builder| builder.timeout(Some(timeout)).build())
        .map_err(|e| format!("`{}` is refused: {e}", without_password(url)))
}

/// `url` with its password replaced by `***`.
pub fn without_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(not a URL)".into(),
    }
}
