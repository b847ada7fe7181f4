//! The shape of a case's body that the content contract asks for: its sections (h2) in the
//! contract's order, three of them required. A case that breaks the shape still builds: the
//! problems are warnings at the heading, so an editor can publish while the text grows.

use crate::diagnostics::{Diagnostic, Pos};
use crate::markdown::Heading;

/// A section of the contract: its heading in bokmål and in nynorsk, and whether every case
/// must have it.
pub struct Section {
    pub nb: &'static str,
    pub nn: &'static str,
    pub required: bool,
}

/// The contract's sections in their order (`docs/content-model.md`): the first opens every
/// case, the last closes it.
pub const SECTIONS: [Section; 8] = [
    section("Lokaldemokratimodellen", "Lokaldemokratimodellen", true),
    section("Politisk organisering", "Politisk organisering", false),
    section("Deltakingsformer", "Deltakingsformer", false),
    section("Digitale løsninger", "Digitale løysingar", false),
    section(
        "Kobling til politisk organisering",
        "Kopling til politisk organisering",
        true,
    ),
    section("Videreutvikling", "Vidareutvikling", false),
    section("Erfaringer", "Erfaringar", false),
    section("Kilder og usikkerhet", "Kjelder og usikkerheit", true),
];

const fn section(nb: &'static str, nn: &'static str, required: bool) -> Section {
    Section { nb, nn, required }
}

impl Section {
    fn name(&self, nynorsk: bool) -> &'static str {
        if nynorsk { self.nn } else { self.nb }
    }
}

/// The warnings for a case body whose sections are `toc` (the h2s that reach the page, in
/// order); `body` is where the body begins, for a body with no section at all. Headings the
/// contract does not name are the editor's own and pass.
pub fn check(path: &str, toc: &[Heading], body: Pos, nynorsk: bool) -> Vec<Diagnostic> {
    let key = "sections";
    let order = SECTIONS
        .iter()
        .map(|s| format!("\"{}\"", s.name(nynorsk)))
        .collect::<Vec<_>>()
        .join(", ");
    // The contract's sections this body has: (index in SECTIONS, heading).
    let known: Vec<(usize, &Heading)> = toc
        .iter()
        .filter_map(|h| {
            let title = h.title.trim().to_lowercase();
            let i = SECTIONS
                .iter()
                .position(|s| title == s.nb.to_lowercase() || title == s.nn.to_lowercase())?;
            Some((i, h))
        })
        .collect();
    let mut warnings = Vec::new();
    let mut latest: Option<(usize, &Heading)> = None;
    for &(i, h) in &known {
        let message = match latest {
            Some((before, prev)) if i == before => format!(
                "the section \"{}\" comes twice (first at line {}); make it one section",
                h.title, prev.pos.line
            ),
            Some((before, prev)) if i < before => format!(
                "the section \"{}\" comes after \"{}\" (line {}); move it so the sections follow the order {order}",
                h.title, prev.title, prev.pos.line
            ),
            _ => {
                latest = Some((i, h));
                continue;
            }
        };
        warnings.push(Diagnostic::warning(path, h.pos, key, message));
    }
    for (i, s) in SECTIONS.iter().enumerate().filter(|(_, s)| s.required) {
        if known.iter().any(|&(k, _)| k == i) {
            continue;
        }
        let name = s.name(nynorsk);
        // At the heading it should stand before, or after the last one when it comes last.
        let (pos, place) = match known.iter().find(|&&(k, _)| k > i) {
            Some((_, h)) => (h.pos, format!("before \"{}\"", h.title)),
            None => match toc.last() {
                Some(h) => (h.pos, format!("after \"{}\" and what follows it", h.title)),
                None => (body, "to the body".to_string()),
            },
        };
        let why = if i == 0 {
            "every case opens with it: what the model is, in two or three sentences"
        } else if i + 1 == SECTIONS.len() {
            "every case closes with it: what the sources cover, what they do not, what is uncertain"
        } else {
            "every case has it: how citizens' input reaches the elected bodies"
        };
        warnings.push(Diagnostic::warning(
            path,
            pos,
            key,
            format!("the section \"{name}\" is missing ({why}); add \"## {name}\" {place}"),
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toc(titles: &[(&str, u32)]) -> Vec<Heading> {
        titles
            .iter()
            .map(|&(t, line)| Heading {
                id: String::new(),
                title: t.to_string(),
                pos: Pos::new(line, 1),
            })
            .collect()
    }

    #[test]
    fn the_contracts_shape_passes_in_both_written_forms() {
        let nb = toc(&[
            ("Lokaldemokratimodellen", 10),
            ("Deltakingsformer", 14),
            ("Mitt eget avsnitt", 16),
            ("Kobling til politisk organisering", 20),
            ("Erfaringer", 24),
            ("Kilder og usikkerhet", 30),
        ]);
        assert!(check("a.md", &nb, Pos::new(5, 1), false).is_empty());
        let nn = toc(&[
            ("Lokaldemokratimodellen", 10),
            ("Kopling til politisk organisering", 20),
            ("Kjelder og usikkerheit", 30),
        ]);
        assert!(check("a.md", &nn, Pos::new(5, 1), true).is_empty());
    }

    #[test]
    fn a_missing_or_misplaced_section_is_a_warning_at_its_heading() {
        let w = check(
            "a.md",
            &toc(&[
                ("Kobling til politisk organisering", 10),
                ("Erfaringer", 14),
                ("Lokaldemokratimodellen", 20),
            ]),
            Pos::new(5, 1),
            false,
        );
        let lines: Vec<String> = w.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(lines[0].starts_with("a.md:20:1: warning[sections]: the section \"Lokaldemokratimodellen\" comes after \"Erfaringer\" (line 14)"), "{lines:#?}");
        assert!(
            lines[1].starts_with(
                "a.md:20:1: warning[sections]: the section \"Kilder og usikkerhet\" is missing"
            ),
            "{lines:#?}"
        );
        let none = check("a.md", &[], Pos::new(5, 1), true);
        assert_eq!(none.len(), 3);
        assert!(none.iter().all(|d| d.pos == Pos::new(5, 1)));
        assert!(
            none[0]
                .message
                .contains("\"Lokaldemokratimodellen\" is missing")
        );
        assert!(
            none[2]
                .message
                .contains("\"Kjelder og usikkerheit\" is missing")
        );
    }
}
