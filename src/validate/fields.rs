//! The content contract's table of keys: every key of a case's front matter with its meaning
//! and shape. The validator takes its key lists from it, `katalog schema` makes the JSON Schema
//! of it and `katalog new` the comments of a new case.

use crate::check::{Checker, Fields};
use crate::yaml::Node;

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

pub const SUMMARY_MAX_CHARS: usize = 400;

/// The keys a mapping may hold and the keys it must hold.
pub struct Keys {
    pub allowed: Vec<&'static str>,
    pub required: Vec<&'static str>,
}

impl Keys {
    /// The keys of a mapping described by `specs`.
    pub fn of(specs: &[FieldSpec]) -> Keys {
        Keys {
            allowed: specs.iter().map(|f| f.name).collect(),
            required: specs
                .iter()
                .filter(|f| f.required)
                .map(|f| f.name)
                .collect(),
        }
    }

    /// `node`, at `key`, read as a mapping of these keys; each unknown or missing key is
    /// reported in `c`.
    pub fn read<'n>(&self, c: &mut Checker, node: &'n Node, key: &str) -> Option<Fields<'n>> {
        c.fields(node, key, &self.allowed, &self.required)
    }

    /// Each item of the list `node`, at `key`, read as a mapping of these keys (`key[0]`, …);
    /// an item that is no such mapping is reported in `c` and left out.
    pub fn read_list<'n>(&self, c: &mut Checker, node: &'n Node, key: &str) -> Vec<Fields<'n>> {
        let items = c.list(node, key);
        let mappings = items.iter().enumerate();
        mappings
            .filter_map(|(i, item)| self.read(c, item, &format!("{key}[{i}]")))
            .collect()
    }
}
