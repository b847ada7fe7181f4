//! The content contract's rules for a case: every key checked against its shape and against
//! the others (a municipality's number, name and county agree; a period ends after it starts),
//! each problem reported at its line and column.

use super::fields::{
    BUDGET_FIELDS, BUDGET_ITEM_FIELDS, CASE_FIELDS, CONTACT_FIELDS, IMAGE_FIELDS, Keys,
    LINK_FIELDS, PERIOD_FIELDS, SUMMARY_MAX_CHARS,
};
use super::text;
use super::types::{BudgetItem, BudgetPeriod, CaseMeta, Contact, Image, Link, Period};
use crate::check::{Checker, Fields, is_http_url};
use crate::config::{Config, LANGUAGES};
use crate::diagnostics::with_suggestion;
use crate::municipalities::{self, Registry};
use crate::yaml::{Node, Value};

/// Validates a case's front matter; `None` when it has errors (they are in `c`).
pub(super) fn case(
    c: &mut Checker,
    fm: &Node,
    config: &Config,
    registry: &Registry,
) -> Option<CaseMeta> {
    let before = c.diags.len();
    let f = Keys::of(&CASE_FIELDS).read(c, fm, "")?;
    let mut m = CaseMeta {
        title: text(c, &f, "title").unwrap_or_default(),
        municipality: text(c, &f, "municipality").unwrap_or_default(),
        ..CaseMeta::default()
    };
    municipality(c, &f, registry, &mut m);
    if let Some(n) = f.get("population") {
        m.population = c.whole_number(n, "population", 1).unwrap_or(0);
    }
    for (tax_key, key, required) in [
        ("modelltype", "model_types", true),
        ("malgruppe", "target_groups", false),
    ] {
        if let Some(n) = f.get(key) {
            let slugs = terms(c, n, key, config, tax_key);
            let empty = match &n.value {
                Value::Seq(s) => s.is_empty(),
                Value::Null => true,
                _ => false,
            };
            if required && slugs.is_empty() && empty {
                c.error(n.pos, key, "needs at least one model type");
            }
            if key == "model_types" {
                m.model_types = slugs;
            } else {
                m.target_groups = slugs;
            }
        }
    }
    let blank = |n: &Node| match &n.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        _ => false,
    };
    if let Some(n) = f.get("summary")
        && blank(n)
    {
        c.error(
            n.pos,
            "summary",
            format!("is empty: write in plain text what the example is about, at most {SUMMARY_MAX_CHARS} characters"),
        );
    } else if let Some(n) = f.get("summary")
        && let Some(s) = c.string(n, "summary")
    {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let count = s.chars().count();
        if count > SUMMARY_MAX_CHARS {
            c.error(
                n.pos,
                "summary",
                format!("is {count} characters; shorten it to at most {SUMMARY_MAX_CHARS}"),
            );
        } else if holds_html_tag(&s) {
            c.error(n.pos, "summary", "must be plain text, without HTML tags");
        }
        m.summary = s;
    }
    if let Some(n) = f.get("period") {
        m.period = period(c, n);
    }
    if let Some(n) = f.get("grant_nok") {
        m.grant_nok = c.whole_number(n, "grant_nok", 0);
    }
    if let Some(n) = f.get("budget") {
        m.budget = budget(c, n);
    }
    if let Some(n) = f.get("sdgs") {
        for (i, s) in c.list(n, "sdgs").iter().enumerate() {
            let key = format!("sdgs[{i}]");
            match &s.value {
                Value::Int(v @ 1..=17) => m.sdgs.push(*v as u8),
                _ => c.error(
                    s.pos,
                    &key,
                    "must be a UN Sustainable Development Goal number from 1 to 17",
                ),
            }
        }
    }
    if let Some(n) = f.get("contact") {
        m.contact = contact(c, n);
    }
    if let Some(n) = f.get("links") {
        m.links = links(c, n);
    }
    if let Some(n) = f.get("image") {
        m.image = image(c, n, "image");
    }
    if let Some(n) = f.get("language") {
        m.language = c
            .choice(n, "language", "language", &LANGUAGES)
            .map(str::to_string);
    }
    m.date = f.get("date").and_then(|n| c.date(n, "date"));
    m.updated = f.get("updated").and_then(|n| c.date(n, "updated"));
    m.draft = f
        .get("draft")
        .and_then(|n| c.boolean(n, "draft"))
        .unwrap_or(false);
    (c.diags.len() == before).then_some(m)
}

/// Whether an HTML parser would read markup in `text`: a `<` followed by a letter, by `/` and a
/// letter, by `!` or by `?` (the tokenizer's tag open state: a tag, an end tag, a comment or a
/// doctype, a processing instruction), closed by a later `>` (a tag still open at the end of
/// the text is dropped by the parser). `barn < 12 år og eldre > 67 år` holds none.
fn holds_html_tag(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        let after = &text[at + 1..];
        let mut chars = after.chars();
        let opens = match chars.next() {
            Some('/') => chars.next().is_some_and(|c| c.is_ascii_alphabetic()),
            Some(c) => c.is_ascii_alphabetic() || c == '!' || c == '?',
            None => false,
        };
        opens && after.contains('>')
    })
}

/// Number, name and county must agree with the 2024 list; the county is filled in when absent.
fn municipality(c: &mut Checker, f: &Fields, registry: &Registry, m: &mut CaseMeta) {
    let Some(n) = f.get("municipality_number") else {
        return;
    };
    let number = match &n.value {
        Value::Str(s) if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) => s.clone(),
        Value::Int(i) => {
            c.error(
                n.pos,
                "municipality_number",
                format!(
                    "must be quoted so leading zeros are kept: municipality_number: \"{i:04}\""
                ),
            );
            return;
        }
        other => {
            let shown = match other {
                Value::Str(s) => format!("\"{s}\""),
                v => v.kind().to_string(),
            };
            c.error(
                n.pos,
                "municipality_number",
                format!("must be four digits in quotes, e.g. \"1134\"; found {shown}"),
            );
            return;
        }
    };
    let Some(known) = registry.by_number(&number) else {
        let hint = registry
            .by_name(&m.municipality)
            .map(|k| format!("; {} has number \"{}\"", k.name, k.number))
            .collect::<String>();
        c.error(
            n.pos,
            "municipality_number",
            format!("\"{number}\" is not a municipality number of 2024{hint}"),
        );
        return;
    };
    m.municipality_number = number.clone();
    m.county = known.county.to_string();
    if !m.municipality.is_empty() && m.municipality != known.name {
        let others: Vec<String> = registry
            .by_name(&m.municipality)
            .map(|k| format!("\"{}\"", k.number))
            .collect();
        // One wrong fact, one error: a known name with another's number means the number is
        // wrong, and the county is then not checked against it; an unknown name is a misspelling.
        if others.is_empty() {
            let pos = f.get("municipality").map_or(n.pos, |x| x.pos);
            let msg = with_suggestion(
                format!(
                    "\"{}\" does not match municipality_number \"{number}\", which is {}",
                    m.municipality, known.name
                ),
                &m.municipality,
                [known.name],
            );
            c.error(pos, "municipality", msg);
        } else {
            c.error(
                n.pos,
                "municipality_number",
                format!(
                    "\"{number}\" is the number of {} in {}, not of {}: write municipality_number: {}",
                    known.name,
                    known.county,
                    m.municipality,
                    others.join(" or ")
                ),
            );
        }
        return;
    }
    if let Some(cn) = f.get("county")
        && let Some(county) = c.string(cn, "county")
        && county != known.county
    {
        let msg = if registry.counties().contains(&county.as_str()) {
            format!(
                "\"{county}\" does not match municipality_number \"{number}\", which is in {}",
                known.county
            )
        } else {
            with_suggestion(
                format!("unknown county \"{county}\""),
                &county,
                registry.counties(),
            )
        };
        c.error(cn.pos, "county", msg);
    }
    // The derived facets need a known county.
    debug_assert!(municipalities::landsdel_of(&m.county).is_some());
}

fn terms(c: &mut Checker, n: &Node, key: &str, config: &Config, tax_key: &str) -> Vec<String> {
    let tax = config.taxonomy(tax_key);
    let slugs: Vec<&str> = tax.terms.iter().map(|t| t.slug.as_str()).collect();
    let what = if key == "model_types" {
        "model type"
    } else {
        "target group"
    };
    let items: Vec<Node> = match &n.value {
        // `model_types: innbyggerpanel` is read as a list of one.
        Value::Str(_) => vec![n.clone()],
        _ => c.list(n, key).to_vec(),
    };
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let ik = format!("{key}[{i}]");
        if let Some(s) = c.choice(item, &ik, what, &slugs) {
            if out.iter().any(|o| o == s) {
                c.error(item.pos, &ik, format!("\"{s}\" is listed twice"));
            } else {
                out.push(s.to_string());
            }
        }
    }
    out
}

fn period(c: &mut Checker, n: &Node) -> Option<Period> {
    let f = Keys::of(&PERIOD_FIELDS).read(c, n, "period")?;
    let start = f.get("start").and_then(|x| c.month(x, "period.start"));
    let end = f.get("end").and_then(|x| c.month(x, "period.end"));
    let (start, end) = (start?, end?);
    if end < start {
        c.error(
            f.get("end").map_or(n.pos, |x| x.pos),
            "period.end",
            format!("ends ({end}) before it starts ({start})"),
        );
        return None;
    }
    Some(Period { start, end })
}

fn budget(c: &mut Checker, n: &Node) -> Vec<BudgetPeriod> {
    let item_keys = Keys::of(&BUDGET_ITEM_FIELDS);
    let mut out = Vec::new();
    for f in Keys::of(&BUDGET_FIELDS).read_list(c, n, "budget") {
        let from = c.diags.len();
        let period = f.get("period").and_then(|x| c.string(x, &f.key("period")));
        let mut items = Vec::new();
        if let Some(itn) = f.get("items") {
            for g in item_keys.read_list(c, itn, &f.key("items")) {
                let item = g.get("item").and_then(|x| c.string(x, &g.key("item")));
                let nok = g
                    .get("nok")
                    .and_then(|x| c.whole_number(x, &g.key("nok"), 0));
                if let (Some(item), Some(nok)) = (item, nok) {
                    items.push(BudgetItem { item, nok });
                }
            }
        }
        // `budget[1]` means the second period to a programmer only: name it by its text.
        if let Some(period) = period {
            c.note_since(from, &format!(" (in the budget period \"{period}\")"));
            out.push(BudgetPeriod { period, items });
        }
    }
    out
}

fn contact(c: &mut Checker, n: &Node) -> Option<Contact> {
    let f = Keys::of(&CONTACT_FIELDS).read(c, n, "contact")?;
    let name = f.get("name").and_then(|x| c.string(x, "contact.name"));
    let role = f.get("role").and_then(|x| c.string(x, "contact.role"));
    let email = f.get("email").and_then(|x| {
        let e = c.string(x, "contact.email")?;
        if !crate::check::is_email(&e) {
            c.error(
                x.pos,
                "contact.email",
                format!("\"{e}\" is not an e-mail address"),
            );
            return None;
        }
        Some(e)
    });
    Some(Contact {
        name: name?,
        role,
        email,
    })
}

fn links(c: &mut Checker, n: &Node) -> Vec<Link> {
    let mut out = Vec::new();
    for f in Keys::of(&LINK_FIELDS).read_list(c, n, "links") {
        let title = f.get("title").and_then(|x| c.string(x, &f.key("title")));
        let url = f.get("url").and_then(|x| {
            let u = c.string(x, &f.key("url"))?;
            if is_http_url(&u) || (u.starts_with('/') && !u.starts_with("//")) {
                Some((u, x.pos))
            } else {
                c.error(x.pos, &f.key("url"), format!("\"{u}\" is not an http(s) URL or a path inside the site such as /eksempler/SLUG/"));
                None
            }
        });
        if let (Some(title), Some((url, pos))) = (title, url) {
            out.push(Link { title, url, pos });
        }
    }
    out
}

fn image(c: &mut Checker, n: &Node, key: &str) -> Option<Image> {
    let mut keys = Keys::of(&IMAGE_FIELDS);
    // A missing alt gets its own message below, which says what alt text is for.
    keys.required.retain(|k| *k != "alt");
    let f = keys.read(c, n, key)?;
    let src = f.get("src").and_then(|x| c.string(x, &f.key("src")));
    let alt = match f.get("alt") {
        Some(x) => c.string(x, &f.key("alt")),
        None => {
            c.error(
                n.pos,
                &f.key("alt"),
                "an image needs alt text describing it for screen readers: add alt: \"...\"",
            );
            None
        }
    };
    let src_node = f.get("src")?;
    let src = src?;
    if !src.starts_with("media/") || src.contains("..") || src.contains('\\') {
        c.error(
            src_node.pos,
            &f.key("src"),
            format!("\"{src}\" must be a file under content/media/, written media/NAME"),
        );
        return None;
    }
    Some(Image {
        src,
        alt: alt?,
        pos: src_node.pos,
    })
}

#[cfg(test)]
mod tests {
    use super::holds_html_tag;

    #[test]
    fn only_what_a_parser_reads_as_markup_is_a_tag() {
        for tag in [
            "<b>fet</b>",
            "a <script>",
            "<!-- x -->",
            "<?xml?>",
            "</p>",
            "x<br/>y",
        ] {
            assert!(holds_html_tag(tag), "{tag}");
        }
        for text in [
            "barn < 12 år og eldre > 67 år",
            "1<2",
            "a <- b",
            "</ 3>",
            "<>",
            "slutt <",
            "<img src=x onerror=alert(1) title=",
        ] {
            assert!(!holds_html_tag(text), "{text}");
        }
    }
}
