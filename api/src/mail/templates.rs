//! Mail templates: one file per kind and language in `api/templates/mail/`, reviewed like
//! code and built into the binary. A file holds the subject line, the plain-text part and
//! the HTML part, separated by lines of `---`; `{{name}}`-style placeholders are filled in
//! (HTML-escaped in the HTML part).

use crate::error::ApiError;

/// What a mail is about: its template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    Invitation,
    PasswordReset,
    /// A delegate's accreditation was decided (accredited, declined, cancelled).
    Accreditation,
    /// A waitlisted place became confirmed (with an .ics file).
    WaitlistPromotion,
    /// A session the delegate holds a place in moved or changed.
    SessionChanged,
    SessionCancelled,
    /// A B2B meeting was requested of the recipient.
    MeetingRequested,
    /// The other side accepted or declined the recipient's meeting request.
    MeetingAnswered,
}

impl MailKind {
    pub const ALL: [Self; 8] = [
        Self::Invitation,
        Self::PasswordReset,
        Self::Accreditation,
        Self::WaitlistPromotion,
        Self::SessionChanged,
        Self::SessionCancelled,
        Self::MeetingRequested,
        Self::MeetingAnswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::PasswordReset => "password_reset",
            Self::Accreditation => "accreditation",
            Self::WaitlistPromotion => "waitlist_promotion",
            Self::SessionChanged => "session_changed",
            Self::SessionCancelled => "session_cancelled",
            Self::MeetingRequested => "meeting_requested",
            Self::MeetingAnswered => "meeting_answered",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// Every kind's text in every language, `en` first.
const TEMPLATES: &[(MailKind, &str, &str)] = &[
    (
        MailKind::Invitation,
        "en",
        include_str!("../../templates/mail/invitation.en.txt"),
    ),
    (
        MailKind::Invitation,
        "zh",
        include_str!("../../templates/mail/invitation.zh.txt"),
    ),
    (
        MailKind::PasswordReset,
        "en",
        include_str!("../../templates/mail/password_reset.en.txt"),
    ),
    (
        MailKind::PasswordReset,
        "zh",
        include_str!("../../templates/mail/password_reset.zh.txt"),
    ),
    (
        MailKind::Accreditation,
        "en",
        include_str!("../../templates/mail/accreditation.en.txt"),
    ),
    (
        MailKind::Accreditation,
        "zh",
        include_str!("../../templates/mail/accreditation.zh.txt"),
    ),
    (
        MailKind::WaitlistPromotion,
        "en",
        include_str!("../../templates/mail/waitlist_promotion.en.txt"),
    ),
    (
        MailKind::WaitlistPromotion,
        "zh",
        include_str!("../../templates/mail/waitlist_promotion.zh.txt"),
    ),
    (
        MailKind::SessionChanged,
        "en",
        include_str!("../../templates/mail/session_changed.en.txt"),
    ),
    (
        MailKind::SessionChanged,
        "zh",
        include_str!("../../templates/mail/session_changed.zh.txt"),
    ),
    (
        MailKind::SessionCancelled,
        "en",
        include_str!("../../templates/mail/session_cancelled.en.txt"),
    ),
    (
        MailKind::SessionCancelled,
        "zh",
        include_str!("../../templates/mail/session_cancelled.zh.txt"),
    ),
    (
        MailKind::MeetingRequested,
        "en",
        include_str!("../../templates/mail/meeting_requested.en.txt"),
    ),
    (
        MailKind::MeetingRequested,
        "zh",
        include_str!("../../templates/mail/meeting_requested.zh.txt"),
    ),
    (
        MailKind::MeetingAnswered,
        "en",
        include_str!("../../templates/mail/meeting_answered.en.txt"),
    ),
    (
        MailKind::MeetingAnswered,
        "zh",
        include_str!("../../templates/mail/meeting_answered.zh.txt"),
    ),
];

/// A mail ready to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// `kind` in `language` (English when there is no such translation) with `values` filled in.
pub fn render(
    kind: MailKind,
    language: &str,
    values: &[(&str, &str)],
) -> Result<Rendered, ApiError> {
    let source = TEMPLATES
        .iter()
        .find(|(k, lang, _)| *k == kind && *lang == language)
        .or_else(|| TEMPLATES.iter().find(|(k, _, _)| *k == kind))
        .map(|(_, _, source)| *source)
        .ok_or_else(|| ApiError::Internal(format!("no mail template {}", kind.as_str())))?;
    let (subject, text, html) = parts(source).ok_or_else(|| {
        ApiError::Internal(format!("the {} template is malformed", kind.as_str()))
    })?;
    let fill = |part: &str, escape: bool| {
        fill_in(part, values, escape).map_err(|name| {
            ApiError::Internal(format!(
                "the {} template names an unknown value {{{{{name}}}}}",
                kind.as_str()
            ))
        })
    };
    Ok(Rendered {
        subject: fill(subject, false)?,
        text: fill(text, false)?,
        html: fill(html, true)?,
    })
}

/// The subject, text and HTML of a template file.
fn parts(source: &str) -> Option<(&str, &str, &str)> {
    let source = source.strip_prefix("Subject: ")?;
    let mut sections = source.split("\n---\n");
    let (subject, text, html) = (sections.next()?, sections.next()?, sections.next()?);
    if sections.next().is_some() || subject.contains('\n') {
        return None;
    }
    Some((subject.trim(), text, html))
}

/// `part` with each `{{name}}` replaced by its value; `Err(name)` for a name without one.
fn fill_in(part: &str, values: &[(&str, &str)], escape: bool) -> Result<String, String> {
    let mut out = String::with_capacity(part.len());
    let mut rest = part;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or_else(|| "(unclosed)".to_owned())?;
        let name = &after[..end];
        let value = values
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
            .ok_or_else(|| name.to_owned())?;
        if escape {
            out.push_str(&escape_html(value));
        } else {
            out.push_str(value);
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn escape_html(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::{parts, render, MailKind, TEMPLATES};

    const VALUES: &[(&str, &str)] = &[
        ("name", "Zoë <Mayor>"),
        ("link", "https://gmd.example/accept?token=abc&x=1"),
        ("expires", "2026-01-20 09:00"),
        ("event", "Harbin 2026"),
        ("decision", "accredited"),
        ("session", "Main Dialogue"),
        ("when", "2026-01-15 09:00–10:30 (Asia/Shanghai)"),
        ("place", "Harbin Grand Theatre"),
        ("party", "Polar Ridge Co."),
        ("message", "Shall we meet?"),
        ("answer", "accepted"),
    ];

    #[test]
    fn every_template_parses_and_names_only_known_values() {
        for (kind, language, source) in TEMPLATES {
            assert!(parts(source).is_some(), "{} {language}", kind.as_str());
            let mail = render(*kind, language, VALUES).expect("renders");
            assert!(!mail.subject.is_empty());
            assert!(
                mail.text.contains(VALUES[1].1),
                "{} {language}",
                kind.as_str()
            );
            assert!(!mail.text.contains("{{") && !mail.html.contains("{{"));
        }
        for kind in MailKind::ALL {
            for language in ["en", "zh"] {
                assert!(
                    TEMPLATES
                        .iter()
                        .any(|(k, l, _)| *k == kind && l == &language),
                    "{} has no {language} text",
                    kind.as_str()
                );
            }
        }
    }

    #[test]
    fn values_are_escaped_in_html_only() {
        let mail = render(MailKind::Invitation, "en", VALUES).expect("renders");
        assert!(mail.text.contains("Zoë <Mayor>"));
        assert!(mail.html.contains("Zoë &lt;Mayor&gt;"));
        assert!(mail.html.contains("token=abc&amp;x=1"));
        assert!(!mail.html.contains("<Mayor>"));
    }

    #[test]
    fn an_unknown_language_is_written_in_english() {
        let english = render(MailKind::PasswordReset, "en", VALUES).expect("renders");
        assert_eq!(
            render(MailKind::PasswordReset, "fi", VALUES).expect("renders"),
            english
        );
        let chinese = render(MailKind::PasswordReset, "zh", VALUES).expect("renders");
        assert!(chinese.subject.contains("密码"));
    }
}
