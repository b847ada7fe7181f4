//! The settings of katalog.yaml that a public body publishing the catalogue fills in:
//! `publisher:`, `license:`, `accessibility:` and `security_contact:`, each checked at its line
//! and key; and the warnings for those a public body is expected to give but left out.

use crate::check::{Checker, Fields, is_email, is_http_url};
use crate::diagnostics::{Diagnostic, Pos};
use crate::yaml::Node;

/// Who publishes the catalogue (DCAT's publisher and contact point).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    pub name: String,
    /// The 9 digits of Enhetsregisteret.
    pub organization_number: String,
    pub email: String,
}

impl Publisher {
    /// The URI data.norge.no knows the organisation by.
    pub fn uri(&self) -> String {
        format!(
            "https://data.brreg.no/enhetsregisteret/api/enheter/{}",
            self.organization_number
        )
    }
}

/// A licence the content can be published under.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct License {
    /// The SPDX id (NLOD-2.0 is not in SPDX; it is written as data.norge.no writes it).
    pub id: &'static str,
    /// Short, for the footer: `CC BY 4.0`.
    pub label: &'static str,
    pub name: &'static str,
    /// The licence text.
    pub url: &'static str,
    /// Its entry in the EU Publications Office's licence table, which DCAT-AP-NO refers to.
    pub eu: &'static str,
}

/// The licences `license:` accepts: those Norwegian open data is expected to carry.
pub const LICENSES: [License; 4] = [
    License {
        id: "CC-BY-4.0",
        label: "CC BY 4.0",
        name: "Creative Commons Attribution 4.0 International",
        url: "https://creativecommons.org/licenses/by/4.0/",
        eu: "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
    },
    License {
        id: "CC-BY-SA-4.0",
        label: "CC BY-SA 4.0",
        name: "Creative Commons Attribution-ShareAlike 4.0 International",
        url: "https://creativecommons.org/licenses/by-sa/4.0/",
        eu: "http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0",
    },
    License {
        id: "CC0-1.0",
        label: "CC0 1.0",
        name: "Creative Commons Zero v1.0 Universal",
        url: "https://creativecommons.org/publicdomain/zero/1.0/",
        eu: "http://publications.europa.eu/resource/authority/licence/CC0",
    },
    License {
        id: "NLOD-2.0",
        label: "NLOD 2.0",
        name: "Norsk lisens for offentlige data (NLOD) 2.0",
        url: "https://data.norge.no/nlod/no/2.0",
        eu: "http://publications.europa.eu/resource/authority/licence/NLOD_2_0",
    },
];

/// What the accessibility page says about who answers for the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accessibility {
    /// The body responsible for the site.
    pub responsible: String,
    /// Where to send feedback: an e-mail address or a web address (a form).
    pub contact: String,
    /// The date of the last check, `YYYY-MM-DD`.
    pub checked: String,
    /// The accessibility statement on uustatus.no.
    pub statement: Option<String>,
}

impl Accessibility {
    /// The contact as a link target.
    pub fn contact_href(&self) -> String {
        if is_http_url(&self.contact) {
            self.contact.clone()
        } else {
            format!("mailto:{}", self.contact)
        }
    }
}

/// The four sections, each `None` when not given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publishing {
    pub publisher: Option<Publisher>,
    pub license: Option<&'static License>,
    pub accessibility: Option<Accessibility>,
    /// A `mailto:` or `https:` URI (RFC 9116's Contact).
    pub security_contact: Option<String>,
}

/// Reads the four settings from katalog.yaml's top level; problems are recorded in `c`.
pub fn read(c: &mut Checker, f: &Fields) -> Publishing {
    Publishing {
        publisher: f.get("publisher").and_then(|n| publisher(c, n)),
        license: f.get("license").and_then(|n| license(c, n)),
        accessibility: f.get("accessibility").and_then(|n| accessibility(c, n)),
        security_contact: f
            .get("security_contact")
            .and_then(|n| security_contact(c, n)),
    }
}

/// A section's keys that are missing, each with what to write.
fn require(c: &mut Checker, node: &Node, f: &Fields, wanted: &[(&str, &str)]) -> bool {
    let mut all = true;
    for (key, hint) in wanted {
        if f.get(key).is_none() {
            c.error(
                node.pos,
                &f.key(key),
                format!("missing required key \"{key}\": {hint}"),
            );
            all = false;
        }
    }
    all
}

fn publisher(c: &mut Checker, node: &Node) -> Option<Publisher> {
    let keys = ["name", "organization_number", "email"];
    let f = c.fields(node, "publisher", &keys, &[])?;
    let complete = require(
        c,
        node,
        &f,
        &[
            (
                "name",
                "the organisation's name as in Enhetsregisteret, e.g. name: Eksempel kommune",
            ),
            (
                "organization_number",
                "its 9-digit number in Enhetsregisteret (brreg.no), e.g. organization_number: \"123456785\"",
            ),
            (
                "email",
                "where users of the open data can write, e.g. email: postmottak@example.org",
            ),
        ],
    );
    let name = f.get("name").and_then(|n| c.string(n, "publisher.name"));
    let number = f.get("organization_number").and_then(|n| {
        let s = c.string(n, "publisher.organization_number")?;
        let problem = if s.len() != 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            Some("is not 9 digits")
        } else if !org_number_checks(&s) {
            Some("has a check digit that does not match (mistyped?)")
        } else {
            None
        };
        if let Some(problem) = problem {
            c.error(n.pos, "publisher.organization_number", format!("\"{s}\" {problem}: copy the organisation number from Enhetsregisteret (brreg.no), 9 digits without spaces, e.g. organization_number: \"123456785\""));
            return None;
        }
        Some(s)
    });
    let email = f.get("email").and_then(|n| email(c, n, "publisher.email"));
    complete.then_some(())?;
    Some(Publisher {
        name: name?,
        organization_number: number?,
        email: email?,
    })
}

/// The modulus-11 check digit of Enhetsregisteret's numbers (weights 3 2 7 6 5 4 3 2).
fn org_number_checks(digits: &str) -> bool {
    let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = [3, 2, 7, 6, 5, 4, 3, 2]
        .iter()
        .zip(&d)
        .map(|(w, x)| w * x)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        k => k,
    };
    d.get(8) == Some(&check)
}

fn email(c: &mut Checker, n: &Node, key: &str) -> Option<String> {
    let s = c.string(n, key)?;
    if is_email(&s) {
        Some(s)
    } else {
        c.error(
            n.pos,
            key,
            format!("\"{s}\" is not an e-mail address; write e.g. postmottak@example.org"),
        );
        None
    }
}

fn license(c: &mut Checker, n: &Node) -> Option<&'static License> {
    let ids: Vec<&str> = LICENSES.iter().map(|l| l.id).collect();
    let id = c.choice(n, "license", "licence", &ids)?;
    LICENSES.iter().find(|l| l.id == id)
}

fn accessibility(c: &mut Checker, node: &Node) -> Option<Accessibility> {
    let keys = ["responsible", "contact", "checked", "statement"];
    let f = c.fields(node, "accessibility", &keys, &[])?;
    let complete = require(
        c,
        node,
        &f,
        &[
            (
                "responsible",
                "the body responsible for the site, e.g. responsible: Eksempel kommune",
            ),
            (
                "contact",
                "an e-mail address or web form for feedback on accessibility, e.g. contact: tilgjengelighet@example.org",
            ),
            (
                "checked",
                "the date the site's accessibility was last checked, e.g. checked: 2026-11-30",
            ),
        ],
    );
    let responsible = f
        .get("responsible")
        .and_then(|n| c.string(n, "accessibility.responsible"));
    let contact = f.get("contact").and_then(|n| {
        let s = c.string(n, "accessibility.contact")?;
        if is_email(&s) || is_http_url(&s) {
            return Some(s);
        }
        c.error(n.pos, "accessibility.contact", format!("\"{s}\" is neither an e-mail address nor a web address; write e.g. tilgjengelighet@example.org or https://example.org/tilbakemelding"));
        None
    });
    let checked = f
        .get("checked")
        .and_then(|n| c.date(n, "accessibility.checked"));
    let statement = f.get("statement").and_then(|n| {
        let s = c.string(n, "accessibility.statement")?;
        let host = s
            .strip_prefix("https://")
            .and_then(|r| r.split(['/', '?', '#']).next())
            .unwrap_or("");
        if is_http_url(&s) && (host == "uustatus.no" || host.ends_with(".uustatus.no")) {
            return Some(s);
        }
        c.error(n.pos, "accessibility.statement", format!("\"{s}\" is not an address on uustatus.no: make the statement in uustatus.no's service and copy its https://uustatus.no/… address here"));
        None
    });
    complete.then_some(())?;
    Some(Accessibility {
        responsible: responsible?,
        contact: contact?,
        checked: checked?,
        statement,
    })
}

fn security_contact(c: &mut Checker, n: &Node) -> Option<String> {
    let s = c.string(n, "security_contact")?;
    let ok = match s.strip_prefix("mailto:") {
        Some(address) => is_email(address),
        None => s.starts_with("https://") && is_http_url(&s),
    };
    if ok {
        return Some(s);
    }
    c.error(n.pos, "security_contact", format!("\"{s}\" is not a mailto: or https: address; write e.g. mailto:sikkerhet@example.org or https://example.org/sikkerhet"));
    None
}

/// What a public body is expected to give but katalog.yaml leaves out: said by `check`, but
/// the site is built without it.
pub fn warnings(p: &Publishing) -> Vec<Diagnostic> {
    let at = |key: &str, message: &str| {
        Diagnostic::warning(crate::config::PATH, Pos::new(1, 1), key, message)
    };
    let mut out = Vec::new();
    if p.accessibility.is_none() {
        out.push(at("accessibility", "no accessibility: section, so /tilgjengelighet/ says the details are missing; a public body must publish an accessibility statement: add accessibility: with responsible, contact, checked and statement (its address on uustatus.no)"));
    }
    if p.license.is_none() {
        let ids: Vec<&str> = LICENSES.iter().map(|l| l.id).collect();
        out.push(at("license", &format!("no license: the open data and the pages say nothing about reuse; add e.g. license: CC-BY-4.0 (one of {})", ids.join(", "))));
    }
    if p.publisher.is_none() {
        out.push(at("publisher", "no publisher: section, so no dcat.ttl is written and data.norge.no cannot harvest the catalogue; add publisher: with name, organization_number and email"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_numbers_carry_a_modulus_11_check_digit() {
        assert!(org_number_checks("123456785"));
        assert!(!org_number_checks("123456789"));
    }
}
