//! `katalog new eksempler/SLUG --municipality NAME`: a new case from a template, with the
//! municipality's number, county and population taken from the 2024 list, every key explained in
//! Norwegian comments and the suggested sections in place. It never overwrites a file.

use crate::check::is_slug;
use crate::config::{self, Config};
use crate::diagnostics::did_you_mean;
use crate::error::{self, Error};
use crate::markdown::slugify;
use crate::municipalities::{Municipality, Registry};
use crate::validate::CASE_FIELDS;
use crate::validate::sections::SECTIONS;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub struct Options {
    pub root: PathBuf,
    /// `eksempler/SLUG` (also accepted: `content/eksempler/SLUG.md`).
    pub target: String,
    /// A name of 2024 or a four-digit number.
    pub municipality: String,
}

/// What was created, for the message.
pub struct Created {
    /// `content/eksempler/SLUG.md`
    pub path: String,
    pub municipality: &'static Municipality,
}

const USAGE: &str = "katalog new eksempler/SLUG --municipality NAME";

pub fn run(opts: &Options, registry: &'static Registry) -> Result<Created, Error> {
    let slug = case_slug(&opts.target).map_err(Error::Usage)?;
    let municipality = find(registry, &opts.municipality).map_err(Error::Usage)?;
    let config = config::read(&opts.root)?;
    let rel = format!("content/eksempler/{slug}.md");
    let path = opts.root.join(&rel);
    let text = template(&config, municipality, &today());
    write_new(&path, &rel, &text)?;
    Ok(Created {
        path: rel,
        municipality,
    })
}

/// The slug from `eksempler/SLUG`, or a message saying what to write instead.
fn case_slug(target: &str) -> Result<String, String> {
    let t = target.trim().replace('\\', "/");
    let t = t.strip_prefix("./").unwrap_or(&t);
    let t = t.strip_prefix("content/").unwrap_or(t);
    let t = t.strip_suffix(".md").unwrap_or(t);
    let Some(slug) = t.strip_prefix("eksempler/") else {
        return Err(format!(
            "\"{target}\" is not a case: write eksempler/SLUG, e.g. {USAGE} (only cases can be created so far)"
        ));
    };
    if !is_slug(slug) {
        let suggestion = slugify(slug);
        let hint = if is_slug(&suggestion) {
            format!(", e.g. eksempler/{suggestion}")
        } else {
            String::new()
        };
        return Err(format!(
            "\"{slug}\" is not a valid slug (the file name and web address of the case): use lower case a-z, 0-9 and - only{hint}"
        ));
    }
    Ok(slug.to_string())
}

/// The municipality named or numbered by `input`; on a miss, a message with the nearest names,
/// and for a name two municipalities share, both with their numbers.
pub fn find(registry: &'static Registry, input: &str) -> Result<&'static Municipality, String> {
    let input = input.trim();
    let describe = |m: &Municipality| format!("{} ({}, {})", m.name, m.number, m.county);
    if input.len() == 4 && input.bytes().all(|b| b.is_ascii_digit()) {
        return registry.by_number(input).ok_or_else(|| {
            format!("\"{input}\" is not a municipality number of 2024: pass the number or the name of a municipality as it is in 2024, e.g. --municipality 1134 or --municipality Suldal")
        });
    }
    let lower = input.to_lowercase();
    let same: Vec<&'static Municipality> = registry
        .all
        .iter()
        .filter(|m| m.name.to_lowercase() == lower)
        .collect();
    match same.as_slice() {
        [one] => return Ok(one),
        [] => {}
        many => {
            let list: Vec<String> = many.iter().map(|m| describe(m)).collect();
            return Err(format!(
                "{} municipalities are called {}: {}; pass the number of the one you mean, e.g. --municipality {}",
                many.len(),
                many[0].name,
                list.join(", "),
                many[0].number
            ));
        }
    }
    // The nearest names by edit distance (only the nearest, so Sulldal gives Suldal and not
    // Folldal too), then names that begin with what was written (Aurskog: Aurskog-Høland).
    let distance = |m: &Municipality| strsim::damerau_levenshtein(&lower, &m.name.to_lowercase());
    let close: Vec<&'static Municipality> = registry
        .all
        .iter()
        .filter(|m| did_you_mean(input, [m.name]).is_some())
        .collect();
    let nearest = close.iter().map(|m| distance(m)).min().unwrap_or(0);
    let mut near: Vec<&'static Municipality> = close
        .into_iter()
        .filter(|m| distance(m) == nearest)
        .collect();
    for m in &registry.all {
        let prefix = lower.chars().count() >= 3 && m.name.to_lowercase().starts_with(&lower);
        if prefix && !near.iter().any(|n| n.number == m.number) {
            near.push(m);
        }
    }
    let names: Vec<String> = near.iter().take(5).map(|m| describe(m)).collect();
    let hint = match names.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        more => format!("; did you mean one of {}?", more.join(", ")),
    };
    Err(format!(
        "unknown municipality \"{input}\"{hint} Write the name as in the list of the 357 municipalities of 2024, or the four-digit number, e.g. --municipality 1134"
    ))
}

/// Creates `path` with `text`, refusing to replace anything that is there.
fn write_new(path: &Path, rel: &str, text: &str) -> Result<(), Error> {
    let exists = || {
        Error::Usage(format!(
            "{rel} already exists; katalog new never overwrites a file: choose another slug, or edit the file"
        ))
    };
    if path.exists() {
        return Err(exists());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| error::io(&format!("cannot create {}", dir.display()), e))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists()),
        Err(e) => return Err(error::io(&format!("cannot create {rel}"), e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| error::io(&format!("cannot write {rel}"), e))
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// Days since 1970-01-01 to a date (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `# `-comment lines of at most about 96 characters; `code spans` are not broken.
fn comment(out: &mut String, text: &str) {
    const JOIN: char = '\u{1}';
    let text: String = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{}`", part.replace(' ', &JOIN.to_string()))
            } else {
                part.to_string()
            }
        })
        .collect();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        let word = word.replace(JOIN, " ");
        if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > 96 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(&word);
    }
    out.push_str(&line);
    out.push('\n');
}

/// The description of a key of the case table.
fn described(out: &mut String, key: &str, extra: &str) {
    out.push('\n');
    let description = CASE_FIELDS
        .iter()
        .find(|f| f.name == key)
        .map_or("", |f| f.description);
    let required = CASE_FIELDS.iter().any(|f| f.name == key && f.required);
    let label = if required { "Påkrevd" } else { "Valgfri" };
    comment(out, &format!("{key} ({label}): {description} {extra}"));
}

/// A short prompt for each of the contract's sections (`validate::sections::SECTIONS`, in its
/// order), in bokmål and in nynorsk.
const PROMPTS_NB: [&str; 8] = [
    "Hva går modellen ut på? Si det i to eller tre setninger en leser kan ta med seg.",
    "Hvordan er utvalg, råd og komiteer satt sammen, og hvordan arbeider de med innbyggerne?",
    "Hvordan kan innbyggerne delta: møter, panel, høringer, digitale kanaler? Hvem deltar?",
    "Hvilke digitale verktøy brukes, og til hva?",
    "Hvordan når innspillene fram til de folkevalgte organene, og hva skjer med dem?",
    "Hva vil kommunen endre eller bygge videre på?",
    "Hva krevde det, hva har fungert, hva har vært vanskelig, og hva bør andre passe på?",
    "Kort: hva kildene dekker, hva de ikke sier, hva som er usikkert. Kildene som lenker.",
];

const PROMPTS_NN: [&str; 8] = [
    "Kva går modellen ut på? Sei det i to eller tre setningar ein lesar kan ta med seg.",
    "Korleis er utval, råd og komitear sette saman, og korleis arbeider dei med innbyggjarane?",
    "Korleis kan innbyggjarane delta: møte, panel, høyringar, digitale kanalar? Kven deltek?",
    "Kva digitale verktøy blir brukte, og til kva?",
    "Korleis når innspela fram til dei folkevalde organa, og kva skjer med dei?",
    "Kva vil kommunen endre eller byggje vidare på?",
    "Kva kravde det, kva har fungert, kva har vore vanskeleg, og kva bør andre passe på?",
    "Kort: kva kjeldene dekkjer, kva dei ikkje seier, kva som er usikkert. Kjeldene som lenker.",
];

/// The new file: front matter with every key (optional ones commented out), then the sections.
pub fn template(config: &Config, m: &Municipality, today: &str) -> String {
    let nynorsk = m.malform == "Nynorsk";
    let language = if nynorsk { "nn" } else { "nb" };
    let slugs = |key: &str| -> Vec<&str> {
        config
            .taxonomies
            .iter()
            .filter(|t| t.key == key)
            .flat_map(|t| t.terms.iter().map(|term| term.slug.as_str()))
            .collect()
    };
    let model_types = slugs("modelltype");
    let target_groups = slugs("malgruppe");
    let mut o = String::from("---\n");
    comment(
        &mut o,
        "Et nytt eksempel til katalogen, laget med `katalog new`. Linjer som begynner med # er \
         forklaringer og kommer ikke med på nettstedet; du kan slette dem. Valgfrie nøkler står med \
         # foran: fjern # for å bruke dem. Skriv sammendraget (summary), se over resten, og kjør \
         `katalog check`. Veiledningen for redaktører står i content/README.md.",
    );
    described(&mut o, "title", "Skriv om teksten etter kolon.");
    let _ = writeln!(o, "title: \"{}: skriv hva eksemplet handler om\"", m.name);
    described(
        &mut o,
        "municipality",
        "Fylt ut av katalog fra kommunelisten for 2024, som nummeret, fylket og innbyggertallet under.",
    );
    let _ = writeln!(o, "municipality: {}", yaml_text(m.name));
    described(&mut o, "municipality_number", "");
    let _ = writeln!(o, "municipality_number: \"{}\"", m.number);
    described(&mut o, "county", "");
    let _ = writeln!(o, "county: {}", yaml_text(m.county));
    described(
        &mut o,
        "population",
        "Tallet er fra kommunelisten (om lag 1. januar 2024).",
    );
    let _ = writeln!(o, "population: {}", m.population);
    described(
        &mut o,
        "model_types",
        &format!(
            "Lovlige verdier: {}. Verdien under er bare et utgangspunkt: bytt den ut med den eller dem som passer.",
            model_types.join(", ")
        ),
    );
    let _ = writeln!(
        o,
        "model_types: [{}]",
        model_types.first().copied().unwrap_or("")
    );
    described(
        &mut o,
        "target_groups",
        &format!("Lovlige verdier: {}.", target_groups.join(", ")),
    );
    o.push_str("target_groups: []\n");
    described(
        &mut o,
        "summary",
        "Skriv sammendraget mellom anførselstegnene. Lengre tekst skriver du lettest med > og teksten \
         på linjene under, rykket inn med to mellomrom:",
    );
    o.push_str("#   summary: >\n#     Første linje av sammendraget,\n#     og resten av det.\n");
    o.push_str("summary: \"\"\n");
    described(&mut o, "period", "");
    o.push_str("# period: { start: 2022-06, end: 2023-12 }\n");
    described(&mut o, "grant_nok", "");
    o.push_str("# grant_nok: 300000\n");
    described(&mut o, "budget", "");
    o.push_str(
        "# budget:\n#   - period: Høst 2022 og vår 2023\n#     items:\n#       - { item: Folkemøter, nok: 50000 }\n#       - { item: Digital innbyggerdialog, nok: 100000 }\n",
    );
    described(&mut o, "sdgs", "");
    o.push_str("# sdgs: [16]\n");
    described(&mut o, "contact", "");
    o.push_str(
        "# contact: { name: Navn Navnesen, role: Rådgiver, email: postmottak@example.no }\n",
    );
    described(&mut o, "links", "");
    o.push_str("# links:\n#   - { title: Søknaden, url: \"https://www.example.no/soknad\" }\n");
    described(&mut o, "image", "");
    let _ = writeln!(
        o,
        "# image: {{ src: media/{}.jpg, alt: \"Beskriv hva bildet viser\" }}",
        slugify(m.name)
    );
    described(
        &mut o,
        "language",
        &format!(
            "Satt ut fra målformen {} har valgt ({}).",
            m.name,
            m.malform.to_lowercase()
        ),
    );
    let _ = writeln!(o, "language: {language}");
    described(
        &mut o,
        "date",
        "Sett dagens dato når du publiserer eksemplet (draft: false).",
    );
    let _ = writeln!(o, "date: {today}");
    described(&mut o, "updated", "");
    let _ = writeln!(o, "# updated: {today}");
    described(
        &mut o,
        "draft",
        "Et nytt eksempel er et utkast. Sett draft: false når teksten er klar til å publiseres.",
    );
    o.push_str("draft: true\n---\n");
    o.push_str(&sections(nynorsk));
    o
}

/// The body of a new case: a comment saying how to write it, then the suggested sections, each
/// with its prompt as a comment (also the editors' form's starting text).
pub fn sections(nynorsk: bool) -> String {
    let (intro, prompts) = if nynorsk {
        (
            "Skriv teksten under mellomtitlane. Den første, «Kopling til politisk organisering» og den siste må vere med;\nslett dei andre mellomtitlane du ikkje har noko å skrive under.\nKommentarane (som denne) syner ikkje på nettstaden.",
            &PROMPTS_NN,
        )
    } else {
        (
            "Skriv teksten under mellomtitlene. Den første, «Kobling til politisk organisering» og den siste må være med;\nslett de andre mellomtitlene du ikke har noe å skrive under.\nKommentarene (som denne) vises ikke på nettstedet.",
            &PROMPTS_NB,
        )
    };
    let mut o = format!("<!--\n{intro}\n-->\n");
    for (section, prompt) in SECTIONS.iter().zip(prompts) {
        let heading = if nynorsk { section.nn } else { section.nb };
        let _ = write!(o, "\n## {heading}\n\n<!-- {prompt} -->\n");
    }
    o
}

/// A name as YAML text: plain when safe, else in double quotes.
fn yaml_text(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        && !s.starts_with(['-', ' '])
        && ![
            "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
        ]
        .contains(&s.to_lowercase().as_str());
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::municipalities::registry;

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_737), "2024-01-15");
        assert_eq!(civil_date(19_782), "2024-02-29");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn slugs_of_targets() {
        assert_eq!(case_slug("eksempler/a-b").unwrap(), "a-b");
        assert_eq!(case_slug("content/eksempler/a-b.md").unwrap(), "a-b");
        assert!(
            case_slug("om")
                .unwrap_err()
                .contains("write eksempler/SLUG")
        );
        let e = case_slug("eksempler/Bø Panel").unwrap_err();
        assert!(e.contains("e.g. eksempler/bo-panel"), "{e}");
        assert!(case_slug("eksempler/a/b").is_err());
        assert!(case_slug("eksempler/").is_err());
    }

    #[test]
    fn finds_by_name_number_and_suggests() {
        let r = registry();
        assert_eq!(find(r, "Suldal").unwrap().number, "1134");
        assert_eq!(find(r, "suldal").unwrap().number, "1134");
        assert_eq!(find(r, "BODØ").unwrap().number, "1804");
        assert_eq!(find(r, "5607").unwrap().name, "Vadsø");
        assert_eq!(find(r, "Bø").unwrap().number, "1867");
        let e = find(r, "Sulldal").unwrap_err();
        assert!(e.contains("did you mean Suldal (1134, Rogaland)?"), "{e}");
        let e = find(r, "Herøy").unwrap_err();
        assert!(
            e.contains("Herøy (1515, Møre og Romsdal), Herøy (1818, Nordland)"),
            "{e}"
        );
        assert!(find(r, "Våler").unwrap_err().contains("3114"));
        assert!(
            find(r, "9999")
                .unwrap_err()
                .contains("not a municipality number")
        );
        let e = find(r, "Aurskog").unwrap_err();
        assert!(e.contains("Aurskog-Høland (3226"), "{e}");
        assert!(!find(r, "xyzzy").unwrap_err().contains("did you mean"));
    }

    #[test]
    fn every_case_key_is_explained_in_the_template() {
        let config = crate::config::parse(
            "content/katalog.yaml",
            "title: T\nbase_url: https://example.org/\ntaxonomies:\n  modelltype:\n    label: M\n    terms:\n      - { slug: a, label: A }\n  malgruppe:\n    label: G\n    terms: []\n",
        )
        .unwrap();
        let t = template(&config, find(registry(), "Suldal").unwrap(), "2026-01-02");
        for f in &CASE_FIELDS {
            assert!(
                t.contains(&format!("\n# {} (", f.name)),
                "{} is not explained",
                f.name
            );
            assert!(
                t.contains(&format!("\n{}:", f.name)) || t.contains(&format!("\n# {}:", f.name)),
                "{} has no line",
                f.name
            );
        }
        assert!(t.contains("language: nn\n"));
        assert!(t.contains("## Kjelder og usikkerheit"));
        assert!(t.lines().all(|l| l.chars().count() <= 110), "{t}");
    }
}
