//! A case page as a printed handout: paper cannot be clicked, so each link of the body is
//! followed by its absolute address (shown only in print, themes' `.print-url`), and the page's
//! own address is a CSS string for the foot of every printed page, in a `<style>` element the
//! page's Content-Security-Policy allows by its hash.

/// `html` (a body rendered for a page `depth` folders below the root) with a print-only
/// `<span class="print-url"> (ADDRESS)</span>` after each link that leaves the page, its
/// address absolute from `base_url`. In-page links (`#…`) and links whose text already is the
/// address get none. A `<` in a rendered body always opens a tag (text and attribute values
/// have it escaped), and links do not nest.
pub(super) fn with_addresses(html: &str, base_url: &str, depth: usize) -> String {
    let root = "../".repeat(depth);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(open) = rest.find("<a ") {
        let Some(close) = rest[open..].find("</a>").map(|c| open + c) else {
            break;
        };
        let tag_end = rest[open..close].find('>').map_or(close, |e| open + e);
        let text = rest.get(tag_end + 1..close).unwrap_or("");
        out.push_str(&rest[..close + 4]);
        if let Some(address) = href(&rest[open..tag_end]).and_then(|h| absolute(h, base_url, &root))
            && text != address
        {
            out.push_str("<span class=\"print-url\"> (");
            out.push_str(&address);
            out.push_str(")</span>");
        }
        rest = &rest[close + 4..];
    }
    out.push_str(rest);
    out
}

/// The value of `href="…"` in an opening tag, as written (escaped).
fn href(tag: &str) -> Option<&str> {
    let start = tag.find(" href=\"")? + 7;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Where `href` leads, written out for paper: site paths from `base_url`, e-mail without
/// `mailto:`, other URLs as they are; `None` for a link within the page.
fn absolute(href: &str, base_url: &str, root: &str) -> Option<String> {
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    if let Some(mail) = href.strip_prefix("mailto:") {
        return Some(mail.to_string());
    }
    if href.contains("://") {
        return Some(href.to_string());
    }
    let path = href.strip_prefix(root).unwrap_or(href);
    Some(format!("{}{path}", crate::views::escape(base_url)))
}

/// `text` as a CSS string literal, safe inside `<style>`: quotes, backslashes, line breaks and
/// `<` (which could close the element) escaped.
pub(super) fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' | '\n' | '\r' => out.push_str(&format!("\\{:x} ", u32::from(c))),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The print style putting `address` (a CSS string) at the foot of every printed page.
pub(super) fn print_style(address: &str) -> String {
    format!("@page {{ @bottom-left {{ content: {address}; }} }}")
}

/// The Content-Security-Policy source that allows a `<style>` element holding exactly `css`:
/// `'sha256-BASE64'`.
pub(super) fn csp_hash(css: &str) -> String {
    use base64::Engine as _;
    let digest = ring::digest::digest(&ring::digest::SHA256, css.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest.as_ref())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_get_their_absolute_address_after_the_text() {
        let html = r##"<p><a href="../../eksempler/b/">Bergen</a>, <a href="#x">1</a>, <a href="https://k.no/a?b=1&amp;c=2" rel="external">K</a>, <a href="https://k.no/">https://k.no/</a>, <a href="mailto:a@k.no">skriv</a>.</p>"##;
        assert_eq!(
            with_addresses(html, "https://example.org/katalog/", 2),
            r##"<p><a href="../../eksempler/b/">Bergen</a><span class="print-url"> (https://example.org/katalog/eksempler/b/)</span>, <a href="#x">1</a>, <a href="https://k.no/a?b=1&amp;c=2" rel="external">K</a><span class="print-url"> (https://k.no/a?b=1&amp;c=2)</span>, <a href="https://k.no/">https://k.no/</a>, <a href="mailto:a@k.no">skriv</a><span class="print-url"> (a@k.no)</span>.</p>"##
        );
    }

    #[test]
    fn a_css_string_cannot_leave_its_quotes_or_the_style_element() {
        assert_eq!(
            css_string(r#"https://x.no/"a\</style>"#),
            r#""https://x.no/\"a\\\3c /style\3e ""#
        );
    }

    #[test]
    fn the_csp_hash_is_the_base64_sha256_of_the_style() {
        // echo -n 'a{}' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            csp_hash("a{}"),
            "'sha256-X1RutGBrXCt9KkSaXMK7tHftWiRscFHOhxsS8tv8hBk='"
        );
    }
}
