//! The content contract's rules for a case's and a page's front matter: every problem is
//! reported with its file, line, column and key, and the valid data becomes typed metadata.

use crate::check::{Checker, Fields, is_http_url};
use crate::config::{Config, LANGUAGES};
use crate::content::{Document, Kind};
use crate::diagnostics::{Diagnostic, Pos, with_suggestion};
use crate::municipalities::{self, Registry};
use crate::yaml::{Node, Value};
use std::sync::Arc;

/// What a Markdown file's front matter became once valid.
#[derive(Clone)]
pub enum Meta {
    /// Shared with the site model, which watch mode builds anew from it on every save.
    Case(Arc<CaseMeta>),
    Page(PageMeta),
}

/// The verdict on a split file's front matter, by its kind: its metadata, or every problem.
pub fn document(
    path: &str,
    doc: &Document,
    config: &Config,
    registry: &Registry,
) -> Result<Meta, Vec<Diagnostic>> {
    let mut c = Checker::new(path);
    let meta = match doc.kind {
        Kind::Case => {
            case(&mut c, &doc.front_matter, config, registry).map(|m| Meta::Case(Arc::new(m)))
        }
        Kind::Page | Kind::Index => page(&mut c, &doc.front_matter).map(Meta::Page),
    };
    meta.ok_or(c.diags)
}

/// A case's front matter once valid.
#[derive(Debug, Clone, Default)]
pub struct CaseMeta {
    pub title: String,
    pub municipality: String,
    pub municipality_number: String,
    pub county: String,
    pub population: u64,
    pub model_types: Vec<String>,
    pub target_groups: Vec<String>,
    pub summary: String,
    pub period: Option<(String, String)>,
    pub grant_nok: Option<u64>,
    pub budget: Vec<BudgetPeriod>,
    pub sdgs: Vec<u8>,
    pub contact: Option<Contact>,
    pub links: Vec<Link>,
    pub image: Option<Image>,
    pub language: Option<String>,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct BudgetPeriod {
    pub period: String,
    pub items: Vec<(String, u64)>,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
    /// Where the URL stands, to report a link to a page that does not exist.
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub pos: Pos,
}

/// One key of the case front matter, as editors see it. The validator takes its key lists from
/// these tables; `katalog schema` turns them into the JSON Schema and `katalog new` into the
/// comments of a new case, so the three never disagree about which keys exist.
pub struct FieldSpec {
    pub name: &'static str,
    pub required: bool,
    /// What the key means, in Norwegian (editors read it in their editor and in new files).
    pub description: &'static str,
    pub shape: Shape,
}

/// What a value must look like, as far as a JSON Schema can say it. Rules that compare values
/// (a number that matches the name, a period that ends before it starts, files that exist) are
/// the validator's alone.
pub enum Shape {
    /// Text that is not blank; `pattern` is an ECMA-262 regular expression (as in JSON Schema).
    Text {
        pattern: Option<&'static str>,
        format: Option<&'static str>,
        max_chars: Option<usize>,
    },
    /// Text that must be one of a list known when the schema is made.
    Choice(Choices),
    /// A whole number in `min..=max`.
    Whole {
        min: u64,
        max: Option<u64>,
    },
    Bool,
    /// A list; with `single_ok`, one value may also be written without brackets.
    List {
        item: &'static Shape,
        min_items: usize,
        unique: bool,
        single_ok: bool,
    },
    /// A mapping with exactly these keys.
    Map(&'static [FieldSpec]),
}

/// Where the valid values of a `Shape::Choice` come from.
pub enum Choices {
    /// The slugs of a taxonomy in katalog.yaml.
    Taxonomy(&'static str),
    Language,
    County,
    Municipality,
}

pub const MONTH_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])$";
pub const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
pub const MUNICIPALITY_NUMBER_PATTERN: &str = "^[0-9]{4}$";
/// An http(s) URL with a host, or a path inside the site (`/eksempler/x/`), as `links()` checks.
pub const LINK_URL_PATTERN: &str = "^(https?://[^\\s/?#]+\\S*|/(?!/).*)$";
/// `media/NAME`, without `..` or backslashes, as `image()` checks.
pub const MEDIA_PATTERN: &str = "^media/(?!.*\\.\\.)[^\\\\]+$";
/// Something before an @, a dot after it, no spaces, as `contact()` checks.
pub const EMAIL_PATTERN: &str = "^[^@\\s]+@\\S*\\.\\S*$";

const fn txt(pattern: Option<&'static str>) -> Shape {
    Shape::Text {
        pattern,
        format: None,
        max_chars: None,
    }
}

const fn field(
    name: &'static str,
    required: bool,
    description: &'static str,
    shape: Shape,
) -> FieldSpec {
    FieldSpec {
        name,
        required,
        description,
        shape,
    }
}

const MONTH: Shape = Shape::Text {
    pattern: Some(MONTH_PATTERN),
    format: None,
    max_chars: None,
};
const DATE: Shape = Shape::Text {
    pattern: Some(DATE_PATTERN),
    format: Some("date"),
    max_chars: None,
};

pub const PERIOD_FIELDS: [FieldSpec; 2] = [
    field(
        "start",
        true,
        "Første måned, skrevet ÅÅÅÅ-MM, for eksempel 2022-06.",
        MONTH,
    ),
    field(
        "end",
        true,
        "Siste måned, skrevet ÅÅÅÅ-MM, for eksempel 2023-12. Kan ikke være før start.",
        MONTH,
    ),
];

pub const BUDGET_ITEM_FIELDS: [FieldSpec; 2] = [
    field("item", true, "Hva pengene går til.", txt(None)),
    field(
        "nok",
        true,
        "Beløpet i hele kroner, uten mellomrom.",
        Shape::Whole { min: 0, max: None },
    ),
];

pub const BUDGET_FIELDS: [FieldSpec; 2] = [
    field(
        "period",
        true,
        "Perioden, for eksempel «Høst 2022 og vår 2023».",
        txt(None),
    ),
    field(
        "items",
        true,
        "Postene i perioden, hver med item (tekst) og nok (hele kroner).",
        Shape::List {
            item: &Shape::Map(&BUDGET_ITEM_FIELDS),
            min_items: 0,
            unique: false,
            single_ok: false,
        },
    ),
];

pub const CONTACT_FIELDS: [FieldSpec; 3] = [
    field("name", true, "Navnet på kontaktpersonen.", txt(None)),
    field("role", false, "Stillingen eller rollen.", txt(None)),
    field(
        "email",
        false,
        "E-postadressen, for eksempel postmottak@kommune.no.",
        txt(Some(EMAIL_PATTERN)),
    ),
];

pub const LINK_FIELDS: [FieldSpec; 2] = [
    field("title", true, "Teksten lenken vises med.", txt(None)),
    field(
        "url",
        true,
        "Adressen: begynner med http:// eller https://, eller er en side i katalogen som /eksempler/SLUG/.",
        txt(Some(LINK_URL_PATTERN)),
    ),
];

pub const IMAGE_FIELDS: [FieldSpec; 2] = [
    field(
        "src",
        true,
        "Bildefilen i content/media/, skrevet media/FILNAVN.",
        txt(Some(MEDIA_PATTERN)),
    ),
    field(
        "alt",
        true,
        "Alternativ tekst: en kort beskrivelse av hva bildet viser, for dem som ikke ser det. Påkrevd.",
        txt(None),
    ),
];

pub const CASE_FIELDS: [FieldSpec; 19] = [
    field(
        "title",
        true,
        "Tittelen, skrevet «Kommune: hva eksemplet handler om». Sett den i anførselstegn, for den har kolon.",
        txt(None),
    ),
    field(
        "municipality",
        true,
        "Kommunens navn slik det står i kommunelisten for 2024. Må passe med kommunenummeret.",
        Shape::Choice(Choices::Municipality),
    ),
    field(
        "municipality_number",
        true,
        "Kommunenummeret etter 2024-inndelingen: fire sifre i anførselstegn, for eksempel \"1134\", slik at en null først ikke forsvinner.",
        txt(Some(MUNICIPALITY_NUMBER_PATTERN)),
    ),
    field(
        "county",
        false,
        "Fylket. Kan utelates, for katalog finner det ut fra kommunenummeret; står det, må det stemme med nummeret.",
        Shape::Choice(Choices::County),
    ),
    field(
        "population",
        true,
        "Innbyggertallet: et helt tall over 0, uten mellomrom eller punktum.",
        Shape::Whole { min: 1, max: None },
    ),
    field(
        "model_types",
        true,
        "Modelltypene: minst én slug fra modelltype i katalog.yaml, for eksempel [naerdemokrati, digitale-verktoy].",
        Shape::List {
            item: &Shape::Choice(Choices::Taxonomy("modelltype")),
            min_items: 1,
            unique: true,
            single_ok: true,
        },
    ),
    field(
        "target_groups",
        false,
        "Målgruppene: slugger fra malgruppe i katalog.yaml, for eksempel [ungdom]. Ta bare med dem kildene nevner.",
        Shape::List {
            item: &Shape::Choice(Choices::Taxonomy("malgruppe")),
            min_items: 0,
            unique: true,
            single_ok: true,
        },
    ),
    field(
        "summary",
        true,
        "Sammendraget: ren tekst uten HTML og Markdown, høyst 400 tegn. Vises i lister, på kort og som beskrivelse for søkemotorer.",
        Shape::Text {
            pattern: None,
            format: None,
            max_chars: Some(SUMMARY_MAX_CHARS),
        },
    ),
    field(
        "period",
        false,
        "Prosjektperioden: start og end, begge skrevet ÅÅÅÅ-MM.",
        Shape::Map(&PERIOD_FIELDS),
    ),
    field(
        "grant_nok",
        false,
        "Tilskuddet i hele kroner, uten mellomrom.",
        Shape::Whole { min: 0, max: None },
    ),
    field(
        "budget",
        false,
        "Søknadens foreløpige budsjett: en liste med perioder, hver med period (tekst) og items (postene).",
        Shape::List {
            item: &Shape::Map(&BUDGET_FIELDS),
            min_items: 0,
            unique: false,
            single_ok: false,
        },
    ),
    field(
        "sdgs",
        false,
        "FNs bærekraftsmål eksemplet bidrar til, som tall fra 1 til 17, for eksempel [16].",
        Shape::List {
            item: &Shape::Whole {
                min: 1,
                max: Some(17),
            },
            min_items: 0,
            unique: false,
            single_ok: false,
        },
    ),
    field(
        "contact",
        false,
        "Kontaktperson: name er påkrevd, role og email er valgfrie. Bare personer som har sagt ja til å stå der.",
        Shape::Map(&CONTACT_FIELDS),
    ),
    field(
        "links",
        false,
        "Lenker til kilder og mer lesing, hver med title og url.",
        Shape::List {
            item: &Shape::Map(&LINK_FIELDS),
            min_items: 0,
            unique: false,
            single_ok: false,
        },
    ),
    field(
        "image",
        false,
        "Hovedbildet: src (en fil i content/media/) og alt (beskrivelse av bildet) er begge påkrevd.",
        Shape::Map(&IMAGE_FIELDS),
    ),
    field(
        "language",
        false,
        "Språket eksemplet er skrevet på: nb, nn eller en. Uten denne gjelder språket i katalog.yaml.",
        Shape::Choice(Choices::Language),
    ),
    field(
        "date",
        false,
        "Publiseringsdatoen, skrevet ÅÅÅÅ-MM-DD. Forsiden viser de nyeste først.",
        DATE,
    ),
    field(
        "updated",
        false,
        "Når eksemplet sist ble endret vesentlig, skrevet ÅÅÅÅ-MM-DD. Uten denne viser siden datoen for siste endring i git.",
        DATE,
    ),
    field(
        "draft",
        false,
        "true: eksemplet er et utkast og kommer ikke med på nettstedet (se det med katalog serve --drafts).",
        Shape::Bool,
    ),
];

/// The allowed and the required keys of a mapping described by `specs`.
pub fn keys(specs: &[FieldSpec]) -> (Vec<&'static str>, Vec<&'static str>) {
    (
        specs.iter().map(|f| f.name).collect(),
        specs
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect(),
    )
}

pub const SUMMARY_MAX_CHARS: usize = 400;

/// Validates a case's front matter; `None` when it has errors (they are in `c`).
pub fn case(c: &mut Checker, fm: &Node, config: &Config, registry: &Registry) -> Option<CaseMeta> {
    let (allowed, required) = keys(&CASE_FIELDS);
    let before = c.diags.len();
    let f = c.fields(fm, "", &allowed, &required)?;
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
        } else if s.contains('<') && s.contains('>') {
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

fn text(c: &mut Checker, f: &Fields, key: &str) -> Option<String> {
    f.get(key).and_then(|n| c.string(n, key))
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
    if !m.municipality.is_empty() && m.municipality != known.name {
        let pos = f.get("municipality").map_or(n.pos, |x| x.pos);
        let others: Vec<String> = registry
            .by_name(&m.municipality)
            .map(|k| format!("\"{}\"", k.number))
            .collect();
        let msg = if others.is_empty() {
            with_suggestion(
                format!(
                    "\"{}\" does not match municipality_number \"{number}\", which is {}",
                    m.municipality, known.name
                ),
                &m.municipality,
                [known.name],
            )
        } else {
            format!(
                "\"{}\" does not match municipality_number \"{number}\" ({}); {} has number {}",
                m.municipality,
                known.name,
                m.municipality,
                others.join(" or ")
            )
        };
        c.error(pos, "municipality", msg);
    }
    m.county = known.county.to_string();
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

fn period(c: &mut Checker, n: &Node) -> Option<(String, String)> {
    let (allowed, required) = keys(&PERIOD_FIELDS);
    let f = c.fields(n, "period", &allowed, &required)?;
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
    Some((start, end))
}

fn budget(c: &mut Checker, n: &Node) -> Vec<BudgetPeriod> {
    let (allowed, required) = keys(&BUDGET_FIELDS);
    let (item_allowed, item_required) = keys(&BUDGET_ITEM_FIELDS);
    let mut out = Vec::new();
    for (i, p) in c.list(n, "budget").iter().enumerate() {
        let pk = format!("budget[{i}]");
        let Some(f) = c.fields(p, &pk, &allowed, &required) else {
            continue;
        };
        let period = f.get("period").and_then(|x| c.string(x, &f.key("period")));
        let mut items = Vec::new();
        if let Some(itn) = f.get("items") {
            for (j, it) in c.list(itn, &f.key("items")).iter().enumerate() {
                let ik = format!("{pk}.items[{j}]");
                let Some(g) = c.fields(it, &ik, &item_allowed, &item_required) else {
                    continue;
                };
                let item = g.get("item").and_then(|x| c.string(x, &g.key("item")));
                let nok = g
                    .get("nok")
                    .and_then(|x| c.whole_number(x, &g.key("nok"), 0));
                if let (Some(item), Some(nok)) = (item, nok) {
                    items.push((item, nok));
                }
            }
        }
        if let Some(period) = period {
            out.push(BudgetPeriod { period, items });
        }
    }
    out
}

fn contact(c: &mut Checker, n: &Node) -> Option<Contact> {
    let (allowed, required) = keys(&CONTACT_FIELDS);
    let f = c.fields(n, "contact", &allowed, &required)?;
    let name = f.get("name").and_then(|x| c.string(x, "contact.name"));
    let role = f.get("role").and_then(|x| c.string(x, "contact.role"));
    let email = f.get("email").and_then(|x| {
        let e = c.string(x, "contact.email")?;
        let ok = e.split_once('@').is_some_and(|(a, d)| {
            !a.is_empty() && d.contains('.') && !e.contains(char::is_whitespace)
        });
        if !ok {
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
    let (allowed, required) = keys(&LINK_FIELDS);
    let mut out = Vec::new();
    for (i, l) in c.list(n, "links").iter().enumerate() {
        let lk = format!("links[{i}]");
        let Some(f) = c.fields(l, &lk, &allowed, &required) else {
            continue;
        };
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
    let (allowed, required) = keys(&IMAGE_FIELDS);
    // A missing alt gets its own message below, which says what alt text is for.
    let required: Vec<&str> = required.into_iter().filter(|k| *k != "alt").collect();
    let f = c.fields(n, key, &allowed, &required)?;
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

/// A plain page's (or `_index.md`'s) front matter.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    pub language: Option<String>,
    pub draft: bool,
}

pub fn page(c: &mut Checker, fm: &Node) -> Option<PageMeta> {
    let before = c.diags.len();
    let f = c.fields(
        fm,
        "",
        &["title", "description", "language", "draft"],
        &["title"],
    )?;
    let m = PageMeta {
        title: text(c, &f, "title").unwrap_or_default(),
        description: text(c, &f, "description").unwrap_or_default(),
        language: f.get("language").and_then(|n| {
            c.choice(n, "language", "language", &LANGUAGES)
                .map(str::to_string)
        }),
        draft: f
            .get("draft")
            .and_then(|n| c.boolean(n, "draft"))
            .unwrap_or(false),
    };
    (c.diags.len() == before).then_some(m)
}
