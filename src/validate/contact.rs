//! The contact person: official email domain, Indonesian phone number.

use crate::input::diagnostic::{Code, Diagnostic};
use crate::input::source::Spanned;
use crate::model::request::Contact;
use crate::validate::name::is_hostname;

/// Checks the contact; `email_domain` is the agency's official domain.
pub fn check_contact(
    contact: &Spanned<Contact>,
    email_domain: Option<&str>,
    file: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let email = &contact.email;
    match split_email(email.value.trim()) {
        None => {
            out.push(Diagnostic::error(Code::L060, file, email.span).arg("value", &email.value))
        }
        Some((_, domain)) => {
            if let Some(official) = email_domain
                && !on_domain(domain, official)
            {
                out.push(
                    Diagnostic::error(Code::L061, file, email.span)
                        .arg("domain", official.to_ascii_lowercase())
                        .arg("found", domain.to_ascii_lowercase()),
                );
            }
        }
    }
    if let Some(phone) = &contact.phone
        && !is_indonesian_phone(&phone.value)
    {
        out.push(Diagnostic::error(Code::L062, file, phone.span).arg("value", &phone.value));
    }
    out
}

/// Checks that the contact's email and mobile number are registered
/// contacts of `agency` (`perangkat_daerah[].kontak`): notices go nowhere
/// else, so a request cannot make loket write to a stranger. An email
/// already refused by L060/L061 and a landline (never sent to) are left
/// alone.
pub fn check_registered(
    contact: &Spanned<Contact>,
    agency: &crate::model::config::Agency,
    file: &str,
) -> Vec<Diagnostic> {
    let registered = |address: &str| agency.contacts.iter().any(|c| c.matches(address));
    let mut out = Vec::new();
    let email = &contact.email;
    let usable = split_email(email.value.trim())
        .is_some_and(|(_, domain)| on_domain(domain, agency.email_domain.as_str()));
    if usable && !registered(&email.value) {
        out.push(Diagnostic::error(Code::L063, file, email.span).arg("agency", agency.id.as_str()));
    }
    if let Some(phone) = &contact.phone
        && mobile_number(&phone.value).is_some()
        && !registered(&phone.value)
    {
        out.push(Diagnostic::error(Code::L064, file, phone.span).arg("agency", agency.id.as_str()));
    }
    out
}

/// Splits a plain `local@domain` address; `None` when it is not one.
pub fn split_email(email: &str) -> Option<(&str, &str)> {
    let (local, domain) = email.split_once('@')?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b))
        && !local.starts_with('.')
        && !local.ends_with('.');
    (local_ok && domain.contains('.') && !domain.ends_with('.') && is_hostname(domain))
        .then_some((local, domain))
}

/// Whether `domain` is the agency's official `official` domain or one
/// under it (case-insensitive).
pub fn on_domain(domain: &str, official: &str) -> bool {
    let domain = domain.to_ascii_lowercase();
    let official = official.to_ascii_lowercase();
    domain == official || domain.ends_with(&format!(".{official}"))
}

/// Whether `phone` is an Indonesian number: `+62…`, `62…` or `0…`, 8 to
/// 15 digits in all; spaces, dots, hyphens and brackets are ignored.
pub fn is_indonesian_phone(phone: &str) -> bool {
    national_number(phone).is_some()
}

/// The number without the country code or trunk prefix (`81234567890`),
/// when `phone` is an Indonesian number.
fn national_number(phone: &str) -> Option<String> {
    let compact: String = phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let national = compact
        .strip_prefix("+62")
        .or_else(|| compact.strip_prefix("62"))
        .or_else(|| compact.strip_prefix('0'))?;
    (national.bytes().all(|b| b.is_ascii_digit())
        && !national.starts_with('0')
        && (7..=13).contains(&national.len()))
    .then(|| national.to_string())
}

/// A mobile number (`08…`, `+628…`) in the international form WhatsApp
/// gateways take, digits only: `6281234567890`. `None` for landlines and
/// anything that is not an Indonesian number.
pub fn mobile_number(phone: &str) -> Option<String> {
    national_number(phone)
        .filter(|n| n.starts_with('8'))
        .map(|n| format!("62{n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        for ok in [
            "+62 812 3456 7890",
            "081234567890",
            "0517 31434",
            "(0511) 3350-1234",
            "6281234567",
        ] {
            assert!(is_indonesian_phone(ok), "{ok}");
        }
        for bad in [
            "12345",
            "+1 555 0100",
            "08abc",
            "+62 0812 345",
            "0812345678901234",
        ] {
            assert!(!is_indonesian_phone(bad), "{bad}");
        }
    }

    #[test]
    fn mobile_numbers_for_whatsapp() {
        assert_eq!(
            mobile_number("0812 3456 7890").as_deref(),
            Some("6281234567890")
        );
        assert_eq!(
            mobile_number("+62 812-3456-7890").as_deref(),
            Some("6281234567890")
        );
        assert_eq!(mobile_number("(0511) 3350-1234"), None, "a landline");
        assert_eq!(mobile_number("+1 555 0100"), None);
    }

    #[test]
    fn emails() {
        assert_eq!(
            split_email("tik@disdik.tapinkab.go.id"),
            Some(("tik", "disdik.tapinkab.go.id"))
        );
        for bad in ["tik", "@x.id", "a@b", "a b@x.id", "a@x..id"] {
            assert_eq!(split_email(bad), None, "{bad}");
        }
        assert!(on_domain("Disdik.TapinKab.go.id", "tapinkab.go.id"));
        assert!(!on_domain("eviltapinkab.go.id", "tapinkab.go.id"));
    }
}
